// Package roadmap is Headway's domain at the centre: the catalogs (roles,
// skills, practices, maturity questions, initiative templates, DORA
// editions), scoring and the derivation of a prioritized, explainable
// roadmap. Plain Go types in, plain Go types out: no I/O, no HTTP, no SQL,
// no clock (callers pass now), only the standard library (and
// golang.org/x/text's Unicode normalization, for emails).
package roadmap
