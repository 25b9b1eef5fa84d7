DROP TABLE consultation_text_answers;
DROP TABLE consultation_tallies;
DROP TABLE consultation_responses;
DROP TABLE consultation_organisers;
DROP TABLE consultations;
DROP TABLE institution_staff;
DROP TABLE institutions;
