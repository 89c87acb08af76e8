# Headway. The two commands: `make run` and `make test`.
GO      ?= go
BIN     := bin/headway
TESTFLAGS ?= -count=1 -timeout 20m

.PHONY: run build test generate lint migrate bench fuzz clean

## run: build and serve on :8080 (a private PostgreSQL under ./data unless DATABASE_URL is set)
run: build
	@scripts/ensure-postgres
	exec ./$(BIN)

build:
	$(GO) build -o $(BIN) ./cmd/server

## test: every test against a throwaway PostgreSQL (and headless chromium for browser tests);
## RACE=1 (as CI runs it) adds the race detector
test:
	@scripts/ensure-postgres --always
	$(GO) test $(TESTFLAGS) $(if $(RACE),-race) ./...

## generate: regenerate templ components
generate:
	$(GO) tool templ generate

## lint: gofmt, go vet, and generated templ code up to date
lint:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	  if [ -n "$$out" ]; then echo "gofmt needed on:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	$(GO) tool templ generate -check

## migrate: apply migrations (to DATABASE_URL/MIGRATION_DATABASE_URL or the private cluster) and exit
migrate: build
	@scripts/ensure-postgres
	./$(BIN) migrate

## bench: benchmarks
bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

## fuzz: run each fuzz test for FUZZTIME (the seeds and found crashers also run in `make test`)
FUZZTIME ?= 30s
fuzz:
	$(GO) test -run '^$$' -fuzz '^FuzzSafeNext$$' -fuzztime $(FUZZTIME) ./internal/http/
	$(GO) test -run '^$$' -fuzz '^FuzzDecodeJSON$$' -fuzztime $(FUZZTIME) ./internal/http/
	$(GO) test -run '^$$' -fuzz '^FuzzSlugify$$' -fuzztime $(FUZZTIME) ./internal/store/
	$(GO) test -run '^$$' -fuzz '^FuzzParseSMTPURL$$' -fuzztime $(FUZZTIME) ./internal/mail/
	$(GO) test -run '^$$' -fuzz '^FuzzParseStackCSV$$' -fuzztime $(FUZZTIME) ./internal/export/
	$(GO) test -run '^$$' -fuzz '^FuzzParseFindingsCSV$$' -fuzztime $(FUZZTIME) ./internal/export/
	$(GO) test -run '^$$' -fuzz '^FuzzReportText$$' -fuzztime $(FUZZTIME) ./internal/report/
	$(GO) test -run '^$$' -fuzz '^FuzzParse$$' -fuzztime $(FUZZTIME) ./internal/workbook/
	$(GO) test -run '^$$' -fuzz '^FuzzEscapeMarkdown$$' -fuzztime $(FUZZTIME) ./internal/export/

clean:
	rm -rf bin
