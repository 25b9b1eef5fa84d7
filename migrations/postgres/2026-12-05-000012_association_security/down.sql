-- Fails if two associations share a registration number: settle them first.
ALTER TABLE import_jobs DROP COLUMN notes;
ALTER TABLE associations DROP COLUMN address_public;
DROP INDEX associations_registration_number_held;
DROP INDEX associations_by_registration_number;
ALTER TABLE associations ADD CONSTRAINT associations_registration_number_key UNIQUE (registration_number);
