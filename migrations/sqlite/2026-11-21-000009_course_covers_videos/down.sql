ALTER TABLE course_lessons DROP COLUMN video_bytes;
ALTER TABLE course_lessons DROP COLUMN video;
ALTER TABLE courses DROP COLUMN cover;
