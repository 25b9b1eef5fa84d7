DROP TABLE message_attachments;
