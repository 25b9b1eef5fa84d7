ALTER TABLE consultations DROP COLUMN support_threshold;
ALTER TABLE consultations DROP COLUMN support_limit;
