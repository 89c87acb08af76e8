-- The roadmap workbook's import (issue 15) waits in pending_imports like
-- step 1's CSV import, as a third kind: its payload holds every sheet's
-- checked rows, applied in one transaction on confirmation.
ALTER TABLE pending_imports DROP CONSTRAINT pending_imports_kind_check;
ALTER TABLE pending_imports ADD CONSTRAINT pending_imports_kind_check CHECK (kind IN ('stack', 'findings', 'workbook'));
