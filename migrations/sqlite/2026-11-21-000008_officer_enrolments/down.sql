ALTER TABLE notifications DROP COLUMN course_id;
ALTER TABLE enrolments DROP COLUMN association_id;
ALTER TABLE enrolments DROP COLUMN enrolled_by;
