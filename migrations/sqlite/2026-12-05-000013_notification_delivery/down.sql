DROP TABLE notification_settings;
DROP INDEX notifications_unread;
ALTER TABLE notifications DROP COLUMN actor_id;
