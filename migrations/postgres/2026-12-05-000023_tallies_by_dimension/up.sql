-- The results read one dimension's tallies (all respondents, or by wilaya, or by field): an index
-- on it, so that a request does not walk the breakdowns' rows too (most of the table).
CREATE INDEX consultation_tallies_by_dimension ON consultation_tallies (consultation_id, dimension, question_id);
