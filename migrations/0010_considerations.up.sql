-- Step 1's considerations: per organization, the engineering team's size
-- today and planned in 12 months (the roadmap's capacity reads them) and
-- the answers to the four questions (a verdict and notes each). One row per
-- organization, written on the first save; until then the page offers the
-- member count as the team size. version guards against lost updates, as on
-- stack items.

CREATE TABLE stack_considerations (
    org_id              bigint PRIMARY KEY REFERENCES organizations (id) ON DELETE CASCADE,
    team_size           integer NOT NULL CHECK (team_size BETWEEN 1 AND 100000),
    planned_team_size   integer NOT NULL CHECK (planned_team_size BETWEEN 1 AND 100000),
    team_verdict        text NOT NULL DEFAULT 'unknown' CHECK (team_verdict IN ('ok', 'concern', 'unknown')),
    team_notes          text NOT NULL DEFAULT '' CHECK (length(team_notes) <= 2000),
    cost_verdict        text NOT NULL DEFAULT 'unknown' CHECK (cost_verdict IN ('ok', 'concern', 'unknown')),
    cost_notes          text NOT NULL DEFAULT '' CHECK (length(cost_notes) <= 2000),
    scalability_verdict text NOT NULL DEFAULT 'unknown' CHECK (scalability_verdict IN ('ok', 'concern', 'unknown')),
    scalability_notes   text NOT NULL DEFAULT '' CHECK (length(scalability_notes) <= 2000),
    support_verdict     text NOT NULL DEFAULT 'unknown' CHECK (support_verdict IN ('ok', 'concern', 'unknown')),
    support_notes       text NOT NULL DEFAULT '' CHECK (length(support_notes) <= 2000),
    version             integer NOT NULL DEFAULT 1 CHECK (version >= 1),
    updated_at          timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE stack_considerations ENABLE ROW LEVEL SECURITY;
ALTER TABLE stack_considerations FORCE ROW LEVEL SECURITY;
CREATE POLICY stack_considerations_tenant ON stack_considerations
    USING (org_id = NULLIF(current_setting('app.org_id', true), '')::bigint);
