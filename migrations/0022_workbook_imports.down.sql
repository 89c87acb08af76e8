DELETE FROM pending_imports WHERE kind = 'workbook';
ALTER TABLE pending_imports DROP CONSTRAINT pending_imports_kind_check;
ALTER TABLE pending_imports ADD CONSTRAINT pending_imports_kind_check CHECK (kind IN ('stack', 'findings'));
