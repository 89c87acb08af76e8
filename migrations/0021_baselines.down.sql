DROP TABLE IF EXISTS roadmap_baselines;
