DROP TRIGGER calendar_activity_changed ON activities;
DROP TRIGGER calendar_registration_changed ON activity_registrations;
DROP TRIGGER calendar_project_renamed ON projects;
DROP TRIGGER calendar_association_renamed ON associations;
DROP FUNCTION calendar_changed();
DROP TABLE calendar_changes;
DROP TABLE calendar_version;
