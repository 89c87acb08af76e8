-- Team: invitations, password resets, API tokens.
--
-- Secrets are never stored: an invitation token is derived from a random
-- nonce with the server's secret key (so the team page can show the link
-- again), reset and API tokens are random; all are looked up by SHA-256 hash.
-- The cross-tenant lookup by hash is narrow: a policy admits the one row whose
-- hash equals the transaction-local app.token_hash.

CREATE TABLE invitations (
    org_id      bigint NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    id          bigint GENERATED ALWAYS AS IDENTITY,
    email       text NOT NULL CHECK (email = lower(email)),
    role        text NOT NULL CHECK (role IN ('admin', 'member')),
    job_role    text NOT NULL DEFAULT '',
    nonce       bytea NOT NULL,
    token_hash  bytea NOT NULL UNIQUE,
    invited_by  bigint REFERENCES users (id) ON DELETE SET NULL,
    sent_at     timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL,
    accepted_at timestamptz,
    accepted_by bigint REFERENCES users (id) ON DELETE SET NULL,
    revoked_at  timestamptz,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, id)
);
-- At most one pending invitation per email and organization.
CREATE UNIQUE INDEX invitations_pending_email ON invitations (org_id, email)
    WHERE accepted_at IS NULL AND revoked_at IS NULL;

ALTER TABLE invitations ENABLE ROW LEVEL SECURITY;
ALTER TABLE invitations FORCE ROW LEVEL SECURITY;
CREATE POLICY invitations_tenant ON invitations
    USING (org_id = NULLIF(current_setting('app.org_id', true), '')::bigint);
CREATE POLICY invitations_by_token ON invitations FOR SELECT
    USING (token_hash = decode(NULLIF(current_setting('app.token_hash', true), ''), 'hex'));

CREATE TABLE api_tokens (
    org_id       bigint NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    id           bigint GENERATED ALWAYS AS IDENTITY,
    name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    token_hash   bytea NOT NULL UNIQUE,
    created_by   bigint REFERENCES users (id) ON DELETE SET NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_used_at timestamptz,
    expires_at   timestamptz,
    revoked_at   timestamptz,
    PRIMARY KEY (org_id, id)
);

ALTER TABLE api_tokens ENABLE ROW LEVEL SECURITY;
ALTER TABLE api_tokens FORCE ROW LEVEL SECURITY;
CREATE POLICY api_tokens_tenant ON api_tokens
    USING (org_id = NULLIF(current_setting('app.org_id', true), '')::bigint);
CREATE POLICY api_tokens_by_token ON api_tokens FOR SELECT
    USING (token_hash = decode(NULLIF(current_setting('app.token_hash', true), ''), 'hex'));

-- Password resets belong to a user, not a tenant.
CREATE TABLE password_resets (
    token_hash bytea PRIMARY KEY,
    user_id    bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    expires_at timestamptz NOT NULL,
    used_at    timestamptz,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX password_resets_user_idx ON password_resets (user_id);

-- Bumped by a password reset: sessions remember the epoch they were created
-- in, and older ones are refused, which ends every other session of the user.
ALTER TABLE users ADD COLUMN session_epoch integer NOT NULL DEFAULT 0;
