-- Read-only share links of the roadmap (/share/{token}): an owner or admin
-- hands the roadmap to someone without an account (a board, an investor).
-- Like API tokens, only the SHA-256 of the secret is kept, with its last
-- four characters to tell links apart; every link expires, and revoking it
-- keeps the row so the settings page can list it.

CREATE TABLE share_links (
    org_id       bigint NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    id           bigint GENERATED ALWAYS AS IDENTITY,
    name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
    token_hash   bytea NOT NULL UNIQUE CHECK (length(token_hash) = 32),
    hint         text NOT NULL DEFAULT '' CHECK (length(hint) <= 4),
    created_by   bigint REFERENCES users (id) ON DELETE SET NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    expires_at   timestamptz NOT NULL,
    revoked_at   timestamptz,
    last_used_at timestamptz,
    PRIMARY KEY (org_id, id)
);
CREATE INDEX share_links_recent ON share_links (org_id, created_at DESC, id DESC);

ALTER TABLE share_links ENABLE ROW LEVEL SECURITY;
ALTER TABLE share_links FORCE ROW LEVEL SECURITY;
CREATE POLICY share_links_tenant ON share_links
    USING (org_id = NULLIF(current_setting('app.org_id', true), '')::bigint);
-- The anonymous visitor's path: the one link whose hash was presented, and
-- only to read it (the store then acts as its organization).
CREATE POLICY share_links_by_token ON share_links FOR SELECT
    USING (token_hash = decode(NULLIF(current_setting('app.token_hash', true), ''), 'hex'));
