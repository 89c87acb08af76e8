-- Job roles become keys of the catalog in internal/roadmap (roles.go), since
-- the skills matrix joins a member's job role to the required levels on it.
-- job_role now holds a catalog key or NULL; job_title keeps a free-text title
-- that matches no key. Titles typed before this migration that match a
-- catalog title or key (any case, spaces trimmed) become that key.

ALTER TABLE memberships RENAME COLUMN job_role TO job_title;
ALTER TABLE memberships ADD COLUMN job_role text CHECK (job_role ~ '^[a-z][a-z_]*$');
ALTER TABLE invitations RENAME COLUMN job_role TO job_title;
ALTER TABLE invitations ADD COLUMN job_role text CHECK (job_role ~ '^[a-z][a-z_]*$');

-- The owner is subject to the tenant policies too (FORCE), and a migration
-- sets no tenant: lift FORCE for the data change only, in this migration's
-- transaction, so the owner sees every organization's rows.
ALTER TABLE memberships NO FORCE ROW LEVEL SECURITY;
ALTER TABLE invitations NO FORCE ROW LEVEL SECURITY;

-- The catalog as it is at this migration (a later catalog change migrates
-- its own rows).
WITH catalog (key, title) AS (VALUES
    ('junior_engineer', 'Junior engineer'),
    ('engineer', 'Engineer'),
    ('senior_engineer', 'Senior engineer'),
    ('staff_engineer', 'Staff engineer'),
    ('architect', 'Architect'),
    ('senior_architect', 'Senior architect'),
    ('engineering_manager', 'Engineering manager')),
members AS (
    UPDATE memberships m SET job_role = c.key, job_title = '' FROM catalog c
    WHERE lower(btrim(m.job_title)) IN (lower(c.title), c.key))
UPDATE invitations i SET job_role = c.key, job_title = '' FROM catalog c
    WHERE lower(btrim(i.job_title)) IN (lower(c.title), c.key);

ALTER TABLE memberships FORCE ROW LEVEL SECURITY;
ALTER TABLE invitations FORCE ROW LEVEL SECURITY;

-- A custom title stays within the length the forms allow.
ALTER TABLE memberships ADD CONSTRAINT memberships_job_title_length CHECK (length(job_title) <= 100) NOT VALID;
ALTER TABLE invitations ADD CONSTRAINT invitations_job_title_length CHECK (length(job_title) <= 100) NOT VALID;
