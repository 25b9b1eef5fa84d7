-- The audit log names what an action was done to, as it was named then (JSON of a localized name:
-- an association's name, a course's title), so that an entry still says which association once it
-- is renamed or deleted. Earlier entries have none.
ALTER TABLE audit_log ADD COLUMN target_name TEXT;
