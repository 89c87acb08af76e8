-- Step 2b, DORA KPIs: one snapshot per organization and date, and a target
-- per metric. A snapshot keeps what was entered and nothing derived: each
-- of the three categorical metrics as an exact number or a Quick Check
-- answer (1 worst … 6 best), never both; the rates as percentages; rework
-- rate optional. Tiers and scores are computed from these and the edition
-- key (internal/roadmap/kpis.go), so a new tier table needs no data
-- migration, and the edition CHECK is a format, not a list. The CHECKs
-- mirror Snapshot.Validate and Target.Validate (a NaN fails every upper
-- bound, infinity too). The numbering skips 0012: another branch holds it.

CREATE TABLE kpi_snapshots (
    org_id                      bigint NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    id                          bigint GENERATED ALWAYS AS IDENTITY,
    measured_on                 date NOT NULL,
    edition                     text NOT NULL DEFAULT '2023' CHECK (edition ~ '^[0-9]{4}$'),
    deployments_per_week        double precision CHECK (deployments_per_week >= 0 AND deployments_per_week <= 100000),
    lead_time_hours             double precision CHECK (lead_time_hours >= 0 AND lead_time_hours <= 100000),
    recovery_time_hours         double precision CHECK (recovery_time_hours >= 0 AND recovery_time_hours <= 100000),
    change_failure_rate         double precision NOT NULL CHECK (change_failure_rate >= 0 AND change_failure_rate <= 100),
    rework_rate                 double precision CHECK (rework_rate >= 0 AND rework_rate <= 100),
    deployment_frequency_answer smallint CHECK (deployment_frequency_answer BETWEEN 1 AND 6),
    lead_time_answer            smallint CHECK (lead_time_answer BETWEEN 1 AND 6),
    recovery_time_answer        smallint CHECK (recovery_time_answer BETWEEN 1 AND 6),
    version                     integer NOT NULL DEFAULT 1 CHECK (version >= 1),
    created_at                  timestamptz NOT NULL DEFAULT now(),
    updated_at                  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, id),
    -- One snapshot per date: a second one for the same date replaces it.
    UNIQUE (org_id, measured_on),
    -- A number or an answer, exactly one of them.
    CHECK ((deployments_per_week IS NULL) <> (deployment_frequency_answer IS NULL)),
    CHECK ((lead_time_hours IS NULL) <> (lead_time_answer IS NULL)),
    CHECK ((recovery_time_hours IS NULL) <> (recovery_time_answer IS NULL))
);

ALTER TABLE kpi_snapshots ENABLE ROW LEVEL SECURITY;
ALTER TABLE kpi_snapshots FORCE ROW LEVEL SECURITY;
CREATE POLICY kpi_snapshots_tenant ON kpi_snapshots
    USING (org_id = NULLIF(current_setting('app.org_id', true), '')::bigint);

-- A target is a value in the metric's unit (at least that many deployments
-- a week; at most that many hours or percent) or a tier (that tier or
-- better); rework rate has no tiers in the reports.
CREATE TABLE kpi_targets (
    org_id     bigint NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    metric     text NOT NULL CHECK (metric IN ('deployment_frequency', 'lead_time', 'change_failure_rate', 'recovery_time', 'rework_rate')),
    value      double precision CHECK (value >= 0 AND value <= 100000),
    tier       text CHECK (tier IN ('elite', 'high', 'medium', 'low')),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, metric),
    CHECK ((value IS NULL) <> (tier IS NULL)),
    CHECK (metric NOT IN ('change_failure_rate', 'rework_rate') OR value <= 100),
    CHECK (metric <> 'rework_rate' OR tier IS NULL)
);

ALTER TABLE kpi_targets ENABLE ROW LEVEL SECURITY;
ALTER TABLE kpi_targets FORCE ROW LEVEL SECURITY;
CREATE POLICY kpi_targets_tenant ON kpi_targets
    USING (org_id = NULLIF(current_setting('app.org_id', true), '')::bigint);
