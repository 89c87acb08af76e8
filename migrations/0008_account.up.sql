-- The account area: each signed-in session of a user (to list them and end
-- the others) and pending email changes (confirmed by a link to the new
-- address). Both belong to one user and are reached through app.user_id
-- only, like user_events. Secrets are kept only as SHA-256: a session's
-- token as the sessions table keys it, an email change's link token.

CREATE TABLE user_sessions (
    user_id      bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    session_hash text NOT NULL,  -- base64url SHA-256 of the scs token (= sessions.token)
    epoch        integer NOT NULL, -- users.session_epoch when it began: older ones have ended
    created_at   timestamptz NOT NULL,
    last_seen_at timestamptz NOT NULL,
    user_agent   text NOT NULL DEFAULT '' CHECK (length(user_agent) <= 512),
    client_ip    text NOT NULL DEFAULT '' CHECK (length(client_ip) <= 64),
    PRIMARY KEY (user_id, session_hash)
);

ALTER TABLE user_sessions ENABLE ROW LEVEL SECURITY;
ALTER TABLE user_sessions FORCE ROW LEVEL SECURITY;
CREATE POLICY user_sessions_own ON user_sessions
    USING (user_id = NULLIF(current_setting('app.user_id', true), '')::bigint);

CREATE TABLE email_changes (
    user_id    bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash bytea NOT NULL UNIQUE CHECK (length(token_hash) = 32),
    new_email  text NOT NULL CHECK (new_email = lower(new_email) AND new_email LIKE '%_@_%' AND length(new_email) <= 254),
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    used_at    timestamptz,
    PRIMARY KEY (user_id, token_hash)
);

ALTER TABLE email_changes ENABLE ROW LEVEL SECURITY;
ALTER TABLE email_changes FORCE ROW LEVEL SECURITY;
CREATE POLICY email_changes_own ON email_changes
    USING (user_id = NULLIF(current_setting('app.user_id', true), '')::bigint);
