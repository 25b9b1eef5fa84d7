-- What the public calendar's in-memory index needs to stay true (issue #14): the activities whose
-- view changed (the activity, its registrations' counts, its project's title, its association's
-- name), noted by triggers so that no write path can forget them, each under the version of the
-- transaction that changed it. A trigger notes version 0; the transaction gives its notes the next
-- version as it ends (`db::write_tx`), so that versions are taken in the order transactions commit
-- and a server that has read version n has every change up to n. Each server reads the version on a
-- calendar request and applies what came after the one it has. The job worker keeps the latest
-- 10,000 versions.
CREATE TABLE calendar_version (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    version BIGINT NOT NULL
);
INSERT INTO calendar_version (id, version) VALUES (1, 0);
CREATE TABLE calendar_changes (
    version BIGINT NOT NULL,
    activity_id TEXT NOT NULL
);
CREATE INDEX calendar_changes_by_version ON calendar_changes (version);

CREATE TRIGGER calendar_activity_inserted AFTER INSERT ON activities BEGIN
    INSERT INTO calendar_changes (version, activity_id) VALUES (0, NEW.id);
END;
CREATE TRIGGER calendar_activity_updated AFTER UPDATE ON activities BEGIN
    INSERT INTO calendar_changes (version, activity_id) VALUES (0, NEW.id);
END;
CREATE TRIGGER calendar_activity_deleted AFTER DELETE ON activities BEGIN
    INSERT INTO calendar_changes (version, activity_id) VALUES (0, OLD.id);
END;
CREATE TRIGGER calendar_registration_inserted AFTER INSERT ON activity_registrations BEGIN
    INSERT INTO calendar_changes (version, activity_id) VALUES (0, NEW.activity_id);
END;
CREATE TRIGGER calendar_registration_updated AFTER UPDATE ON activity_registrations BEGIN
    INSERT INTO calendar_changes (version, activity_id) VALUES (0, NEW.activity_id);
END;
CREATE TRIGGER calendar_registration_deleted AFTER DELETE ON activity_registrations BEGIN
    INSERT INTO calendar_changes (version, activity_id) VALUES (0, OLD.activity_id);
END;
CREATE TRIGGER calendar_project_renamed AFTER UPDATE OF title_ar, title_fr, title_en ON projects
WHEN OLD.title_ar IS NOT NEW.title_ar OR OLD.title_fr IS NOT NEW.title_fr OR OLD.title_en IS NOT NEW.title_en
BEGIN
    INSERT INTO calendar_changes (version, activity_id) SELECT 0, id FROM activities WHERE project_id = NEW.id;
END;
CREATE TRIGGER calendar_association_renamed AFTER UPDATE OF name_ar, name_fr, name_en ON associations
WHEN OLD.name_ar IS NOT NEW.name_ar OR OLD.name_fr IS NOT NEW.name_fr OR OLD.name_en IS NOT NEW.name_en
BEGIN
    INSERT INTO calendar_changes (version, activity_id) SELECT 0, id FROM activities WHERE association_id = NEW.id;
END;
