-- Security review (issue #10) of the registry.
PRAGMA foreign_keys = OFF;
BEGIN;

-- A registration number is unique among verified (and suspended) associations only: a pending
-- registration no longer holds it, so that nobody can squat a number by registering it. SQLite
-- cannot drop a UNIQUE constraint: the table is rebuilt without it (its rows, ids and references
-- kept), with the new column below.
-- An association's postal address is private unless it says otherwise, like its contacts: the
-- addresses already stored become private (address_public).
CREATE TABLE associations_rebuilt (
    id TEXT PRIMARY KEY,
    name_ar TEXT,
    name_fr TEXT,
    name_en TEXT,
    -- The folded name, for ordering by name and for the name cursor.
    sort_name TEXT NOT NULL,
    acronym TEXT,
    registration_number TEXT NOT NULL,
    category TEXT NOT NULL CHECK (category IN ('national', 'inter_wilaya', 'wilaya', 'communal')),
    wilaya_code TEXT NOT NULL REFERENCES wilayas (code),
    commune_id INTEGER REFERENCES communes (id),
    address TEXT,
    founded_on DATE,
    size_band TEXT NOT NULL CHECK (size_band IN ('tiny', 'small', 'medium', 'large', 'very_large')),
    description_ar TEXT,
    description_fr TEXT,
    description_en TEXT,
    -- JSON: {"email": {...}, "phone": {...}, "website": {...}, "social_links": [...]}, each with `public`.
    contacts TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'verified', 'rejected', 'suspended')),
    status_reason TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    logo TEXT,
    address_public BOOLEAN NOT NULL DEFAULT 0,
    CHECK (name_ar IS NOT NULL OR name_fr IS NOT NULL OR name_en IS NOT NULL)
);
INSERT INTO associations_rebuilt (
    id, name_ar, name_fr, name_en, sort_name, acronym, registration_number, category, wilaya_code,
    commune_id, address, founded_on, size_band, description_ar, description_fr, description_en,
    contacts, status, status_reason, created_at, updated_at, logo, address_public
)
SELECT
    id, name_ar, name_fr, name_en, sort_name, acronym, registration_number, category, wilaya_code,
    commune_id, address, founded_on, size_band, description_ar, description_fr, description_en,
    contacts, status, status_reason, created_at, updated_at, logo, 0
FROM associations;
DROP TABLE associations;
ALTER TABLE associations_rebuilt RENAME TO associations;
CREATE INDEX associations_by_name ON associations (sort_name, id);
CREATE INDEX associations_by_created ON associations (created_at, id);
CREATE INDEX associations_by_wilaya ON associations (wilaya_code, commune_id);
CREATE INDEX associations_by_status ON associations (status, created_at);
CREATE INDEX associations_by_registration_number ON associations (registration_number, status);
CREATE UNIQUE INDEX associations_registration_number_held ON associations (registration_number)
    WHERE status IN ('verified', 'suspended');

-- What an import's rows will do besides creating (taking a number over from a pending
-- registration): JSON like `errors`.
ALTER TABLE import_jobs ADD COLUMN notes TEXT NOT NULL DEFAULT '[]';

COMMIT;
PRAGMA foreign_keys = ON;
