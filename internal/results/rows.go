package results

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// RowsTable returns rows as a Table whose header comes from R's `csv` struct tags.
//
// R must be a struct type. Its tagged fields, in field order, are the columns:
//
//	Seed    uint64    `csv:"seed"`         one column
//	Final   float64   `csv:"final,blank"`  NaN is an empty cell (a diverged run)
//	Acc     []float64 `csv:"acc,numbered"` columns acc1, acc2, ..., accN
//	TestAcc MeanSE    `csv:"test_acc"`     the struct's own columns, prefixed:
//	                                        test_acc_mean, test_acc_se
//	Note    string                        no tag, or `csv:"-"`: not a column
//
// A plain column holds a string, bool, int, int64, uint64 or float64 (exactly these
// types, not types defined from them). Floats are written with FormatFloat, so NaN
// is "NaN" and infinities "+Inf" and "-Inf", except that a `blank` float writes NaN
// as an empty cell. A `numbered` []float64 has as many columns as the longest slice
// among the rows; a shorter slice leaves its last cells empty. A struct field is
// flattened into prefix_name columns from its own tags, recursively, so a struct
// within a flattened struct gives prefix_name_subname columns.
//
// R must have at least one column that is not numbered, so that a file always has a
// header. A type that breaks these rules (not a struct, a tagged field of another
// type, an unexported tagged field, an unknown tag option, two fields giving the same
// column) is a programming error: RowsTable, WriteRows, ReadRows and Columns panic
// with a message that names the type and the field. Each type's columns are worked
// out once and cached.
func RowsTable[R any](rows []R) *Table {
	p := planFor(reflect.TypeFor[R]())
	widths := p.widths(rows)
	t := NewTable(p.header(widths)...)
	for i := range rows {
		t.AddRow(p.format(reflect.ValueOf(&rows[i]).Elem(), widths)...)
	}
	return t
}

// WriteRows writes rows to path atomically (WriteFileAtomic) as CSV, with the
// columns RowsTable gives them.
func WriteRows[R any](path string, rows []R) error {
	return WriteFileAtomic(path, encodeRows(RowsTable(rows)))
}

// ReadRows reads a CSV file whose header must be exactly R's columns, in order (see
// RowsTable), the numbered groups having any number of columns, zero included.
//
// A missing, unknown, repeated or misplaced column is an error, and so is a cell that
// does not parse as its field's type: the error names the file, the line (the header
// is line 1) and the column. An empty cell is an error except in a string column
// (the empty string), a `blank` float (NaN) and a numbered group, whose slice holds
// the cells up to the first empty one; a value after an empty cell is an error. A
// row without numbered values has a nil slice. ReadRows never panics on a file's
// content, only on a type R that RowsTable rejects.
func ReadRows[R any](path string) ([]R, error) {
	p := planFor(reflect.TypeFor[R]())
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("results: %w", err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1 // checked below, with a clearer message
	header, err := r.Read()
	if errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("results: %s: empty file, want a header", path)
	}
	if err != nil {
		return nil, fmt.Errorf("results: %s: %w", path, err)
	}
	widths, err := p.match(header)
	if err != nil {
		return nil, fmt.Errorf("results: %s: %w", path, err)
	}
	r.ReuseRecord = true // after the header, which is kept for error messages
	rows := []R{}
	for {
		record, err := r.Read()
		if errors.Is(err, io.EOF) {
			return rows, nil
		}
		if err != nil {
			return nil, fmt.Errorf("results: %s: %w", path, err)
		}
		if len(record) != len(header) {
			line, _ := r.FieldPos(0)
			return nil, fmt.Errorf("results: %s: line %d has %d fields, the header has %d",
				path, line, len(record), len(header))
		}
		var row R
		if j, err := p.parse(reflect.ValueOf(&row).Elem(), record, widths); err != nil {
			line, _ := r.FieldPos(j)
			return nil, fmt.Errorf("results: %s: line %d, column %q: %w", path, line, header[j], err)
		}
		rows = append(rows, row)
	}
}

