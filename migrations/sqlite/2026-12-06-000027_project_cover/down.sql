ALTER TABLE projects DROP COLUMN cover;
