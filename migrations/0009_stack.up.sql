-- Step 1, the tech-stack audit: the inventory (stack items) and the findings
-- on it (tech debt and growth opportunities). The CHECKs mirror the domain's
-- Validate (internal/roadmap/stack.go), so a row the domain would refuse
-- cannot be stored by any door. Money and hours are numeric (exact); the
-- store reads them as float8. version counts the row's updates: a PUT or an
-- edit form carries the version it read, and a stale one is refused (409).

CREATE TABLE stack_items (
    org_id                  bigint NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    id                      bigint GENERATED ALWAYS AS IDENTITY,
    name                    text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    category                text NOT NULL CHECK (category IN ('source_control', 'ci_cd', 'iac', 'containers', 'cloud',
                                                              'observability', 'security', 'data', 'collaboration', 'other')),
    lifecycle               text NOT NULL CHECK (lifecycle IN ('adopt', 'trial', 'assess', 'hold', 'retire')),
    monthly_cost            numeric(14,2) NOT NULL DEFAULT 0 CHECK (monthly_cost >= 0 AND monthly_cost <= 1000000000),
    cost_scaling            text NOT NULL CHECK (cost_scaling IN ('flat', 'linear', 'superlinear')),
    scalability             smallint NOT NULL CHECK (scalability BETWEEN 1 AND 5),
    support_hours_per_month numeric(10,2) NOT NULL DEFAULT 0 CHECK (support_hours_per_month >= 0 AND support_hours_per_month <= 10000),
    owner                   text NOT NULL DEFAULT '' CHECK (length(owner) <= 200),
    notes                   text NOT NULL DEFAULT '' CHECK (length(notes) <= 2000),
    version                 integer NOT NULL DEFAULT 1 CHECK (version >= 1),
    created_at              timestamptz NOT NULL DEFAULT now(),
    updated_at              timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, id)
);
CREATE INDEX stack_items_by_name ON stack_items (org_id, name, id);

ALTER TABLE stack_items ENABLE ROW LEVEL SECURITY;
ALTER TABLE stack_items FORCE ROW LEVEL SECURITY;
CREATE POLICY stack_items_tenant ON stack_items
    USING (org_id = NULLIF(current_setting('app.org_id', true), '')::bigint);

CREATE TABLE findings (
    org_id        bigint NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    id            bigint GENERATED ALWAYS AS IDENTITY,
    kind          text NOT NULL CHECK (kind IN ('debt', 'opportunity')),
    title         text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    description   text NOT NULL DEFAULT '' CHECK (length(description) <= 4000),
    severity      smallint NOT NULL CHECK (severity BETWEEN 1 AND 4),
    effort        text NOT NULL CHECK (effort IN ('xs', 's', 'm', 'l', 'xl')),
    status        text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'planned', 'resolved')),
    stack_item_id bigint CHECK (stack_item_id > 0),
    version       integer NOT NULL DEFAULT 1 CHECK (version >= 1),
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, id),
    -- Same organization only; deleting the item keeps its findings, unlinked
    -- (only stack_item_id is set to null, never org_id).
    FOREIGN KEY (org_id, stack_item_id) REFERENCES stack_items (org_id, id) ON DELETE SET NULL (stack_item_id)
);
CREATE INDEX findings_by_item ON findings (org_id, stack_item_id);
CREATE INDEX findings_by_rank ON findings (org_id, severity DESC, id);

ALTER TABLE findings ENABLE ROW LEVEL SECURITY;
ALTER TABLE findings FORCE ROW LEVEL SECURITY;
CREATE POLICY findings_tenant ON findings
    USING (org_id = NULLIF(current_setting('app.org_id', true), '')::bigint);
