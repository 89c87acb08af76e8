-- Back to one free-text job_role column: a key becomes its catalog title.
ALTER TABLE memberships DROP CONSTRAINT memberships_job_title_length;
ALTER TABLE invitations DROP CONSTRAINT invitations_job_title_length;

-- See the up migration: the owner needs FORCE lifted to see every row.
ALTER TABLE memberships NO FORCE ROW LEVEL SECURITY;
ALTER TABLE invitations NO FORCE ROW LEVEL SECURITY;

WITH catalog (key, title) AS (VALUES
    ('junior_engineer', 'Junior engineer'),
    ('engineer', 'Engineer'),
    ('senior_engineer', 'Senior engineer'),
    ('staff_engineer', 'Staff engineer'),
    ('architect', 'Architect'),
    ('senior_architect', 'Senior architect'),
    ('engineering_manager', 'Engineering manager')),
members AS (
    UPDATE memberships m SET job_title = c.title FROM catalog c WHERE c.key = m.job_role)
UPDATE invitations i SET job_title = c.title FROM catalog c WHERE c.key = i.job_role;

ALTER TABLE memberships FORCE ROW LEVEL SECURITY;
ALTER TABLE invitations FORCE ROW LEVEL SECURITY;

ALTER TABLE memberships DROP COLUMN job_role;
ALTER TABLE memberships RENAME COLUMN job_title TO job_role;
ALTER TABLE invitations DROP COLUMN job_role;
ALTER TABLE invitations RENAME COLUMN job_title TO job_role;
