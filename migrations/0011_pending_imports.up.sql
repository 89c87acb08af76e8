-- Step 1's CSV import waits here between the upload and the confirmation:
-- the parsed, validated rows (payload, as the store wrote them), so the
-- preview and the confirm never ask for the file again. A pending import is
-- applied once (the confirm deletes it in the transaction that inserts its
-- rows) or expires; expired ones are swept when the organization uploads
-- again. The numbering skips 0010 on purpose: another branch of step 1
-- holds it.

CREATE TABLE pending_imports (
    org_id     bigint NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    id         bigint GENERATED ALWAYS AS IDENTITY,
    kind       text NOT NULL CHECK (kind IN ('stack', 'findings')),
    payload    jsonb NOT NULL,
    created_by bigint REFERENCES users (id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    PRIMARY KEY (org_id, id),
    CHECK (expires_at > created_at)
);

ALTER TABLE pending_imports ENABLE ROW LEVEL SECURITY;
ALTER TABLE pending_imports FORCE ROW LEVEL SECURITY;
CREATE POLICY pending_imports_tenant ON pending_imports
    USING (org_id = NULLIF(current_setting('app.org_id', true), '')::bigint);
