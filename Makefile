# presyn: `make setup` installs everything on a fresh Debian machine, `make test`
# checks it. `make build` writes bin/presyn with the OpenBLAS backend.
GO      ?= go
# The fast BLAS backend needs cgo and libopenblas-dev; `make TAGS= build` or
# CGO_ENABLED=0 gives the pure-Go fallback.
TAGS    ?= openblas
VERSION ?= $(shell git describe --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -X github.com/presyn/presyn/internal/version.Version=$(VERSION)
BIN     := bin/presyn

.PHONY: setup build test test-purego vet lint bench fuzz figures clean

## setup: install Debian packages, Go modules and the 8 data files, then build
setup:
	bash scripts/setup.sh
	$(MAKE) build
	./$(BIN) data

## build: compile bin/presyn (OpenBLAS backend)
build:
	$(GO) build -tags '$(TAGS)' -ldflags '$(LDFLAGS)' -o $(BIN) ./cmd/presyn

## test: go vet, gofmt, staticcheck and every test, with the OpenBLAS backend and
## the pure-Go fallback
test: lint
	$(GO) test -tags '$(TAGS)' -count=1 ./...
	$(MAKE) test-purego

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

## figures: regenerate every implemented figure and table of the paper into results/
## (long: the energy sweep alone is 54 runs of 50 epochs; every step resumes)
figures: build
	./$(BIN) energy --out results/energy
	./$(BIN) energy fixed-p --out results/energy-fixed-p
	./$(BIN) importance --runs results/energy --out results/importance
	for t in split-mnist split-fmnist perm-mnist perm-fmnist perm-mnist-cont; do ./$(BIN) lifelong --task $$t || exit 1; done
	./$(BIN) lifelong table
	./$(BIN) ablation --task split-mnist
	./$(BIN) ablation --task perm-mnist
	./$(BIN) perceptron --out results/perceptron

## fuzz: fuzz the IDX reader for a minute
fuzz:
	$(GO) test -run '^$$' -fuzz FuzzReadIDX -fuzztime 60s ./internal/data

clean:
	rm -rf bin
