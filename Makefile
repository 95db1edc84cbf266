# presyn: `make setup` installs everything on a fresh Debian machine, `make test`
# checks it. `make build` writes bin/presyn with the OpenBLAS backend.
GO      ?= go
# The fast BLAS backend needs cgo and libopenblas-dev; `make TAGS= build` or
# CGO_ENABLED=0 gives the pure-Go fallback.
TAGS    ?= openblas
VERSION ?= $(shell git describe --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -X github.com/presyn/presyn/internal/version.Version=$(VERSION)
BIN     := bin/presyn

.PHONY: setup build test test-purego test-figures vet lint bench fuzz figures figures-quick test-slurm clean

## setup: install Debian packages, Go modules and the 8 data files, then build
setup:
	bash scripts/setup.sh
	$(MAKE) build
	./$(BIN) data

## build: compile bin/presyn (OpenBLAS backend)
build:
	$(GO) build -tags '$(TAGS)' -ldflags '$(LDFLAGS)' -o $(BIN) ./cmd/presyn

## test: go vet, gofmt, staticcheck and every test, with the OpenBLAS backend and
## the pure-Go fallback, then test-figures
test: lint
	$(GO) test -tags '$(TAGS)' -count=1 ./...
	$(MAKE) test-purego
	$(MAKE) test-figures

test-purego:
	CGO_ENABLED=0 $(GO) test -count=1 ./...

vet:
	$(GO) vet -tags '$(TAGS)' ./...
	@test -z "$$(gofmt -l cmd internal)" || (echo "gofmt would change:"; gofmt -l cmd internal; exit 1)

## lint: staticcheck (fetched on demand from the Go module proxy)
STATICCHECK := $(GO) run honnef.co/go/tools/cmd/staticcheck@v0.8.2
lint: vet
	$(STATICCHECK) -tags '$(TAGS)' ./...
	CGO_ENABLED=0 $(STATICCHECK) ./...

## bench: Go benchmarks of the hot kernels
bench:
	$(GO) test -tags '$(TAGS)' -run '^$$' -bench . -benchmem ./internal/...

## figures: every figure and table of the paper (presyn paper): every study's runs
## on one queue into results/, then presyn report copies each artefact into
## figures/ as <id>.png|svg|pdf|csv with REPORT.md and index.html (hours on 2
## cores; finished runs are reused)
figures: build
	bash scripts/figures.sh

## figures-quick: the same with every command's smoke profile, into
## results/quick and figures/quick (minutes)
figures-quick: build
	bash scripts/figures.sh --quick

## test-figures: figures-quick from scratch in a temporary folder (about 5 minutes
## on 2 cores): every experiment command and presyn report run on the current code,
## and the report has a verdict for each of the paper's 25 artefacts and the
## plan's prediction beside the measured wall time
test-figures: build
	@d=$$(mktemp -d) && RESULTS=$$d/results FIGURES=$$d/figures bash scripts/figures.sh --quick && \
	grep -q 'of 25 artefacts' $$d/figures/REPORT.md && grep -q '^Predicted before the first run' $$d/figures/REPORT.md && \
	rm -rf $$d && echo 'test-figures: ok'

## test-slurm: run `presyn energy --quick` as a Slurm job array of 4 shards plus the
## collector on a one-node cluster started here (needs root; installs slurm-wlm),
## and check the collected tables equal an unsharded run's (about 2-3 minutes)
test-slurm: build
	PRESYN=$(BIN) bash scripts/test-slurm.sh

## fuzz: fuzz the IDX reader for a minute
fuzz:
	$(GO) test -run '^$$' -fuzz FuzzReadIDX -fuzztime 60s ./internal/data

clean:
	rm -rf bin
