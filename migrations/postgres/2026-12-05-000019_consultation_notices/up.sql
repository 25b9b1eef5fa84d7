-- Notifications about a consultation (its opening, the reminder before it closes, its results),
-- and when each notice went out, so that a retried or rescheduled job sends it once.
ALTER TABLE notifications ADD COLUMN consultation_id TEXT REFERENCES consultations (id) ON DELETE CASCADE;
ALTER TABLE consultations ADD COLUMN opened_notified_at TIMESTAMP;
ALTER TABLE consultations ADD COLUMN reminded_at TIMESTAMP;
ALTER TABLE consultations ADD COLUMN results_notified_at TIMESTAMP;
