-- Capacity-building courses: the course, its trainers, modules and lessons; enrolments and the
-- lessons each learner has completed.
CREATE TABLE courses (
    id TEXT PRIMARY KEY,
    title_ar TEXT,
    title_fr TEXT,
    title_en TEXT,
    summary_ar TEXT,
    summary_fr TEXT,
    summary_en TEXT,
    -- Folded words of the title and summary in every language, for the catalog search.
    search_text TEXT NOT NULL,
    field TEXT NOT NULL,
    level TEXT NOT NULL CHECK (level IN ('beginner', 'intermediate', 'advanced')),
    -- Comma-separated language codes: 'ar,fr'.
    languages TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('draft', 'published', 'archived')),
    estimated_minutes INTEGER,
    starts_on DATE,
    ends_on DATE,
    capacity INTEGER,
    created_by TEXT REFERENCES users (id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CHECK (title_ar IS NOT NULL OR title_fr IS NOT NULL OR title_en IS NOT NULL)
);
CREATE INDEX courses_by_status ON courses (status, created_at, id);

CREATE TABLE course_trainers (
    course_id TEXT NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    added_at TIMESTAMP NOT NULL,
    PRIMARY KEY (course_id, user_id)
);
CREATE INDEX course_trainers_by_user ON course_trainers (user_id);

CREATE TABLE course_modules (
    id TEXT PRIMARY KEY,
    course_id TEXT NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    title_ar TEXT,
    title_fr TEXT,
    title_en TEXT
);
CREATE INDEX course_modules_by_course ON course_modules (course_id, position);

CREATE TABLE course_lessons (
    id TEXT PRIMARY KEY,
    course_id TEXT NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
    module_id TEXT NOT NULL REFERENCES course_modules (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('text', 'video', 'resource', 'link', 'quiz')),
    title_ar TEXT,
    title_fr TEXT,
    title_en TEXT,
    body_ar TEXT,
    body_fr TEXT,
    body_en TEXT,
    url TEXT,
    required BOOLEAN NOT NULL,
    estimated_minutes INTEGER,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX course_lessons_by_module ON course_lessons (module_id, position);
CREATE INDEX course_lessons_by_course ON course_lessons (course_id);

CREATE TABLE enrolments (
    course_id TEXT NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    enrolled_at TIMESTAMP NOT NULL,
    -- Every required lesson done (set once).
    completed_at TIMESTAMP,
    PRIMARY KEY (course_id, user_id)
);
CREATE INDEX enrolments_by_user ON enrolments (user_id, enrolled_at);

CREATE TABLE lesson_completions (
    lesson_id TEXT NOT NULL REFERENCES course_lessons (id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    course_id TEXT NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
    completed_at TIMESTAMP NOT NULL,
    PRIMARY KEY (lesson_id, user_id)
);
CREATE INDEX lesson_completions_by_learner ON lesson_completions (user_id, course_id);

-- A quiz lesson's settings and questions (with their answers: never sent to learners), as JSON.
CREATE TABLE quizzes (
    lesson_id TEXT PRIMARY KEY REFERENCES course_lessons (id) ON DELETE CASCADE,
    course_id TEXT NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
    pass_percent INTEGER NOT NULL,
    max_attempts INTEGER,
    time_limit_minutes INTEGER,
    shuffle BOOLEAN NOT NULL,
    show_answers BOOLEAN NOT NULL,
    questions TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

-- Every attempt at a quiz: the questions in the order shown, the answers given and the grading.
CREATE TABLE quiz_attempts (
    id TEXT PRIMARY KEY,
    lesson_id TEXT NOT NULL REFERENCES course_lessons (id) ON DELETE CASCADE,
    course_id TEXT NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    question_order TEXT NOT NULL,
    started_at TIMESTAMP NOT NULL,
    deadline TIMESTAMP,
    submitted_at TIMESTAMP,
    answers TEXT,
    score INTEGER,
    max_score INTEGER,
    passed BOOLEAN
);
CREATE INDEX quiz_attempts_by_learner ON quiz_attempts (lesson_id, user_id, started_at);
