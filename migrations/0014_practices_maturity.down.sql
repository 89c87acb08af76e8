DROP TABLE IF EXISTS maturity_survey_answers;
DROP TABLE IF EXISTS maturity_answers;
DROP TABLE IF EXISTS maturity_assessments;
DROP TABLE IF EXISTS practice_status;
