package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/headwayhq/headway/internal/roadmap"
)

// Step 4: maturity assessments. An organization has at most one draft (the
// questionnaire being filled in) and any number of completed assessments
// (the trend). A survey opened on the draft lets every member answer the
// same questions; their answers are stored per member, so answering again
// replaces rather than adds, but they leave the database only as counts
// per level, and only for questions at least roadmap.MinSurveyAnswers
// members answered.

// Assessment statuses, as stored.
const (
	AssessmentDraft     = "draft"
	AssessmentCompleted = "completed"
)

var (
	// ErrAssessmentNotFound: no such assessment (or no draft) in the
	// organization. It is an ErrNotFound.
	ErrAssessmentNotFound = fmt.Errorf("%w: assessment", ErrNotFound)
	// ErrSurveyClosed: the assessment takes no survey answers (never
	// opened, or completed since).
	ErrSurveyClosed = errors.New("store: survey closed")
	// ErrIncomplete: an assessment cannot be completed with unanswered
	// questions (the domain's Validate(true) names them; this is the
	// store's own guard).
	ErrIncomplete = errors.New("store: assessment incomplete")
)

// Assessment is a stored assessment with its leader's answers and its
// survey's counts.
type Assessment struct {
	ID               int64      `db:"id"`
	Status           string     `db:"status"`
	QuestionsVersion int        `db:"questions_version"`
	CreatedBy        *int64     `db:"created_by"`
	SurveyOpenedAt   *time.Time `db:"survey_opened_at"`
	CompletedAt      *time.Time `db:"completed_at"`
	Version          int        `db:"version"`
	CreatedAt        time.Time  `db:"created_at"`
	UpdatedAt        time.Time  `db:"updated_at"`

	Answers roadmap.MaturityAnswers `db:"-"`
	// Survey holds counts per level only for questions with at least
	// roadmap.MinSurveyAnswers answers; Respondents is how many members
	// answered at all (shown as "2 answers so far").
	Survey      roadmap.SurveyCounts `db:"-"`
	Respondents int                  `db:"-"`
}

// SurveyOpen reports whether members may answer the assessment's survey.
func (a Assessment) SurveyOpen() bool { return a.Status == AssessmentDraft && a.SurveyOpenedAt != nil }

// SurveyAggregate is the assessment's survey result (nil when nobody
// answered).
func (a Assessment) SurveyAggregate() *roadmap.SurveyAggregate {
	if a.Respondents == 0 {
		return nil
	}
	agg := roadmap.AggregateSurvey(a.Survey)
	return &agg
}

const assessmentColumns = `id, status, questions_version, created_by, survey_opened_at, completed_at, version, created_at, updated_at`

// MaturityPage is the maturity pages' data, read in one round trip.
type MaturityPage struct {
	Completed []Assessment // oldest first: the trend
	Draft     *Assessment  // nil when there is none
	// MySurvey is the viewer's own answers to the draft's survey (nil
	// when they have not answered): the only individual answers that
	// leave the database, and only to their author.
	MySurvey roadmap.MaturityAnswers
}

// Latest is the most recent completed assessment (nil for none).
func (p MaturityPage) Latest() *Assessment {
	if len(p.Completed) == 0 {
		return nil
	}
	return &p.Completed[len(p.Completed)-1]
}

// Previous is the completed assessment before the latest (nil for none).
func (p MaturityPage) Previous() *Assessment {
	if len(p.Completed) < 2 {
		return nil
	}
	return &p.Completed[len(p.Completed)-2]
}

// Results scores every completed assessment, oldest first, each against
// the one before it (for the change per dimension and the trend).
func (p MaturityPage) Results() []roadmap.MaturityResult {
	out := make([]roadmap.MaturityResult, len(p.Completed))
	for i, a := range p.Completed {
		in := roadmap.MaturityInput{Answers: a.Answers, Survey: a.SurveyAggregate()}
		if i > 0 {
			in.Previous = &out[i-1]
		}
		out[i] = roadmap.ScoreMaturity(in)
	}
	return out
}

