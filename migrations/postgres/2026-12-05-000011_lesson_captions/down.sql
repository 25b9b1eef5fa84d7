DROP TABLE lesson_captions;
