-- Step 2a: the reminders owners and admins send to members who have not
-- rated their skills (or whose ratings are stale). One row per member: the
-- last reminder, so "at most one per member per day" holds across restarts
-- and replicas, decided by one atomic upsert (store.ClaimSkillReminder);
-- Who sent each, and the history, are in the audit log
-- (skills.reminder_sent). The row goes with the membership.
CREATE TABLE skill_reminders (
    org_id  bigint NOT NULL,
    user_id bigint NOT NULL,
    sent_at timestamptz NOT NULL,
    PRIMARY KEY (org_id, user_id),
    FOREIGN KEY (org_id, user_id) REFERENCES memberships (org_id, user_id) ON DELETE CASCADE
);

ALTER TABLE skill_reminders ENABLE ROW LEVEL SECURITY;
ALTER TABLE skill_reminders FORCE ROW LEVEL SECURITY;
CREATE POLICY skill_reminders_tenant ON skill_reminders
    USING (org_id = NULLIF(current_setting('app.org_id', true), '')::bigint);
