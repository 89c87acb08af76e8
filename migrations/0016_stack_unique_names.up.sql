-- A tool appears once in an organization's inventory: a findings CSV names
-- its stack item by name, so two items of one name would make an export
-- that no import can read back, and a re-imported file would double the
-- inventory unnoticed. Names are compared without case ("github" is
-- "GitHub"). Existing duplicates keep their first row's name; the others
-- get their id appended, "Name (duplicate 42)", which no other row has (the
-- owner is subject to RLS too, so FORCE is lifted for this one change).

ALTER TABLE stack_items NO FORCE ROW LEVEL SECURITY;

WITH ranked AS (
    SELECT org_id, id, row_number() OVER (PARTITION BY org_id, lower(name) ORDER BY id) AS n
    FROM stack_items
)
UPDATE stack_items s
SET name = left(s.name, 170) || ' (duplicate ' || s.id || ')', version = s.version + 1, updated_at = now()
FROM ranked r
WHERE r.org_id = s.org_id AND r.id = s.id AND r.n > 1;

ALTER TABLE stack_items FORCE ROW LEVEL SECURITY;

CREATE UNIQUE INDEX stack_items_name_unique ON stack_items (org_id, lower(name));
