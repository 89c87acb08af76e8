// Package e2e drives the real server with a real browser (headless Chromium
// through chromedp) along the journeys users take. The package has no code
// of its own: the harness is in main_test.go, the journeys in *_test.go.
//
// Run it with `go test ./internal/e2e/`. Without Chromium the tests skip,
// except in CI (CI set to anything but false: true, 1, yes…), where they
// fail. Set HEADWAY_SCREENSHOTS to a
// folder to keep full-page screenshots of the journeys at phone and desktop
// sizes.
package e2e
