-- Emails are compared and stored normalized: trimmed, Unicode NFC, lower
-- case (roadmap.NormalizeEmail). Rows written before were lower-cased but not
-- NFC-normalized, so one address could exist twice (a composed and a
-- decomposed "é"). This migration normalizes every stored email, and merges
-- nothing: if normalizing would make two accounts (or two pending
-- invitations of one organization) share an address, it fails, naming them,
-- and changes nothing. An operator decides which account is the real one
-- (delete or rename the other) and runs the migration again.
--
-- users is not a tenant table; invitations is (FORCE lifted for the change
-- only, as in 0003: the owner sees every organization's rows).

ALTER TABLE invitations NO FORCE ROW LEVEL SECURITY;

DO $$
DECLARE
    dups text;
BEGIN
    SELECT string_agg(format('%s (user ids %s)', e, ids), '; ') INTO dups FROM (
        SELECT lower(normalize(btrim(email), NFC)) AS e, string_agg(id::text, ', ' ORDER BY id) AS ids
        FROM users GROUP BY 1 HAVING count(*) > 1) d;
    IF dups IS NOT NULL THEN
        RAISE EXCEPTION 'emails that are the same address once normalized (NFC, lower case): %', dups
            USING HINT = 'Nothing was changed. Keep one account per address (delete or change the email of the others), then migrate again.';
    END IF;
    SELECT string_agg(format('%s in organization %s (invitation ids %s)', e, org_id, ids), '; ') INTO dups FROM (
        SELECT org_id, lower(normalize(btrim(email), NFC)) AS e, string_agg(id::text, ', ' ORDER BY id) AS ids
        FROM invitations WHERE accepted_at IS NULL AND revoked_at IS NULL GROUP BY 1, 2 HAVING count(*) > 1) d;
    IF dups IS NOT NULL THEN
        RAISE EXCEPTION 'pending invitations that are for the same address once normalized (NFC, lower case): %', dups
            USING HINT = 'Nothing was changed. Revoke all but one of each (set revoked_at), then migrate again.';
    END IF;
END
$$;

UPDATE users SET email = lower(normalize(btrim(email), NFC)) WHERE email <> lower(normalize(btrim(email), NFC));
UPDATE invitations SET email = lower(normalize(btrim(email), NFC)) WHERE email <> lower(normalize(btrim(email), NFC));

ALTER TABLE invitations FORCE ROW LEVEL SECURITY;

-- From now on the database refuses an address that is not normalized.
ALTER TABLE users ADD CONSTRAINT users_email_normalized CHECK (email IS NFC NORMALIZED AND email = btrim(email));
ALTER TABLE invitations ADD CONSTRAINT invitations_email_normalized CHECK (email IS NFC NORMALIZED AND email = btrim(email));
