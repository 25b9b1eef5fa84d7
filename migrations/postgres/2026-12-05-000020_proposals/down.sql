DROP TABLE proposal_events;
DROP TABLE proposal_supports;
DROP TABLE proposals;
ALTER TABLE consultations DROP COLUMN proposals_enabled;
