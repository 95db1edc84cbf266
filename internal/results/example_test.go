package results_test

import (
	"fmt"
	"log"
	"math"
	"os"
	"path/filepath"
	"strings"

	"github.com/presyn/presyn/internal/results"
)

func ExampleReadRows() {
	type MeanSE struct {
		Mean float64 `csv:"mean"`
		SE   float64 `csv:"se"`
	}
	type Row struct {
		Method  string    `csv:"method"`
		Seed    uint64    `csv:"seed"`
		Final   float64   `csv:"final,blank"` // NaN when the run diverged
		Acc     []float64 `csv:"acc,numbered"`
		TestAcc MeanSE    `csv:"test_acc"`
	}
	dir, err := os.MkdirTemp("", "rows")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)

	path := filepath.Join(dir, "summary.csv")
	rows := []Row{
		{"presyn", 2019, 0.975, []float64{0.91, 0.95, 0.975}, MeanSE{0.97, 0.002}},
		{"sgd", 2019, math.NaN(), []float64{0.9}, MeanSE{math.NaN(), 0}},
	}
	if err := results.WriteRows(path, rows); err != nil {
		log.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	fmt.Print(string(data))

	back, err := results.ReadRows[Row](path)
	if err != nil {
		log.Fatal(err)
	}
	for _, r := range back {
		fmt.Printf("%s: final %v after %d epochs\n", r.Method, r.Final, len(r.Acc))
	}

	// A file without a column of Row is an error, not a zero.
	old := filepath.Join(dir, "old.csv")
	os.WriteFile(old, []byte("method,seed,final,test_acc_mean\npresyn,1,0.9,0.9\n"), 0o644)
	_, err = results.ReadRows[Row](old)
	fmt.Println(strings.ReplaceAll(err.Error(), dir+string(filepath.Separator), ""))
	// Output:
	// method,seed,final,acc1,acc2,acc3,test_acc_mean,test_acc_se
	// presyn,2019,0.975,0.91,0.95,0.975,0.97,0.002
	// sgd,2019,,0.9,,,NaN,0
	// presyn: final 0.975 after 3 epochs
	// sgd: final NaN after 1 epochs
	// results: old.csv: no column "test_acc_se"
}
