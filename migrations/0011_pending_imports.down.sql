DROP TABLE IF EXISTS pending_imports;
