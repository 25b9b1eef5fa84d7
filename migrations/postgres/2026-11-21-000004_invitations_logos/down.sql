DROP TABLE association_invitations;
ALTER TABLE associations DROP COLUMN logo;