type answerRow struct {
	AssessmentID int64  `db:"assessment_id"`
	QuestionKey  string `db:"question_key"`
	Level        int    `db:"level"`
}

type countRow struct {
	AssessmentID int64  `db:"assessment_id"`
	QuestionKey  string `db:"question_key"`
	Level        int    `db:"level"`
	N            int    `db:"n"`
}

type respondentsRow struct {
	AssessmentID int64 `db:"assessment_id"`
	N            int   `db:"n"`
}

// FindMaturity reads every assessment of the organization with its answers
// and survey counts, and viewerID's own answers to the draft's survey, in
// one round trip.
func (s *Store) FindMaturity(ctx context.Context, orgID, viewerID int64) (MaturityPage, error) {
	var assemble func() MaturityPage
	err := s.readTenant(ctx, orgID, func(q *reads) { assemble = queueMaturity(q, orgID, viewerID) })
	if err != nil {
		return MaturityPage{}, err
	}
	return assemble(), nil
}

// queueMaturity queues FindMaturity's reads (another page's batch may carry
// them) and returns what assembles the page once the batch has run.
func queueMaturity(q *reads, orgID, viewerID int64) func() MaturityPage {
	var as []Assessment
	var answers, mine []answerRow
	var counts []countRow
	var resp []respondentsRow
	readAll(q, &as, `SELECT `+assessmentColumns+` FROM maturity_assessments WHERE org_id = $1
		ORDER BY completed_at NULLS LAST, id`, orgID)
	readAll(q, &answers, `SELECT assessment_id, question_key, level::int AS level FROM maturity_answers WHERE org_id = $1`, orgID)
	// Counts per level, only for questions enough members answered: a
	// smaller count never leaves the database.
	readAll(q, &counts, `SELECT assessment_id, question_key, level, n FROM (
			SELECT assessment_id, question_key, level::int AS level, count(*)::int AS n,
				sum(count(*)) OVER (PARTITION BY assessment_id, question_key) AS total
			FROM maturity_survey_answers WHERE org_id = $1 GROUP BY assessment_id, question_key, level) c
		WHERE total >= $2`, orgID, roadmap.MinSurveyAnswers)
	readAll(q, &resp, `SELECT assessment_id, count(DISTINCT user_id)::int AS n FROM maturity_survey_answers
		WHERE org_id = $1 GROUP BY assessment_id`, orgID)
	readAll(q, &mine, `SELECT a.assessment_id, a.question_key, a.level::int AS level
		FROM maturity_survey_answers a JOIN maturity_assessments m ON m.org_id = a.org_id AND m.id = a.assessment_id
		WHERE a.org_id = $1 AND a.user_id = $2 AND m.status = 'draft'`, orgID, viewerID)
	return func() MaturityPage { return assembleMaturity(as, answers, mine, counts, resp) }
}

func assembleMaturity(as []Assessment, answers, mine []answerRow, counts []countRow, resp []respondentsRow) MaturityPage {
	byID := make(map[int64]*Assessment, len(as))
	for i := range as {
		as[i].Answers = roadmap.MaturityAnswers{}
		as[i].Survey = roadmap.SurveyCounts{}
		byID[as[i].ID] = &as[i]
	}
	for _, r := range answers {
		if a := byID[r.AssessmentID]; a != nil {
			a.Answers[r.QuestionKey] = r.Level
		}
	}
	for _, r := range counts {
		if a := byID[r.AssessmentID]; a != nil && r.Level >= roadmap.MinMaturityLevel && r.Level <= roadmap.MaxMaturityLevel {
			c := a.Survey[r.QuestionKey]
			c[r.Level-1] = r.N
			a.Survey[r.QuestionKey] = c
		}
	}
	for _, r := range resp {
		if a := byID[r.AssessmentID]; a != nil {
			a.Respondents = r.N
		}
	}
	var page MaturityPage
	for _, a := range as {
		if a.Status == AssessmentDraft {
			page.Draft = &a
		} else {
			page.Completed = append(page.Completed, a)
		}
	}
	if len(mine) > 0 {
		page.MySurvey = roadmap.MaturityAnswers{}
		for _, r := range mine {
			page.MySurvey[r.QuestionKey] = r.Level
		}
	}
	return page
}

