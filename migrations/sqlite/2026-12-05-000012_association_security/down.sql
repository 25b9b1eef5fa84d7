-- Fails if two associations share a registration number: settle them first.
PRAGMA foreign_keys = OFF;
BEGIN;
ALTER TABLE import_jobs DROP COLUMN notes;
CREATE TABLE associations_rebuilt (
    id TEXT PRIMARY KEY,
    name_ar TEXT,
    name_fr TEXT,
    name_en TEXT,
    sort_name TEXT NOT NULL,
    acronym TEXT,
    registration_number TEXT NOT NULL UNIQUE,
    category TEXT NOT NULL CHECK (category IN ('national', 'inter_wilaya', 'wilaya', 'communal')),
    wilaya_code TEXT NOT NULL REFERENCES wilayas (code),
    commune_id INTEGER REFERENCES communes (id),
    address TEXT,
    founded_on DATE,
    size_band TEXT NOT NULL CHECK (size_band IN ('tiny', 'small', 'medium', 'large', 'very_large')),
    description_ar TEXT,
    description_fr TEXT,
    description_en TEXT,
    contacts TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'verified', 'rejected', 'suspended')),
    status_reason TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    logo TEXT,
    CHECK (name_ar IS NOT NULL OR name_fr IS NOT NULL OR name_en IS NOT NULL)
);
INSERT INTO associations_rebuilt
SELECT
    id, name_ar, name_fr, name_en, sort_name, acronym, registration_number, category, wilaya_code,
    commune_id, address, founded_on, size_band, description_ar, description_fr, description_en,
    contacts, status, status_reason, created_at, updated_at, logo
FROM associations;
DROP TABLE associations;
ALTER TABLE associations_rebuilt RENAME TO associations;
CREATE INDEX associations_by_name ON associations (sort_name, id);
CREATE INDEX associations_by_created ON associations (created_at, id);
CREATE INDEX associations_by_wilaya ON associations (wilaya_code, commune_id);
CREATE INDEX associations_by_status ON associations (status, created_at);
COMMIT;
PRAGMA foreign_keys = ON;