// Columns returns the header R gives when each of its numbered groups has n columns.
func Columns[R any](n int) []string {
	if n < 0 {
		panic(fmt.Sprintf("results: Columns(%d): negative group length", n))
	}
	p := planFor(reflect.TypeFor[R]())
	widths := make([]int, len(p.cols))
	for i, c := range p.cols {
		widths[i] = 1
		if c.kind == kindNumbered {
			widths[i] = n
		}
	}
	return p.header(widths)
}

// encodeRows is Table.Bytes, except that a record of one empty field is written as
// "": encoding/csv writes it as a blank line, which its reader skips.
func encodeRows(t *Table) []byte {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	for _, record := range append([][]string{t.Header}, t.Rows...) {
		if len(record) == 1 && record[0] == "" {
			w.Flush()
			buf.WriteString("\"\"\n")
			continue
		}
		_ = w.Write(record) // writes to a bytes.Buffer cannot fail
	}
	w.Flush()
	return buf.Bytes()
}

// kind is how a column is formatted and parsed.
type kind int

const (
	kindString kind = iota
	kindBool
	kindInt
	kindInt64
	kindUint64
	kindFloat
	kindBlankFloat // float64 with NaN as an empty cell
	kindNumbered   // []float64 as columns name1..nameN
)

// plainKinds are the field types of one-column fields without options.
var plainKinds = map[reflect.Type]kind{
	reflect.TypeFor[string]():  kindString,
	reflect.TypeFor[bool]():    kindBool,
	reflect.TypeFor[int]():     kindInt,
	reflect.TypeFor[int64]():   kindInt64,
	reflect.TypeFor[uint64]():  kindUint64,
	reflect.TypeFor[float64](): kindFloat,
}

// column is one tagged field of a row type: one CSV column, or a numbered group.
type column struct {
	name  string // the column's name, or the numbered group's prefix
	field string // the Go field, e.g. TestAcc.Mean, for panics
	index []int  // for reflect.Value.FieldByIndex from the row
	kind  kind
}

// plan is the columns of a row type, in order.
type plan struct {
	typ  reflect.Type
	cols []column
}

var plans sync.Map // reflect.Type -> *plan

// planFor returns t's plan, working it out on first use.
func planFor(t reflect.Type) *plan {
	if p, ok := plans.Load(t); ok {
		return p.(*plan)
	}
	p, _ := plans.LoadOrStore(t, newPlan(t))
	return p.(*plan)
}

// newPlan works out t's columns, panicking if t is not a valid row type.
func newPlan(t reflect.Type) *plan {
	if t.Kind() != reflect.Struct {
		panic(fmt.Sprintf("results: row type %v is not a struct", t))
	}
	p := &plan{typ: t}
	p.addFields(t, "", "", nil)
	if !slices.ContainsFunc(p.cols, func(c column) bool { return c.kind != kindNumbered }) {
		panic(fmt.Sprintf("results: row type %v has no csv column that is not numbered", t))
	}
	for i, a := range p.cols {
		for _, b := range p.cols[:i] {
			if a.name == b.name {
				p.fail(a.field, "column %q is also field %s's", a.name, b.field)
			}
			if b.kind == kindNumbered && numberedSuffix(a.name, b.name) {
				p.fail(a.field, "column %q collides with the numbered columns of field %s", a.name, b.field)
			}
			if a.kind == kindNumbered && numberedSuffix(b.name, a.name) {
				p.fail(a.field, "numbered columns %q collide with column %q of field %s", a.name, b.name, b.field)
			}
		}
	}
	return p
}

