// Package roadmap is Headway's domain at the centre: the catalogs (roles,
// skills, practices, maturity questions, initiative templates, DORA
// editions), scoring and the derivation of a prioritized, explainable
// roadmap. Plain Go types in, plain Go types out: no I/O, no HTTP, no SQL,
// no clock (callers pass now), only the standard library (and
// golang.org/x/text's Unicode normalization, for emails).
//
// # How the roadmap is made
//
// Derive reads an OrgSnapshot (the four steps' data) and turns every signal
// into evidence for an initiative. The rules, each keyed rule:subject so a
// decision stored against the key survives re-derivation:
//
//   - finding:<id>: every open tech-debt finding and growth opportunity.
//   - stack:<id>: a tool among the three most expensive that costs a quarter of
//     the stack or more; a usage-priced (superlinear) tool among the three
//     worst-scaling; a tool that takes 20 hours of support a month, or is
//     among the three that take most (from 8 hours); a tool on hold or
//     marked retire.
//   - skill:<key>: the biggest skill gaps, with AnalyzeSkills' suggestion
//     (training when someone is within a level, hiring when nobody is
//     within two), and skills with a bus factor of 1 (a single point of
//     failure) or 0 where a role requires them.
//   - practice:<key>: every practice not at least mostly in place; a DORA
//     metric in the low or medium tier or short of its target, as evidence
//     on every such practice that moves it (PracticeCatalog's Moves), or
//     metric:<key> when all of those are in place; a high or medium
//     maturity risk whose rule points at the practice.
//   - capability:<slug> or answer:<question>: maturity risks that point at
//     a DORA capability, or at nothing, instead of a practice.
//   - dimension:<dimension>: the weakest maturity dimension, below 4 of 5.
//   - blind_spot:<question>: the questions the leader and the team's survey
//     see two levels apart or more.
//
// Signals about the same subject merge into one initiative carrying all of
// their evidence: a change failure rate in the low tier, "automated tests:
// not started" and a risky answer on testing make one "Automate tests in
// the pipeline".
//
// # Score
//
// The score is WSJF, weighted shortest job first: cost of delay ÷ job
// size. The cost of delay is user and business value + time criticality +
// risk reduction, each on the scale 1-2-3-5-8-13-20. Each piece of evidence
// proposes the three (a critical debt finding: 5, 8, 13; a metric in the
// low tier: 8, 8, and 8 more risk for a stability metric); the strongest
// proposal of each counts, and every piece of evidence after the first
// raises the value one step on the scale. The job size is the effort on
// the same scale:
//
//	effort  person-weeks  job size
//	XS      0.5           1
//	S       1             2
//	M       3             5
//	L       6             8
//	XL      12            13
//
// An initiative with a cost of delay of 13 or more is impactful (26 or
// more: high impact); an effort of M or less is small. Impactful and small
// is a quick win, impactful and large a major project, the rest fill-ins
// (small) and thankless tasks (large). Initiatives are listed by WSJF, then
// cost of delay, then the smaller effort, then key: quick wins rise.
//
// # Schedule
//
// A quarter's capacity is the engineering team × the share of time for
// improvement work (DefaultImprovementShare, 20 %, unless set) × 12 weeks.
// In priority order, each initiative (its dependencies first) takes the
// earliest quarter, not before any of its dependencies', with room for its
// person-weeks; one larger than a whole quarter's capacity takes an empty
// quarter of its own. Dependencies are the practices' prerequisites that
// are not at least mostly in place, plus the rule ordering (CI before CD,
// containers before orchestration, metrics before SLOs, tests before
// lighter change approval). The first quarter is now's while its first
// month runs, else the next; the first planned quarter is the phase now,
// the second next, the rest later. Capacity turns the plan into a verdict:
// "at 20 % improvement time this plan needs 5 quarters; with 2 more
// engineers, 3" (the planned team when step 1 knows it, else the fewest
// engineers that fit the plan into a year).
//
// # Decisions
//
// People's decisions are stored apart, by initiative key (Decision), and
// BuildPlan applies them to a derivation: an initiative with a chosen
// quarter, or in progress (the first quarter), is placed first whatever the
// load; then the accepted ones and then the proposed ones, each group in
// priority order, as above. Done and dismissed initiatives take no
// capacity and stay as they are however the data changes; a decided
// initiative the data no longer derives is "resolved by the data". When
// an initiative is first committed to, the values of the KPIs it moves are
// kept (AtAcceptance) and compared with the latest (KPIChange). An
// initiative added by hand (CustomInitiative) scores the value a person
// gave it with the lowest time criticality and risk reduction. The
// capacity verdict weighs the live now and next phases by priority alone.
package roadmap
