-- Also: the storage key of an association's logo (see api/src/storage.rs).
ALTER TABLE associations ADD COLUMN logo TEXT;

-- Invitations to join an association with a role, addressed to an email address. Whoever holds a
-- verified account with that address accepts or declines; officers revoke.
CREATE TABLE association_invitations (
    id TEXT PRIMARY KEY,
    association_id TEXT NOT NULL REFERENCES associations (id) ON DELETE CASCADE,
    -- Lower-cased, as accounts' emails are compared.
    email TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('admin', 'member')),
    message TEXT,
    status TEXT NOT NULL CHECK (status IN ('pending', 'accepted', 'declined', 'revoked', 'expired')),
    invited_by TEXT REFERENCES users (id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    decided_at TIMESTAMP
);
CREATE INDEX association_invitations_by_association ON association_invitations (association_id, status, created_at);
CREATE INDEX association_invitations_by_email ON association_invitations (email, status);
-- One pending invitation per address and association (a new one replaces an expired one).
CREATE UNIQUE INDEX association_invitations_one_pending ON association_invitations (association_id, email) WHERE status = 'pending';
