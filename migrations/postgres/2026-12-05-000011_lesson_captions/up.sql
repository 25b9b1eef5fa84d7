-- The captions of a video lesson's uploaded file: one WebVTT track per language, its storage key
-- (see api/src/storage.rs; a new key for each upload) and size in bytes. The rows go with the
-- lesson; the code that deletes a lesson, a module or a video forgets the files.
CREATE TABLE lesson_captions (
    lesson_id TEXT NOT NULL REFERENCES course_lessons (id) ON DELETE CASCADE,
    language TEXT NOT NULL CHECK (language IN ('ar', 'fr', 'en')),
    storage_key TEXT NOT NULL,
    bytes BIGINT NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (lesson_id, language)
);
