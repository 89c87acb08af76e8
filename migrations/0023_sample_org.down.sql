DELETE FROM users WHERE sample_org_id IS NOT NULL;
ALTER TABLE organizations NO FORCE ROW LEVEL SECURITY;
DELETE FROM organizations WHERE is_sample;
ALTER TABLE organizations FORCE ROW LEVEL SECURITY;
ALTER TABLE users DROP COLUMN IF EXISTS sample_org_id;
ALTER TABLE organizations DROP COLUMN IF EXISTS sample_owner_id, DROP COLUMN IF EXISTS is_sample;
