package results

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

type meanSE struct {
	Mean float64 `csv:"mean"`
	SE   float64 `csv:"se"`
}

// everyKind has a column of every supported kind, and two fields that are not columns.
type everyKind struct {
	Method   string    `csv:"method"`
	Seed     uint64    `csv:"seed"`
	Epochs   int       `csv:"epochs"`
	Step     int64     `csv:"step"`
	Diverged bool      `csv:"diverged"`
	Loss     float64   `csv:"loss"`
	Final    float64   `csv:"final,blank"`
	Acc      []float64 `csv:"acc,numbered"`
	TestAcc  meanSE    `csv:"test_acc"`
	Note     string    // not a column
	Skip     float64   `csv:"-"`
}

func everyKindRows() []everyKind {
	return []everyKind{
		{Method: "presyn", Seed: 2019, Epochs: 10, Step: -3, Loss: 0.125, Final: 0.975,
			Acc: []float64{0.5, 0.75, 0.875}, TestAcc: meanSE{0.97, 0.0025}, Note: "dropped", Skip: 1},
		{Method: `sgd, "adam"`, Seed: math.MaxUint64, Epochs: -1, Step: math.MinInt64, Diverged: true,
			Loss: math.Inf(1), Final: math.NaN(), Acc: []float64{math.NaN(), 0.25},
			TestAcc: meanSE{math.NaN(), math.Inf(-1)}},
		{Loss: 1e-7, Final: math.Copysign(0, -1)},
	}
}

// everyKindCSV is everyKindRows as WriteRows writes them.
const everyKindCSV = `method,seed,epochs,step,diverged,loss,final,acc1,acc2,acc3,test_acc_mean,test_acc_se
presyn,2019,10,-3,false,0.125,0.975,0.5,0.75,0.875,0.97,0.0025
"sgd, ""adam""",18446744073709551615,-1,-9223372036854775808,true,+Inf,,NaN,0.25,,NaN,-Inf
,0,0,0,false,1e-07,-0,,,,0,0
`

// nested flattens a struct of structs and has two numbered groups.
type nested struct {
	ID   string `csv:"id"`
	Eval struct {
		Train meanSE `csv:"train"`
		Test  meanSE `csv:"test"`
	} `csv:"eval"`
	Loss   []float64 `csv:"loss,numbered"`
	Energy []float64 `csv:"energy,numbered"`
}

type oneString struct {
	S string `csv:"s"`
}

// same formats rows with %#v, which shows NaN, -0 and nil slices, unlike
// reflect.DeepEqual, for which NaN differs from itself.
func same[R any](a, b []R) bool { return fmt.Sprintf("%#v", a) == fmt.Sprintf("%#v", b) }

func TestRowsRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "rows.csv")
	rows := everyKindRows()
	if err := WriteRows(path, rows); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(data) != everyKindCSV {
		t.Errorf("wrote\n%s\nwant\n%s", data, everyKindCSV)
	}
	back, err := ReadRows[everyKind](path)
	if err != nil {
		t.Fatal(err)
	}
	want := everyKindRows()
	for i := range want {
		want[i].Note, want[i].Skip = "", 0 // not columns
	}
	if !same(back, want) {
		t.Errorf("read back\n%#v\nwant\n%#v", back, want)
	}
}

func TestRowsRoundTripEmptyStrings(t *testing.T) {
	// A record of one empty field would be a blank line, which encoding/csv skips.
	path := filepath.Join(t.TempDir(), "rows.csv")
	rows := []oneString{{""}, {"a"}, {""}}
	if err := WriteRows(path, rows); err != nil {
		t.Fatal(err)
	}
	back, err := ReadRows[oneString](path)
	if err != nil {
		t.Fatal(err)
	}
	if !same(back, rows) {
		t.Errorf("read back %#v, want %#v", back, rows)
	}
}