// addFields appends the columns of struct type t, whose fields are at index within
// the row, named with prefix and reported as fieldPrefix + the Go field name.
func (p *plan) addFields(t reflect.Type, prefix, fieldPrefix string, index []int) {
	for i := range t.NumField() {
		f := t.Field(i)
		tag, ok := f.Tag.Lookup("csv")
		if !ok || tag == "-" {
			continue
		}
		field := fieldPrefix + f.Name
		name, opt, _ := strings.Cut(tag, ",")
		if name == "" {
			p.fail(field, "tag %q has no column name", tag)
		}
		if !f.IsExported() {
			p.fail(field, "tagged field is unexported")
		}
		c := column{name: prefix + name, field: field, index: append(slices.Clone(index), i)}
		switch opt {
		case "":
			k, plain := plainKinds[f.Type]
			if plain {
				c.kind = k
				break
			}
			if f.Type.Kind() != reflect.Struct {
				p.fail(field, "unsupported type %v", f.Type)
			}
			n := len(p.cols)
			p.addFields(f.Type, c.name+"_", field+".", c.index)
			if len(p.cols) == n {
				p.fail(field, "unsupported type %v (a flattened struct needs csv-tagged fields)", f.Type)
			}
			continue
		case "blank":
			if f.Type != reflect.TypeFor[float64]() {
				p.fail(field, "unsupported type %v for option blank, want float64", f.Type)
			}
			c.kind = kindBlankFloat
		case "numbered":
			if f.Type != reflect.TypeFor[[]float64]() {
				p.fail(field, "unsupported type %v for option numbered, want []float64", f.Type)
			}
			c.kind = kindNumbered
		default:
			p.fail(field, "unknown option %q in tag %q", opt, tag)
		}
		p.cols = append(p.cols, c)
	}
}

// fail panics with a message naming the row type and the field.
func (p *plan) fail(field, format string, args ...any) {
	panic(fmt.Sprintf("results: field %s of %v: ", field, p.typ) + fmt.Sprintf(format, args...))
}

// numberedSuffix reports whether name is prefix followed by digits only.
func numberedSuffix(name, prefix string) bool {
	rest, ok := strings.CutPrefix(name, prefix)
	return ok && rest != "" && strings.Trim(rest, "0123456789") == ""
}

// numberedName is column k (from 1) of the numbered group prefix.
func numberedName(prefix string, k int) string { return prefix + strconv.Itoa(k) }

// widths returns how many CSV columns each plan column has for rows, a slice of the
// plan's type: 1, or the longest slice of a numbered group.
func (p *plan) widths(rows any) []int {
	v := reflect.ValueOf(rows)
	widths := make([]int, len(p.cols))
	for i, c := range p.cols {
		if c.kind != kindNumbered {
			widths[i] = 1
			continue
		}
		for r := range v.Len() {
			widths[i] = max(widths[i], v.Index(r).FieldByIndex(c.index).Len())
		}
	}
	return widths
}

// header returns the column names for the given widths.
func (p *plan) header(widths []int) []string {
	var names []string
	for i, c := range p.cols {
		if c.kind != kindNumbered {
			names = append(names, c.name)
			continue
		}
		for k := 1; k <= widths[i]; k++ {
			names = append(names, numberedName(c.name, k))
		}
	}
	return names
}

// format returns the cells of row, a struct value of the plan's type.
func (p *plan) format(row reflect.Value, widths []int) []string {
	var cells []string
	for i, c := range p.cols {
		f := row.FieldByIndex(c.index)
		switch c.kind {
		case kindString:
			cells = append(cells, f.String())
		case kindBool:
			cells = append(cells, strconv.FormatBool(f.Bool()))
		case kindInt, kindInt64:
			cells = append(cells, strconv.FormatInt(f.Int(), 10))
		case kindUint64:
			cells = append(cells, strconv.FormatUint(f.Uint(), 10))
		case kindFloat:
			cells = append(cells, FormatFloat(f.Float()))
		case kindBlankFloat:
			if x := f.Float(); math.IsNaN(x) {
				cells = append(cells, "")
			} else {
				cells = append(cells, FormatFloat(x))
			}
		case kindNumbered:
			xs := f.Interface().([]float64)
			for k := range widths[i] {
				if k < len(xs) {
					cells = append(cells, FormatFloat(xs[k]))
				} else {
					cells = append(cells, "")
				}
			}
		}
	}
	return cells
}

