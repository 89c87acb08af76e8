-- The audit log: every state change by a person or a token, per
-- organization (a tenant table under RLS), and the security events of each
-- user (logins, failures, resets, sessions ended, organizations deleted),
-- which outlive the organizations they mention. Both are append-only for the
-- application: it may insert and read, never change or delete. Entries hold
-- who, what, on what, from where (client IP, request id): never a secret.

CREATE TABLE audit_events (
    org_id         bigint NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    id             bigint GENERATED ALWAYS AS IDENTITY,
    at             timestamptz NOT NULL,
    actor_user_id  bigint REFERENCES users (id) ON DELETE SET NULL,
    actor_token_id bigint,
    actor          text NOT NULL CHECK (length(actor) <= 300), -- name and email, or token name, at the time
    action         text NOT NULL CHECK (action ~ '^[a-z_]+\.[a-z_]+$'),
    target         text NOT NULL DEFAULT '' CHECK (length(target) <= 500),
    client_ip      text NOT NULL DEFAULT '' CHECK (length(client_ip) <= 64),
    request_id     text NOT NULL DEFAULT '' CHECK (length(request_id) <= 128),
    PRIMARY KEY (org_id, id)
);
CREATE INDEX audit_events_recent ON audit_events (org_id, id DESC);
CREATE INDEX audit_events_action ON audit_events (org_id, action, id DESC);

ALTER TABLE audit_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_events FORCE ROW LEVEL SECURITY;
CREATE POLICY audit_events_tenant ON audit_events
    USING (org_id = NULLIF(current_setting('app.org_id', true), '')::bigint);
REVOKE UPDATE, DELETE, TRUNCATE ON audit_events FROM headway_app;

CREATE TABLE user_events (
    user_id    bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    id         bigint GENERATED ALWAYS AS IDENTITY,
    at         timestamptz NOT NULL,
    action     text NOT NULL CHECK (action ~ '^[a-z_]+\.[a-z_]+$'),
    detail     text NOT NULL DEFAULT '' CHECK (length(detail) <= 500),
    client_ip  text NOT NULL DEFAULT '' CHECK (length(client_ip) <= 64),
    request_id text NOT NULL DEFAULT '' CHECK (length(request_id) <= 128),
    PRIMARY KEY (user_id, id)
);

-- A user's events are reached through app.user_id only, like their memberships.
ALTER TABLE user_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE user_events FORCE ROW LEVEL SECURITY;
CREATE POLICY user_events_own ON user_events
    USING (user_id = NULLIF(current_setting('app.user_id', true), '')::bigint);
REVOKE UPDATE, DELETE, TRUNCATE ON user_events FROM headway_app;
