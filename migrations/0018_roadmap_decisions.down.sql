ALTER TABLE organizations DROP COLUMN improvement_share;
DROP TABLE roadmap_initiatives;
DROP TABLE roadmap_decisions;
