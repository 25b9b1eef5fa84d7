DROP TABLE member_events;
DROP TABLE member_event_heads;
DROP TABLE messaging_settings;
DROP TABLE member_blocks;
DROP TABLE messages;
DROP TABLE conversation_participants;
DROP TABLE conversations;
