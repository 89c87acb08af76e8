// Package migrations embeds the SQL schema migrations (golang-migrate format:
// NNNN_name.up.sql / NNNN_name.down.sql).
package migrations

import "embed"

// FS holds every migration file.
//
//go:embed *.sql
var FS embed.FS
