ALTER TABLE outbox_emails DROP COLUMN redact_after_send;
DROP TABLE jobs;
DROP TABLE rate_limits;