// SaveDraft stores validated (possibly partial) answers as the
// organization's draft, replacing the draft's answers. version is the
// draft's version as the caller read it, 0 when there was no draft; a
// draft created or changed meanwhile is ErrStale, and nothing changes.
func (s *Store) SaveDraft(ctx context.Context, orgID int64, userID *int64, version int, answers roadmap.MaturityAnswers) (Assessment, error) {
	var out Assessment
	err := s.inTenant(ctx, orgID, func(tx pgx.Tx) error {
		var err error
		if out, err = lockDraft(ctx, tx, orgID, userID, version); err != nil {
			return err
		}
		out.Answers = answers
		return replaceAnswers(ctx, tx, orgID, out.ID, answers)
	})
	return out, err
}

// CompleteDraft saves every answer into the draft at version and completes
// it at now, in one transaction: the draft becomes the latest completed
// assessment (its survey closes with it). ErrStale as for SaveDraft;
// ErrIncomplete when a question is unanswered.
func (s *Store) CompleteDraft(ctx context.Context, orgID int64, userID *int64, version int, answers roadmap.MaturityAnswers, now time.Time) (Assessment, error) {
	if len(answers.Missing()) > 0 {
		return Assessment{}, ErrIncomplete
	}
	var out Assessment
	err := s.inTenant(ctx, orgID, func(tx pgx.Tx) error {
		draft, err := lockDraft(ctx, tx, orgID, userID, version)
		if err != nil {
			return err
		}
		if err := replaceAnswers(ctx, tx, orgID, draft.ID, answers); err != nil {
			return err
		}
		rows, _ := tx.Query(ctx, `UPDATE maturity_assessments SET status = 'completed', completed_at = $3, updated_at = now()
			WHERE org_id = $1 AND id = $2 RETURNING `+assessmentColumns, orgID, draft.ID, now)
		if out, err = pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[Assessment]); err != nil {
			return mapErr(err)
		}
		out.Answers = answers
		return nil
	})
	return out, err
}

// CreateCompletedAssessment stores a complete set of answers as a new
// completed assessment at now, in one transaction (the API's POST); a
// draft the organization has stays as it is.
func (s *Store) CreateCompletedAssessment(ctx context.Context, orgID int64, userID *int64, answers roadmap.MaturityAnswers, now time.Time) (Assessment, error) {
	if len(answers.Missing()) > 0 {
		return Assessment{}, ErrIncomplete
	}
	var out Assessment
	err := s.inTenant(ctx, orgID, func(tx pgx.Tx) error {
		rows, _ := tx.Query(ctx, `INSERT INTO maturity_assessments (org_id, status, questions_version, created_by, completed_at)
			VALUES ($1, 'completed', $2, $3, $4) RETURNING `+assessmentColumns, orgID, roadmap.MaturityQuestionsVersion, userID, now)
		var err error
		if out, err = pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[Assessment]); err != nil {
			return mapErr(err)
		}
		out.Answers = answers
		return replaceAnswers(ctx, tx, orgID, out.ID, answers)
	})
	return out, err
}

