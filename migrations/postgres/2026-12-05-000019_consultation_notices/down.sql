ALTER TABLE consultations DROP COLUMN results_notified_at;
ALTER TABLE consultations DROP COLUMN reminded_at;
ALTER TABLE consultations DROP COLUMN opened_notified_at;
ALTER TABLE notifications DROP COLUMN consultation_id;
