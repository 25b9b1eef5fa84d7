-- A project's cover picture: its storage key, changed only by its own requests.
ALTER TABLE projects ADD COLUMN cover TEXT;
