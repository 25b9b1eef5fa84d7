-- Security review (issue #10) of the registry.

-- A registration number is unique among verified (and suspended) associations only: a pending
-- registration no longer holds it, so that nobody can squat a number by registering it.
ALTER TABLE associations DROP CONSTRAINT associations_registration_number_key;
CREATE INDEX associations_by_registration_number ON associations (registration_number, status);
CREATE UNIQUE INDEX associations_registration_number_held ON associations (registration_number)
    WHERE status IN ('verified', 'suspended');

-- An association's postal address is private unless it says otherwise, like its contacts: the
-- addresses already stored become private.
ALTER TABLE associations ADD COLUMN address_public BOOLEAN NOT NULL DEFAULT FALSE;

-- What an import's rows will do besides creating (taking a number over from a pending
-- registration): JSON like `errors`.
ALTER TABLE import_jobs ADD COLUMN notes TEXT NOT NULL DEFAULT '[]';
