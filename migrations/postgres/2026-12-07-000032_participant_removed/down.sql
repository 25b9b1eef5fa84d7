ALTER TABLE conversation_participants DROP COLUMN removed;
