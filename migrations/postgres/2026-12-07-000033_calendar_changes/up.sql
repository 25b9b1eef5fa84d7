-- What the public calendar's in-memory index needs to stay true (issue #14): the activities whose
-- view changed (the activity, its registrations' counts, its project's title, its association's
-- name), noted by triggers so that no write path can forget them, each under the version of the
-- transaction that changed it. A trigger notes version 0; the transaction gives its notes the next
-- version as it ends (`db::write_tx`): the version row is locked only then, so that versions are
-- taken in the order transactions commit (a server that has read version n has every change up to
-- n) and no transaction waits for it while holding other locks. Each server reads the version on a
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

CREATE FUNCTION calendar_changed() RETURNS trigger AS $$
BEGIN
    IF TG_TABLE_NAME = 'activities' THEN
        INSERT INTO calendar_changes (version, activity_id)
            VALUES (0, CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END);
    ELSIF TG_TABLE_NAME = 'activity_registrations' THEN
        INSERT INTO calendar_changes (version, activity_id)
            VALUES (0, CASE WHEN TG_OP = 'DELETE' THEN OLD.activity_id ELSE NEW.activity_id END);
    ELSIF TG_TABLE_NAME = 'projects' THEN
        INSERT INTO calendar_changes (version, activity_id) SELECT 0, id FROM activities WHERE project_id = NEW.id;
    ELSE
        INSERT INTO calendar_changes (version, activity_id) SELECT 0, id FROM activities WHERE association_id = NEW.id;
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER calendar_activity_changed AFTER INSERT OR UPDATE OR DELETE ON activities
    FOR EACH ROW EXECUTE FUNCTION calendar_changed();
CREATE TRIGGER calendar_registration_changed AFTER INSERT OR UPDATE OR DELETE ON activity_registrations
    FOR EACH ROW EXECUTE FUNCTION calendar_changed();
CREATE TRIGGER calendar_project_renamed AFTER UPDATE OF title_ar, title_fr, title_en ON projects
    FOR EACH ROW WHEN (OLD.title_ar IS DISTINCT FROM NEW.title_ar OR OLD.title_fr IS DISTINCT FROM NEW.title_fr
        OR OLD.title_en IS DISTINCT FROM NEW.title_en)
    EXECUTE FUNCTION calendar_changed();
CREATE TRIGGER calendar_association_renamed AFTER UPDATE OF name_ar, name_fr, name_en ON associations
    FOR EACH ROW WHEN (OLD.name_ar IS DISTINCT FROM NEW.name_ar OR OLD.name_fr IS DISTINCT FROM NEW.name_fr
        OR OLD.name_en IS DISTINCT FROM NEW.name_en)
    EXECUTE FUNCTION calendar_changed();
