DROP TABLE circle_attachments;
