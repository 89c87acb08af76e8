-- The roadmap's decisions: what people decided about a derived initiative,
-- stored by its key (rule:subject), apart from the derivation, so a
-- decision survives re-deriving the roadmap from new data. The CHECKs
-- mirror the domain's Validate (internal/roadmap/plan.go).
CREATE TABLE roadmap_decisions (
    org_id            bigint NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    key               text NOT NULL CHECK (length(key) BETWEEN 3 AND 200),
    status            text NOT NULL DEFAULT 'proposed'
                      CHECK (status IN ('proposed', 'accepted', 'in_progress', 'done', 'dismissed')),
    -- A member's user id; nulled when the user is deleted (a member who
    -- left the organization is shown as nobody by the page).
    owner_id          bigint REFERENCES users (id) ON DELETE SET NULL,
    quarter           text NOT NULL DEFAULT '' CHECK (quarter = '' OR quarter ~ '^[0-9]{4} Q[1-4]$'),
    notes             text NOT NULL DEFAULT '' CHECK (length(notes) <= 4000),
    title             text NOT NULL DEFAULT '' CHECK (length(title) <= 300),
    -- The initiative's KPIs when it was first committed to: {"<kpi>": {"value": n, "text": "..."}}.
    kpis_at_acceptance jsonb,
    accepted_at       timestamptz,
    status_changed_at timestamptz NOT NULL DEFAULT now(),
    version           integer NOT NULL DEFAULT 1 CHECK (version >= 1),
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, key)
);

ALTER TABLE roadmap_decisions ENABLE ROW LEVEL SECURITY;
ALTER TABLE roadmap_decisions FORCE ROW LEVEL SECURITY;
CREATE POLICY roadmap_decisions_tenant ON roadmap_decisions
    USING (org_id = NULLIF(current_setting('app.org_id', true), '')::bigint);

-- Initiatives added by hand (key custom:<id>); their status, owner and notes
-- live in roadmap_decisions like every other initiative's.
CREATE TABLE roadmap_initiatives (
    org_id     bigint NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    id         bigint GENERATED ALWAYS AS IDENTITY,
    title      text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    category   text NOT NULL CHECK (category IN ('tech_debt', 'opportunity', 'stack', 'skills', 'automation', 'scaling',
                                                 'monitoring', 'delivery', 'culture')),
    effort     text NOT NULL CHECK (effort IN ('xs', 's', 'm', 'l', 'xl')),
    value      smallint NOT NULL CHECK (value IN (1, 2, 3, 5, 8, 13, 20)),
    quarter    text NOT NULL DEFAULT '' CHECK (quarter = '' OR quarter ~ '^[0-9]{4} Q[1-4]$'),
    notes      text NOT NULL DEFAULT '' CHECK (length(notes) <= 4000),
    version    integer NOT NULL DEFAULT 1 CHECK (version >= 1),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, id)
);

ALTER TABLE roadmap_initiatives ENABLE ROW LEVEL SECURITY;
ALTER TABLE roadmap_initiatives FORCE ROW LEVEL SECURITY;
CREATE POLICY roadmap_initiatives_tenant ON roadmap_initiatives
    USING (org_id = NULLIF(current_setting('app.org_id', true), '')::bigint);

-- The share of engineering time for improvement work the schedule counts
-- (set in the organization's settings); 20 % is a day a week.
ALTER TABLE organizations
    ADD COLUMN improvement_share numeric(3,2) NOT NULL DEFAULT 0.20
        CHECK (improvement_share >= 0.05 AND improvement_share <= 1);
