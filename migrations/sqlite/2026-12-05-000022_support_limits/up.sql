-- A consultation may limit how many proposals each member supports, and set the number of
-- supports a proposal needs to be marked as having reached its threshold.
ALTER TABLE consultations ADD COLUMN support_limit INTEGER;
ALTER TABLE consultations ADD COLUMN support_threshold INTEGER;
