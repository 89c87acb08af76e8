DROP TABLE IF EXISTS kpi_targets;
DROP TABLE IF EXISTS kpi_snapshots;
