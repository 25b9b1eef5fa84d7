DROP INDEX associations_updated_at;
DROP TABLE association_deletions;
