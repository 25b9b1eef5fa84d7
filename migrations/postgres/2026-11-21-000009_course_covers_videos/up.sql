-- A course's cover picture, and a video lesson's uploaded file with its size in bytes: storage keys
-- (see api/src/storage.rs), changed only by their own requests.
ALTER TABLE courses ADD COLUMN cover TEXT;
ALTER TABLE course_lessons ADD COLUMN video TEXT;
ALTER TABLE course_lessons ADD COLUMN video_bytes BIGINT;
