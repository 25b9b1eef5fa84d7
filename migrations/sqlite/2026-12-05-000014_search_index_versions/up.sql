-- Which version of the code made each search index's terms: a newer version (one that indexes more,
-- like the wilaya and commune names) rebuilds the terms at start and records its number here.
CREATE TABLE search_index_versions (
    name TEXT PRIMARY KEY,
    version INTEGER NOT NULL
);
INSERT INTO search_index_versions (name, version) VALUES ('associations', 1);
