package sweep

import "github.com/presyn/presyn/internal/data/datatest"

// synthetic is the data the logic tests train on (package datatest).
var synthetic = &datatest.Source{Options: datatest.Options{Train: 1000, Test: 200}}
