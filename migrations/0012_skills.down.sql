-- The new job roles go back to the free-text titles they came from.
ALTER TABLE memberships NO FORCE ROW LEVEL SECURITY;
ALTER TABLE invitations NO FORCE ROW LEVEL SECURITY;
WITH new_role (key, title) AS (VALUES
    ('software_engineer', 'Software engineer'),
    ('sre', 'Site reliability engineer'),
    ('platform_engineer', 'Platform engineer')),
members AS (
    UPDATE memberships m SET job_role = NULL, job_title = r.title FROM new_role r WHERE m.job_role = r.key)
UPDATE invitations i SET job_role = NULL, job_title = r.title FROM new_role r WHERE i.job_role = r.key;
ALTER TABLE memberships FORCE ROW LEVEL SECURITY;
ALTER TABLE invitations FORCE ROW LEVEL SECURITY;

DROP TABLE IF EXISTS skill_ratings;
DROP TABLE IF EXISTS skill_requirements;
DROP TABLE IF EXISTS skills;
