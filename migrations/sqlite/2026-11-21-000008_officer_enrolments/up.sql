-- Officers enrol their association's members in courses: who enrolled a learner, and through which
-- association (both empty when the learner enrolled themselves); and the course a notification is
-- about.
ALTER TABLE enrolments ADD COLUMN enrolled_by TEXT REFERENCES users (id) ON DELETE SET NULL;
ALTER TABLE enrolments ADD COLUMN association_id TEXT REFERENCES associations (id) ON DELETE SET NULL;
ALTER TABLE notifications ADD COLUMN course_id TEXT REFERENCES courses (id) ON DELETE SET NULL;
