ALTER TABLE outbox_emails DROP COLUMN unsubscribe_url;
DROP INDEX notifications_digest_waiting;
ALTER TABLE notifications DROP COLUMN digested_at;
ALTER TABLE notifications DROP COLUMN digest;
ALTER TABLE notifications DROP COLUMN in_app;
ALTER TABLE notification_settings DROP COLUMN time_zone;
DROP TABLE notification_preferences;