func TestRowsNone(t *testing.T) {
	tab := RowsTable[everyKind](nil)
	header := []string{"method", "seed", "epochs", "step", "diverged", "loss", "final", "test_acc_mean", "test_acc_se"}
	if !slices.Equal(tab.Header, header) || len(tab.Rows) != 0 {
		t.Errorf("got header %q and %d rows, want header %q and none", tab.Header, len(tab.Rows), header)
	}
	path := filepath.Join(t.TempDir(), "rows.csv")
	if err := WriteRows[everyKind](path, nil); err != nil {
		t.Fatal(err)
	}
	back, err := ReadRows[everyKind](path)
	if err != nil || len(back) != 0 {
		t.Errorf("read back %v, %v; want no rows", back, err)
	}
}

func TestColumns(t *testing.T) {
	for _, tc := range []struct {
		name string
		got  []string
		want string
	}{
		{"every kind, groups of 0", Columns[everyKind](0),
			"method,seed,epochs,step,diverged,loss,final,test_acc_mean,test_acc_se"},
		{"every kind, groups of 2", Columns[everyKind](2),
			"method,seed,epochs,step,diverged,loss,final,acc1,acc2,test_acc_mean,test_acc_se"},
		{"nested, groups of 0", Columns[nested](0),
			"id,eval_train_mean,eval_train_se,eval_test_mean,eval_test_se"},
		{"nested, groups of 2", Columns[nested](2),
			"id,eval_train_mean,eval_train_se,eval_test_mean,eval_test_se,loss1,loss2,energy1,energy2"},
	} {
		if got := strings.Join(tc.got, ","); got != tc.want {
			t.Errorf("%s: got %s, want %s", tc.name, got, tc.want)
		}
	}
}

func TestRowsTableGroupWidths(t *testing.T) {
	// Each numbered group is as wide as its own longest slice.
	rows := []nested{
		{ID: "a", Loss: []float64{1}, Energy: []float64{1, 2, 3}},
		{ID: "b", Loss: []float64{1, 2}},
	}
	tab := RowsTable(rows)
	header := "id,eval_train_mean,eval_train_se,eval_test_mean,eval_test_se,loss1,loss2,energy1,energy2,energy3"
	if got := strings.Join(tab.Header, ","); got != header {
		t.Errorf("header %s, want %s", got, header)
	}
	for i, want := range []string{"a,0,0,0,0,1,,1,2,3", "b,0,0,0,0,1,2,,,"} {
		if got := strings.Join(tab.Rows[i], ","); got != want {
			t.Errorf("row %d: %s, want %s", i, got, want)
		}
	}
}

// checked has the columns the read errors are about.
type checked struct {
	Seed   uint64    `csv:"seed"`
	OK     bool      `csv:"ok"`
	Epochs int       `csv:"epochs"`
	MeanP  float64   `csv:"mean_p"`
	Final  float64   `csv:"final,blank"`
	Acc    []float64 `csv:"acc,numbered"`
	Name   string    `csv:"name"`
}

