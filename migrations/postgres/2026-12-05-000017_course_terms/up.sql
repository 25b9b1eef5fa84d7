-- The catalog searches like the directory: by the start of folded words (each course's words of
-- its title and summary in every language), not by LIKE over a text. Filled by the server at start
-- (search_index_versions 'courses') and on every write of a course.
CREATE TABLE course_terms (
    term TEXT NOT NULL,
    course_id TEXT NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
    PRIMARY KEY (term, course_id)
);
CREATE INDEX course_terms_by_course ON course_terms (course_id);
