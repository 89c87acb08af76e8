-- Steps 3 and 4: where an organization stands on each practice of the
-- catalog (internal/roadmap/practices_catalog.go), its maturity assessments
-- with the leader's answers, and the team survey's answers per member. The
-- CHECKs mirror the domain's Validate (practices.go, maturity.go), so a row
-- the domain would refuse cannot be stored by any door. Practice and
-- question keys are checked for their form only: the catalogs are versioned
-- data in the package, and a key they drop is migrated when they drop it.
-- The numbering skips 0012 and 0013 on purpose: other branches hold them.

-- One row per practice that someone has set; a practice without a row is
-- not started. changed_by is a member of the organization (set null when
-- the member leaves, or when an API token made the change).
CREATE TABLE practice_status (
    org_id       bigint NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    practice_key text NOT NULL CHECK (practice_key ~ '^[a-z][a-z0-9_]{0,63}$'),
    status       text NOT NULL CHECK (status IN ('not_started', 'partial', 'mostly', 'fully')),
    notes        text NOT NULL DEFAULT '' CHECK (length(notes) <= 2000),
    changed_by   bigint,
    version      integer NOT NULL DEFAULT 1 CHECK (version >= 1),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, practice_key),
    FOREIGN KEY (org_id, changed_by) REFERENCES memberships (org_id, user_id) ON DELETE SET NULL (changed_by)
);

ALTER TABLE practice_status ENABLE ROW LEVEL SECURITY;
ALTER TABLE practice_status FORCE ROW LEVEL SECURITY;
CREATE POLICY practice_status_tenant ON practice_status
    USING (org_id = NULLIF(current_setting('app.org_id', true), '')::bigint);

-- An assessment is a draft until every question is answered, then
-- completed (kept for the trend). At most one draft per organization: the
-- questionnaire page edits it. A survey may be opened on the draft; members
-- answer until the assessment is completed.
CREATE TABLE maturity_assessments (
    org_id            bigint NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    id                bigint GENERATED ALWAYS AS IDENTITY,
    status            text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'completed')),
    questions_version integer NOT NULL CHECK (questions_version >= 1),
    created_by        bigint,
    survey_opened_at  timestamptz,
    completed_at      timestamptz,
    version           integer NOT NULL DEFAULT 1 CHECK (version >= 1),
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, id),
    CHECK ((status = 'completed') = (completed_at IS NOT NULL)),
    FOREIGN KEY (org_id, created_by) REFERENCES memberships (org_id, user_id) ON DELETE SET NULL (created_by)
);
CREATE UNIQUE INDEX maturity_assessments_one_draft ON maturity_assessments (org_id) WHERE status = 'draft';
CREATE INDEX maturity_assessments_by_completion ON maturity_assessments (org_id, completed_at DESC, id DESC);

ALTER TABLE maturity_assessments ENABLE ROW LEVEL SECURITY;
ALTER TABLE maturity_assessments FORCE ROW LEVEL SECURITY;
CREATE POLICY maturity_assessments_tenant ON maturity_assessments
    USING (org_id = NULLIF(current_setting('app.org_id', true), '')::bigint);

-- The leader's answers (a draft's may be partial).
CREATE TABLE maturity_answers (
    org_id        bigint NOT NULL,
    assessment_id bigint NOT NULL,
    question_key  text NOT NULL CHECK (question_key ~ '^[a-z][a-z0-9_]{0,63}$'),
    level         smallint NOT NULL CHECK (level BETWEEN 1 AND 5),
    PRIMARY KEY (org_id, assessment_id, question_key),
    FOREIGN KEY (org_id, assessment_id) REFERENCES maturity_assessments (org_id, id) ON DELETE CASCADE
);

ALTER TABLE maturity_answers ENABLE ROW LEVEL SECURITY;
ALTER TABLE maturity_answers FORCE ROW LEVEL SECURITY;
CREATE POLICY maturity_answers_tenant ON maturity_answers
    USING (org_id = NULLIF(current_setting('app.org_id', true), '')::bigint);

-- The team survey: each member's answers, kept per member only so that a
-- member answering again replaces their answers instead of counting twice.
-- Pages read aggregates only (counts per level), never these rows. A member
-- who leaves takes their answers along.
CREATE TABLE maturity_survey_answers (
    org_id        bigint NOT NULL,
    assessment_id bigint NOT NULL,
    user_id       bigint NOT NULL,
    question_key  text NOT NULL CHECK (question_key ~ '^[a-z][a-z0-9_]{0,63}$'),
    level         smallint NOT NULL CHECK (level BETWEEN 1 AND 5),
    answered_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, assessment_id, user_id, question_key),
    FOREIGN KEY (org_id, assessment_id) REFERENCES maturity_assessments (org_id, id) ON DELETE CASCADE,
    FOREIGN KEY (org_id, user_id) REFERENCES memberships (org_id, user_id) ON DELETE CASCADE
);

ALTER TABLE maturity_survey_answers ENABLE ROW LEVEL SECURITY;
ALTER TABLE maturity_survey_answers FORCE ROW LEVEL SECURITY;
CREATE POLICY maturity_survey_answers_tenant ON maturity_survey_answers
    USING (org_id = NULLIF(current_setting('app.org_id', true), '')::bigint);
