package lifelong

import (
	"os"
	"strings"
	"testing"

	"github.com/presyn/presyn/internal/data/datatest"
)

// synthetic is the data the logic tests train on (package datatest).
var synthetic = &datatest.Source{Options: datatest.Options{Train: 1000, Test: 200}}

func readLines(t *testing.T, path string) []string {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Split(strings.TrimSpace(string(raw)), "\n")
}
