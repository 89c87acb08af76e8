-- The roadmap's stakeholders (the guide's first tip, "identify key
-- stakeholders"): a register rated for interest and influence (1-5), and the
-- initiatives each one is affected by. Initiatives are derived, not stored,
-- so the link names an initiative by its stable key ("rule:subject", the key
-- decisions are kept under too); a key whose initiative is no longer derived
-- stays, and the page shows it as no longer on the roadmap. The CHECKs mirror
-- internal/roadmap/stakeholders.go.

CREATE TABLE stakeholders (
    org_id     bigint NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    id         bigint GENERATED ALWAYS AS IDENTITY,
    name       text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
    title      text NOT NULL DEFAULT '' CHECK (length(title) <= 120),
    interest   smallint NOT NULL CHECK (interest BETWEEN 1 AND 5),
    influence  smallint NOT NULL CHECK (influence BETWEEN 1 AND 5),
    notes      text NOT NULL DEFAULT '' CHECK (length(notes) <= 2000),
    version    integer NOT NULL DEFAULT 1 CHECK (version >= 1),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, id)
);
-- One person once per organization (names compared without case), so the
-- grid never shows the same dot twice.
CREATE UNIQUE INDEX stakeholders_name_unique ON stakeholders (org_id, lower(name));

ALTER TABLE stakeholders ENABLE ROW LEVEL SECURITY;
ALTER TABLE stakeholders FORCE ROW LEVEL SECURITY;
CREATE POLICY stakeholders_tenant ON stakeholders
    USING (org_id = NULLIF(current_setting('app.org_id', true), '')::bigint);

CREATE TABLE initiative_stakeholders (
    org_id         bigint NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    stakeholder_id bigint NOT NULL,
    initiative_key text NOT NULL CHECK (length(initiative_key) BETWEEN 1 AND 300),
    PRIMARY KEY (org_id, stakeholder_id, initiative_key),
    -- Same organization only; deleting the stakeholder deletes its links.
    FOREIGN KEY (org_id, stakeholder_id) REFERENCES stakeholders (org_id, id) ON DELETE CASCADE
);
-- The roadmap reads the stakeholders of its initiatives by key.
CREATE INDEX initiative_stakeholders_by_key ON initiative_stakeholders (org_id, initiative_key);

ALTER TABLE initiative_stakeholders ENABLE ROW LEVEL SECURITY;
ALTER TABLE initiative_stakeholders FORCE ROW LEVEL SECURITY;
CREATE POLICY initiative_stakeholders_tenant ON initiative_stakeholders
    USING (org_id = NULLIF(current_setting('app.org_id', true), '')::bigint);
