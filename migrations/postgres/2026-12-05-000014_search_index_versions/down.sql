DROP TABLE search_index_versions;