func TestReadRowsErrors(t *testing.T) {
	const header = "seed,ok,epochs,mean_p,final,acc1,acc2,acc3,name\n"
	for _, tc := range []struct {
		name, content, want string
	}{
		{"empty file", "", "empty file, want a header"},
		{"blank lines", "\n\n", "empty file, want a header"},
		{"missing column", "seed,ok,epochs,final,name\n", `no column "mean_p"`},
		{"renamed column", "seed,ok,epochs,mean_pval,final,name\n", `no column "mean_p"`},
		{"unknown column", "seed,ok,epochs,mean_p,final,acc1,name,foo\n", `unknown column "foo"`},
		{"acc0", "seed,ok,epochs,mean_p,final,acc0,name\n", `unknown column "acc0"`},
		{"acc01", "seed,ok,epochs,mean_p,final,acc01,name\n", `unknown column "acc01"`},
		{"repeated column", "seed,ok,epochs,mean_p,final,name,ok\n", `column "ok" appears twice (columns 2 and 7)`},
		{"swapped columns", "ok,seed,epochs,mean_p,final,name\n",
			`column "seed" is out of place: it is column 2, want column 1`},
		{"moved column", "seed,epochs,mean_p,final,name,ok\n",
			`column "ok" is out of place: it is column 6, want column 2`},
		{"misplaced numbered column", "seed,ok,epochs,mean_p,final,acc1,name,acc2\n",
			`column "acc2" is out of place: it is column 8, want column 7`},
		{"gap in numbered columns", "seed,ok,epochs,mean_p,final,acc1,acc3,name\n",
			`no column "acc2" before "acc3" (numbered columns run from 1 without gaps)`},
		{"numbered columns not from 1", "seed,ok,epochs,mean_p,final,acc2,name\n",
			`no column "acc1" before "acc2"`},
		{"bad unsigned", header + "1,true,5,0.5,,,,,a\nabc,true,5,0.5,,,,,b\n",
			`line 3, column "seed": "abc" is not an unsigned integer`},
		{"negative unsigned", header + "-1,true,5,0.5,,,,,a\n",
			`line 2, column "seed": "-1" is not an unsigned integer`},
		{"unsigned out of range", header + "18446744073709551616,true,5,0.5,,,,,a\n",
			`line 2, column "seed": "18446744073709551616" is out of range`},
		{"bad bool", header + "1,yes,5,0.5,,,,,a\n", `line 2, column "ok": "yes" is not true or false`},
		{"bad int", header + "1,true,5.5,0.5,,,,,a\n", `line 2, column "epochs": "5.5" is not an integer`},
		{"bad float", header + "1,true,5,half,,,,,a\n", `line 2, column "mean_p": "half" is not a number`},
		{"float out of range", header + "1,true,5,1e400,,,,,a\n", `line 2, column "mean_p": "1e400" is out of range`},
		{"bad blank float", header + "1,true,5,0.5,-,,,,a\n", `line 2, column "final": "-" is not a number`},
		{"bad numbered float", header + "1,true,5,0.5,,0.1,x,,a\n", `line 2, column "acc2": "x" is not a number`},
		{"empty cell", header + "1,true,5,,,,,,a\n", `line 2, column "mean_p": empty cell`},
		{"empty bool", header + "1,,5,0.5,,,,,a\n", `line 2, column "ok": empty cell`},
		{"gap in numbered values", header + "1,true,5,0.5,,0.1,,0.3,a\n",
			`line 2, column "acc3": "0.3" follows an empty cell`},
		{"line counts a quoted newline", header + "1,true,5,0.5,,,,,\"two\nlines\"\n1,true,5,0.5,,,,,\"x\"\n2,true,x,0.5,,,,,a\n",
			`line 5, column "epochs": "x" is not an integer`},
		{"too few fields", header + "1,true,5,0.5,,,,,a\n1,true\n", "line 3 has 2 fields, the header has 9"},
		{"too many fields", header + "1,true,5,0.5,,,,,a,b\n", "line 2 has 10 fields, the header has 9"},
		{"bad quote", header + "1,true,5,0.5,,,,,\"a\n", "parse error"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "rows.csv")
			if err := os.WriteFile(path, []byte(tc.content), 0o644); err != nil {
				t.Fatal(err)
			}
			rows, err := ReadRows[checked](path)
			if err == nil {
				t.Fatalf("read %#v, want an error", rows)
			}
			if prefix := "results: " + path + ": "; !strings.HasPrefix(err.Error(), prefix) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q, want %q", err, prefix+tc.want)
			}
		})
	}
}

func TestReadRowsMissingFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "missing.csv")
	_, err := ReadRows[checked](path)
	if err == nil || !strings.HasPrefix(err.Error(), "results: ") || !strings.Contains(err.Error(), path) {
		t.Errorf("error %v, want one that names %s", err, path)
	}
}

func TestReadRowsEmptyValues(t *testing.T) {
	// Empty strings, blank floats and numbered groups may be empty; no acc columns at all
	// is a group of length 0.
	path := filepath.Join(t.TempDir(), "rows.csv")
	content := "seed,ok,epochs,mean_p,final,name\n7,false,0,NaN,,\n"
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	rows, err := ReadRows[checked](path)
	if err != nil {
		t.Fatal(err)
	}
	want := []checked{{Seed: 7, MeanP: math.NaN(), Final: math.NaN()}}
	if !same(rows, want) {
		t.Errorf("read %#v, want %#v", rows, want)
	}
}