// OpenSurvey opens the draft's survey at now, creating an empty draft when
// there is none, and returns the draft. Opening an open survey changes
// nothing.
func (s *Store) OpenSurvey(ctx context.Context, orgID int64, userID *int64, now time.Time) (Assessment, error) {
	var out Assessment
	err := s.inTenant(ctx, orgID, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO maturity_assessments (org_id, questions_version, created_by)
			VALUES ($1, $2, $3) ON CONFLICT (org_id) WHERE status = 'draft' DO NOTHING`, orgID, roadmap.MaturityQuestionsVersion, userID); err != nil {
			return mapErr(err)
		}
		rows, _ := tx.Query(ctx, `UPDATE maturity_assessments SET survey_opened_at = coalesce(survey_opened_at, $2),
				version = version + CASE WHEN survey_opened_at IS NULL THEN 1 ELSE 0 END, updated_at = now()
			WHERE org_id = $1 AND status = 'draft' RETURNING `+assessmentColumns, orgID, now)
		var err error
		out, err = pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[Assessment])
		return mapErr(err)
	})
	return out, err
}

// RecordSurveyAnswers stores userID's complete, validated answers to the
// survey of assessmentID, replacing any they gave before, in one
// transaction. An assessment of another organization or none is
// ErrAssessmentNotFound; one whose survey is not open, ErrSurveyClosed.
func (s *Store) RecordSurveyAnswers(ctx context.Context, orgID, userID, assessmentID int64, answers roadmap.MaturityAnswers, now time.Time) error {
	if len(answers.Missing()) > 0 {
		return ErrIncomplete
	}
	return s.inTenant(ctx, orgID, func(tx pgx.Tx) error {
		// FOR SHARE: completing the draft waits for this answer (or this
		// answer for the completion), so no answer lands on a closed survey.
		var status string
		var opened *time.Time
		err := tx.QueryRow(ctx, `SELECT status, survey_opened_at FROM maturity_assessments WHERE org_id = $1 AND id = $2 FOR SHARE`,
			orgID, assessmentID).Scan(&status, &opened)
		switch {
		case errors.Is(err, pgx.ErrNoRows):
			return ErrAssessmentNotFound
		case err != nil:
			return err
		case status != AssessmentDraft || opened == nil:
			return ErrSurveyClosed
		}
		if _, err := tx.Exec(ctx, `DELETE FROM maturity_survey_answers WHERE org_id = $1 AND assessment_id = $2 AND user_id = $3`,
			orgID, assessmentID, userID); err != nil {
			return err
		}
		keys, levels := answerColumns(answers)
		_, err = tx.Exec(ctx, `INSERT INTO maturity_survey_answers (org_id, assessment_id, user_id, question_key, level, answered_at)
			SELECT $1, $2, $3, k, l, $6 FROM unnest($4::text[], $5::int[]) AS a(k, l)`, orgID, assessmentID, userID, keys, levels, now)
		return mapErr(err)
	})
}

// lockDraft returns the organization's draft locked for update, if it is
// at version, or a new draft when version is 0 and there is none; and bumps
// its version. Anything else is ErrStale.
func lockDraft(ctx context.Context, tx pgx.Tx, orgID int64, userID *int64, version int) (Assessment, error) {
	var rows pgx.Rows
	if version == 0 {
		rows, _ = tx.Query(ctx, `INSERT INTO maturity_assessments (org_id, questions_version, created_by)
			VALUES ($1, $2, $3) ON CONFLICT (org_id) WHERE status = 'draft' DO NOTHING RETURNING `+assessmentColumns,
			orgID, roadmap.MaturityQuestionsVersion, userID)
	} else {
		rows, _ = tx.Query(ctx, `UPDATE maturity_assessments SET version = version + 1, updated_at = now()
			WHERE org_id = $1 AND status = 'draft' AND version = $2 RETURNING `+assessmentColumns, orgID, version)
	}
	a, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[Assessment])
	if errors.Is(err, pgx.ErrNoRows) {
		return a, ErrStale
	}
	return a, mapErr(err)
}

// replaceAnswers makes answers the assessment's leader answers.
func replaceAnswers(ctx context.Context, tx pgx.Tx, orgID, assessmentID int64, answers roadmap.MaturityAnswers) error {
	if _, err := tx.Exec(ctx, `DELETE FROM maturity_answers WHERE org_id = $1 AND assessment_id = $2`, orgID, assessmentID); err != nil {
		return err
	}
	keys, levels := answerColumns(answers)
	_, err := tx.Exec(ctx, `INSERT INTO maturity_answers (org_id, assessment_id, question_key, level)
		SELECT $1, $2, k, l FROM unnest($3::text[], $4::int[]) AS a(k, l)`, orgID, assessmentID, keys, levels)
	return mapErr(err)
}

func answerColumns(answers roadmap.MaturityAnswers) ([]string, []int32) {
	keys := make([]string, 0, len(answers))
	levels := make([]int32, 0, len(answers))
	for k, l := range answers {
		keys = append(keys, k)
		levels = append(levels, int32(l))
	}
	return keys, levels
}
