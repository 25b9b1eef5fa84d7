-- Whether a person no longer in a group left it or was removed by the group's starter (issue #15):
-- `left_at` says when either happened, `removed` which of the two.
ALTER TABLE conversation_participants ADD COLUMN removed BOOLEAN NOT NULL DEFAULT FALSE;
