ALTER TABLE consultation_text_answers DROP COLUMN hidden_reason;
ALTER TABLE consultation_text_answers DROP COLUMN hidden_at;
ALTER TABLE proposal_events DROP COLUMN institution_id;
ALTER TABLE proposal_events DROP COLUMN custom_state;
ALTER TABLE proposals DROP COLUMN answer_custom_state;
ALTER TABLE proposals DROP COLUMN custom_state_institution_id;
ALTER TABLE proposals DROP COLUMN custom_state;
DROP TABLE proposal_states;
