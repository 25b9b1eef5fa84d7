DROP TABLE course_terms;
