-- The sample organization (issue 16): fictional data a user explores before
-- entering their own. is_sample labels it on every page; sample_owner_id is
-- the one user it was made for (at most one sample each, and it goes when
-- they delete their account). Its fictional members are placeholder users
-- without usable accounts, tied to it by users.sample_org_id so that
-- deleting the organization deletes them too.
ALTER TABLE organizations
    ADD COLUMN is_sample boolean NOT NULL DEFAULT false,
    ADD COLUMN sample_owner_id bigint UNIQUE REFERENCES users (id) ON DELETE CASCADE,
    ADD CONSTRAINT organizations_sample_owner CHECK (is_sample = (sample_owner_id IS NOT NULL));

ALTER TABLE users
    ADD COLUMN sample_org_id bigint REFERENCES organizations (id) ON DELETE CASCADE,
    -- A placeholder's address is reserved and undeliverable (RFC 6761).
    ADD CONSTRAINT users_sample_email CHECK (sample_org_id IS NULL OR email LIKE '%@sample.invalid');
CREATE INDEX users_sample_org_idx ON users (sample_org_id) WHERE sample_org_id IS NOT NULL;