// match checks a file's header against the plan and returns the width of each plan
// column in it.
func (p *plan) match(header []string) ([]int, error) {
	at := make(map[string]int, len(header)) // column name -> position
	for i, name := range header {
		if j, seen := at[name]; seen {
			return nil, fmt.Errorf("column %q appears twice (columns %d and %d)", name, j+1, i+1)
		}
		at[name] = i
	}
	widths := make([]int, len(p.cols))
	for i, c := range p.cols {
		if c.kind != kindNumbered {
			if _, ok := at[c.name]; !ok {
				return nil, fmt.Errorf("no column %q", c.name)
			}
			widths[i] = 1
			continue
		}
		for {
			if _, ok := at[numberedName(c.name, widths[i]+1)]; !ok {
				break
			}
			widths[i]++
		}
	}
	want := p.header(widths)
	if len(want) != len(header) { // every wanted column is there: some are not wanted
		wanted := make(map[string]bool, len(want))
		for _, name := range want {
			wanted[name] = true
		}
		for _, name := range header {
			if !wanted[name] {
				return nil, p.unexpected(name, widths)
			}
		}
	}
	for i, name := range want {
		if header[i] != name {
			return nil, fmt.Errorf("column %q is out of place: it is column %d, want column %d", name, at[name]+1, i+1)
		}
	}
	return widths, nil
}

// unexpected explains a header column that is not one of the plan's: a numbered
// column after a gap, or an unknown one.
func (p *plan) unexpected(name string, widths []int) error {
	for i, c := range p.cols {
		if c.kind != kindNumbered || !numberedSuffix(name, c.name) {
			continue
		}
		k, err := strconv.Atoi(strings.TrimPrefix(name, c.name))
		if err == nil && k > widths[i] && name == numberedName(c.name, k) {
			return fmt.Errorf("no column %q before %q (numbered columns run from 1 without gaps)",
				numberedName(c.name, widths[i]+1), name)
		}
	}
	return fmt.Errorf("unknown column %q", name)
}

// parse sets row, a struct value of the plan's type, from one record. On error it
// returns the index of the bad cell.
func (p *plan) parse(row reflect.Value, record []string, widths []int) (int, error) {
	j := 0
	for i, c := range p.cols {
		f := row.FieldByIndex(c.index)
		if c.kind != kindNumbered {
			if err := parseCell(f, c.kind, record[j]); err != nil {
				return j, err
			}
			j++
			continue
		}
		cells := record[j : j+widths[i]]
		n := slices.Index(cells, "")
		if n < 0 {
			n = len(cells)
		}
		for k := n; k < len(cells); k++ {
			if cells[k] != "" {
				return j + k, fmt.Errorf("%q follows an empty cell", cells[k])
			}
		}
		if n > 0 {
			xs := make([]float64, n)
			for k, s := range cells[:n] {
				x, err := parseFloat(s)
				if err != nil {
					return j + k, err
				}
				xs[k] = x
			}
			f.Set(reflect.ValueOf(xs))
		}
		j += len(cells)
	}
	return 0, nil
}

// parseCell sets f, a field of kind k other than numbered, from cell s.
func parseCell(f reflect.Value, k kind, s string) error {
	if s == "" {
		switch k {
		case kindString:
			return nil
		case kindBlankFloat:
			f.SetFloat(math.NaN())
			return nil
		}
		return errors.New("empty cell")
	}
	switch k {
	case kindString:
		f.SetString(s)
	case kindBool:
		b, err := strconv.ParseBool(s)
		if err != nil {
			return fmt.Errorf("%q is not true or false", s)
		}
		f.SetBool(b)
	case kindInt, kindInt64:
		bits := 64
		if k == kindInt {
			bits = strconv.IntSize
		}
		x, err := strconv.ParseInt(s, 10, bits)
		if err != nil {
			return numberError(s, "an integer", err)
		}
		f.SetInt(x)
	case kindUint64:
		x, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			return numberError(s, "an unsigned integer", err)
		}
		f.SetUint(x)
	case kindFloat, kindBlankFloat:
		x, err := parseFloat(s)
		if err != nil {
			return err
		}
		f.SetFloat(x)
	}
	return nil
}

// parseFloat parses a float cell; NaN and infinities are accepted, overflow is not.
func parseFloat(s string) (float64, error) {
	x, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, numberError(s, "a number", err)
	}
	return x, nil
}

// numberError explains a strconv error on cell s, which should have been what.
func numberError(s, what string, err error) error {
	if errors.Is(err, strconv.ErrRange) {
		return fmt.Errorf("%q is out of range", s)
	}
	return fmt.Errorf("%q is not %s", s, what)
}

// EncodeRows returns the CSV text WriteRows writes for rows.
func EncodeRows[R any](rows []R) []byte { return encodeRows(RowsTable(rows)) }
