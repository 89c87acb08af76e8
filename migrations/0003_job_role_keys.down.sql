-- Back to one free-text job_role column: a key becomes its catalog title.
ALTER TABLE memberships DROP CONSTRAINT memberships_job_title_length;
ALTER TABLE invitations DROP CONSTRAINT invitations_job_title_length;


-- The owner is subject to the tenant policies too (FORCE), and a migration
-- sets no tenant: lift FORCE for the data change only, in this migration's
-- transaction, so the owner sees every organization's rows.
ALTER TABLE memberships NO FORCE ROW LEVEL SECURITY;
ALTER TABLE invitations NO FORCE ROW LEVEL SECURITY;
UPDATE memberships m SET job_title = coalesce(c.title, m.job_role)
    FROM (VALUES
        ('junior_engineer', 'Junior engineer'),
        ('engineer', 'Engineer'),
        ('senior_engineer', 'Senior engineer'),
        ('staff_engineer', 'Staff engineer'),
        ('architect', 'Architect'),
        ('senior_architect', 'Senior architect'),
        ('engineering_manager', 'Engineering manager')) AS c (key, title) WHERE c.key = m.job_role;
UPDATE invitations i SET job_title = coalesce(c.title, i.job_role)
    FROM (VALUES
        ('junior_engineer', 'Junior engineer'),
        ('engineer', 'Engineer'),
        ('senior_engineer', 'Senior engineer'),
        ('staff_engineer', 'Staff engineer'),
        ('architect', 'Architect'),
        ('senior_architect', 'Senior architect'),
        ('engineering_manager', 'Engineering manager')) AS c (key, title) WHERE c.key = i.job_role;
ALTER TABLE memberships FORCE ROW LEVEL SECURITY;
ALTER TABLE invitations FORCE ROW LEVEL SECURITY;

ALTER TABLE memberships DROP COLUMN job_role;
ALTER TABLE memberships RENAME COLUMN job_title TO job_role;
ALTER TABLE invitations DROP COLUMN job_role;
ALTER TABLE invitations RENAME COLUMN job_title TO job_role;
