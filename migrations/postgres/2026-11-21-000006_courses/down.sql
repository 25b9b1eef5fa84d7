DROP TABLE quiz_attempts;
DROP TABLE quizzes;
DROP TABLE lesson_completions;
DROP TABLE enrolments;
DROP TABLE course_lessons;
DROP TABLE course_modules;
DROP TABLE course_trainers;
DROP TABLE courses;
