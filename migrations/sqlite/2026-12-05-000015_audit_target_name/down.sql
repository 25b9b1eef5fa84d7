ALTER TABLE audit_log DROP COLUMN target_name;