type (
	badPointer struct {
		X *float64 `csv:"x"`
	}
	badInt32 struct {
		N int32 `csv:"n"`
	}
	badDuration struct {
		D time.Duration `csv:"d"`
	}
	badTime struct {
		T time.Time `csv:"t"`
	}
	badBlank struct {
		N int `csv:"n,blank"`
	}
	badNumbered struct {
		X []int `csv:"x,numbered"`
	}
	badOption struct {
		X float64 `csv:"x,omitempty"`
	}
	badNoName struct {
		X float64 `csv:",blank"`
	}
	badUnexported struct {
		x float64 `csv:"x"`
	}
	badSub struct {
		S struct {
			P *int `csv:"p"`
		} `csv:"s"`
	}
	badTwice struct {
		A float64 `csv:"a"`
		B float64 `csv:"a"`
	}
	badFlatTwice struct {
		A  meanSE  `csv:"a"`
		AM float64 `csv:"a_mean"`
	}
	badCollision struct {
		Acc  []float64 `csv:"acc,numbered"`
		Acc1 float64   `csv:"acc1"`
	}
	badOnlyNumbered struct {
		Acc []float64 `csv:"acc,numbered"`
	}
	badNoColumns struct{ A float64 }
)

func TestRowTypePanics(t *testing.T) {
	for _, tc := range []struct {
		name string
		call func()
		want string
	}{
		{"pointer", func() { Columns[badPointer](0) }, "results: field X of results.badPointer: unsupported type *float64"},
		{"int32", func() { Columns[badInt32](0) }, "results: field N of results.badInt32: unsupported type int32"},
		{"defined type", func() { Columns[badDuration](0) }, "results: field D of results.badDuration: unsupported type time.Duration"},
		{"time", func() { Columns[badTime](0) }, "results: field T of results.badTime: unsupported type time.Time"},
		{"blank int", func() { Columns[badBlank](0) }, "results: field N of results.badBlank: unsupported type int for option blank"},
		{"numbered ints", func() { Columns[badNumbered](0) }, "results: field X of results.badNumbered: unsupported type []int for option numbered"},
		{"unknown option", func() { Columns[badOption](0) }, `results: field X of results.badOption: unknown option "omitempty"`},
		{"no name", func() { Columns[badNoName](0) }, "results: field X of results.badNoName: tag \",blank\" has no column name"},
		{"unexported", func() { RowsTable([]badUnexported{{x: 1}}) }, "results: field x of results.badUnexported: tagged field is unexported"},
		{"in a flattened struct", func() { Columns[badSub](0) }, "results: field S.P of results.badSub: unsupported type *int"},
		{"same column twice", func() { Columns[badTwice](0) }, `results: field B of results.badTwice: column "a" is also field A's`},
		{"flattened column twice", func() { Columns[badFlatTwice](0) }, `results: field AM of results.badFlatTwice: column "a_mean" is also field A.Mean's`},
		{"numbered collision", func() { Columns[badCollision](0) }, `results: field Acc1 of results.badCollision: column "acc1" collides with the numbered columns of field Acc`},
		{"only numbered", func() { Columns[badOnlyNumbered](0) }, "results: row type results.badOnlyNumbered has no csv column that is not numbered"},
		{"no columns", func() { Columns[badNoColumns](0) }, "results: row type results.badNoColumns has no csv column"},
		{"not a struct", func() { Columns[float64](0) }, "results: row type float64 is not a struct"},
		{"pointer to struct", func() { Columns[*everyKind](0) }, "results: row type *results.everyKind is not a struct"},
		{"negative length", func() { Columns[everyKind](-1) }, "results: Columns(-1): negative group length"},
		{"RowsTable", func() { RowsTable([]badPointer{{}}) }, "unsupported type *float64"},
		{"WriteRows", func() { _ = WriteRows(filepath.Join(t.TempDir(), "x.csv"), []badInt32{{}}) }, "unsupported type int32"},
		{"ReadRows", func() { _, _ = ReadRows[badTime]("missing.csv") }, "unsupported type time.Time"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			defer func() {
				r := recover()
				msg, _ := r.(string)
				if !strings.Contains(msg, tc.want) {
					t.Errorf("panic %v, want %q", r, tc.want)
				}
			}()
			tc.call()
		})
	}
}

func TestPlanCached(t *testing.T) {
	typ := reflect.TypeFor[everyKind]()
	first, second := planFor(typ), planFor(typ)
	if first != second {
		t.Error("two plans for one type")
	}
}
