-- The directory's search runs on an index each instance holds in memory. An instance follows the
-- others' writes through `updated_at` (every write of an association sets it) and through the
-- deletions recorded here (a deleted row leaves nothing to read); old entries are swept after a day.
CREATE TABLE association_deletions (
    association_id TEXT NOT NULL,
    deleted_at TIMESTAMP NOT NULL
);
CREATE INDEX association_deletions_at ON association_deletions (deleted_at);
CREATE INDEX associations_updated_at ON associations (updated_at);
