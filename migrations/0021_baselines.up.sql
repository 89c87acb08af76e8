-- Roadmap baselines: the derived roadmap saved under a name ("Q1 board
-- review") to compare later readings against. items is the list as
-- roadmap.BaselineItem holds it (key, title, rank, phase, quarter, status),
-- a snapshot that later derivations never rewrite. Names are unique per
-- organization without case; the count per organization is capped by the
-- store (roadmap.MaxBaselines).

CREATE TABLE roadmap_baselines (
    org_id     bigint NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    id         bigint GENERATED ALWAYS AS IDENTITY,
    name       text NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
    items      jsonb NOT NULL CHECK (jsonb_typeof(items) = 'array'),
    created_by bigint REFERENCES users (id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, id)
);
CREATE UNIQUE INDEX roadmap_baselines_name_unique ON roadmap_baselines (org_id, lower(name));
CREATE INDEX roadmap_baselines_by_date ON roadmap_baselines (org_id, created_at DESC, id DESC);

ALTER TABLE roadmap_baselines ENABLE ROW LEVEL SECURITY;
ALTER TABLE roadmap_baselines FORCE ROW LEVEL SECURITY;
CREATE POLICY roadmap_baselines_tenant ON roadmap_baselines
    USING (org_id = NULLIF(current_setting('app.org_id', true), '')::bigint);
