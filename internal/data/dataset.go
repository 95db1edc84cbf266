package data

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// Set is a sequence of samples: normalised images and their classes. A Set loaded by
// Load is shared by every run in the process; treat it as read-only.
type Set struct {
	X      []float32 // Len()*Pixels values, image after image, row-major 28x28
	Labels []uint8   // the class of each image, 0..9
}

// NewSet wraps images and labels as a Set. It panics if x does not hold exactly
// Pixels values per label: that is a programming error, not a data problem.
func NewSet(x []float32, labels []uint8) *Set {
	if len(x) != len(labels)*Pixels {
		panic(fmt.Sprintf("data: NewSet: %d values for %d labels, want %d", len(x), len(labels), len(labels)*Pixels))
	}
	return &Set{X: x, Labels: labels}
}

// Len is the number of samples.
func (s *Set) Len() int { return len(s.Labels) }

// Image returns sample i's Pixels values (a view into X, not a copy).
func (s *Set) Image(i int) []float32 { return s.X[i*Pixels : (i+1)*Pixels : (i+1)*Pixels] }

// Head returns the first n samples (all of them if n >= Len), sharing memory: the
// quick way to a small training or test set.
func (s *Set) Head(n int) *Set {
	n = min(max(n, 0), s.Len())
	return &Set{X: s.X[: n*Pixels : n*Pixels], Labels: s.Labels[:n:n]}
}

// Normalize writes (pixel/255 - mean) / std for every pixel into dst, which must be
// as long as pixels.
func Normalize(dst []float32, pixels []byte, mean, std float64) {
	if len(dst) != len(pixels) {
		panic(fmt.Sprintf("data: Normalize: dst has %d values for %d pixels", len(dst), len(pixels)))
	}
	table := normalTable(mean, std)
	for i, p := range pixels {
		dst[i] = table[p]
	}
}

// normalTable is what Normalize writes for each of a pixel's 256 values:
// computed once, in float64, then rounded.
func normalTable(mean, std float64) (table [256]float32) {
	for v := range table {
		table[v] = float32((float64(v)/255 - mean) / std)
	}
	return table
}

// Dataset is one data set, normalised, with the files it came from.
type Dataset struct {
	Name  Name
	Train *Set // 60000 samples for the real data sets
	Test  *Set // 10000 samples
	// Files are where the four files were found, in the order of Files().
	Files [4]Location
}

// Load returns the named data set from dataDir (see Locate for the search order),
// checked and normalised. The data are loaded once per process: every call that
// resolves to the same files returns the same *Dataset, also when called
// concurrently. A failed load is not remembered, so a later call tries again.
// Errors are *FileError values naming the file.
func Load(dataDir string, name Name) (*Dataset, error) {
	if _, err := ParseName(string(name)); err != nil {
		return nil, err
	}
	var locs [4]Location
	for i, file := range Files() {
		loc, err := Locate(dataDir, name, file)
		if err != nil {
			return nil, err
		}
		locs[i] = loc
	}
	return loadCache.get(name, locs)
}

// loadCache keeps each data set loaded once, keyed by the data set and the absolute
// paths of its files, so two data dirs with different copies are not confused.
var loadCache = datasetCache{entries: map[string]*cacheEntry{}}

type datasetCache struct {
	mu      sync.Mutex
	entries map[string]*cacheEntry
}

type cacheEntry struct {
	ready chan struct{} // closed when ds and err are set
	ds    *Dataset
	err   error
}

func (c *datasetCache) get(name Name, locs [4]Location) (*Dataset, error) {
	key := string(name)
	for _, l := range locs {
		abs, err := filepath.Abs(l.Path)
		if err != nil {
			abs = l.Path
		}
		key += "\x00" + abs
	}
	c.mu.Lock()
	if e, ok := c.entries[key]; ok {
		c.mu.Unlock()
		<-e.ready
		return e.ds, e.err
	}
	e := &cacheEntry{ready: make(chan struct{})}
	c.entries[key] = e
	c.mu.Unlock()

	e.ds, e.err = loadDataset(name, locs, true)
	if e.err != nil {
		c.mu.Lock()
		delete(c.entries, key)
		c.mu.Unlock()
	}
	close(e.ready)
	return e.ds, e.err
}

// loadDataset reads and normalises the four files. verify=false skips the SHA-256
// check, for tests on crafted files.
func loadDataset(name Name, locs [4]Location, verify bool) (*Dataset, error) {
	mean, std := name.Normalization()
	ds := &Dataset{Name: name, Files: locs}
	for i, set := range []**Set{&ds.Train, &ds.Test} {
		imgLoc, lblLoc := locs[2*i], locs[2*i+1]
		pixels, err := readFile(name, imgLoc, verify)
		if err != nil {
			return nil, err
		}
		labels, err := readFile(name, lblLoc, verify)
		if err != nil {
			return nil, err
		}
		if n := len(pixels) / Pixels; n != len(labels) {
			return nil, fileError(name, lblLoc,
				fmt.Errorf("%w: %d labels for the %d images of %s", ErrFormat, len(labels), n, filepath.Base(imgLoc.Path)))
		}
		x := make([]float32, len(pixels))
		Normalize(x, pixels, mean, std)
		*set = NewSet(x, labels)
	}
	return ds, nil
}

// ErrChecksum marks a file whose decompressed content does not have the SHA-256 sum
// DATA.md lists for it.
var ErrChecksum = errors.New("SHA-256 mismatch")

// readFile reads one IDX file and, when verify is set, checks the SHA-256 of its
// decompressed content. It returns pixels for an image file, labels for a label file.
func readFile(name Name, loc Location, verify bool) ([]byte, error) {
	file := filepath.Base(loc.Path)
	f, err := os.Open(loc.Path)
	if err != nil {
		return nil, fileError(name, loc, withoutPath(err))
	}
	defer f.Close()
	sum := sha256.New()
	payload, err := readIDX(bufio.NewReaderSize(f, 1<<16), kindOf(file), sum)
	if err != nil {
		return nil, fileError(name, loc, err)
	}
	if !verify {
		return payload, nil
	}
	got := hex.EncodeToString(sum.Sum(nil))
	want := sha256Sums[fileID{name, file}]
	if got == want {
		return payload, nil
	}
	msg := fmt.Sprintf("%v: decompressed content has %s..., want %s...", ErrChecksum, got[:12], want[:12])
	if id, ok := identify(got); ok {
		msg = fmt.Sprintf("%v: this is %s's %s", ErrChecksum, id.dataset, id.file)
	}
	return nil, fileError(name, loc, &wrapped{msg: msg, err: ErrChecksum})
}

func fileError(name Name, loc Location, err error) *FileError {
	return &FileError{Dataset: name, File: filepath.Base(loc.Path), Path: loc.Path, Err: err, Fix: damagedFix(name, loc.Source)}
}

// wrapped is an error with its own message that still matches err in errors.Is.
type wrapped struct {
	msg string
	err error
}

func (w *wrapped) Error() string { return w.msg }
func (w *wrapped) Unwrap() error { return w.err }

// FileReport is what Check found out about one data file.
type FileReport struct {
	Dataset  Name
	File     string
	Location Location // Path is empty when the file was not found
	Samples  int      // images or labels in the file; 0 when Err is set
	Err      error    // nil when the file is present and intact; else a *FileError
}

// Check locates and verifies all 8 files (format and SHA-256) without keeping their
// contents, and reports on each in the order of Names() and Files(). The files are
// checked concurrently.
func Check(dataDir string) []FileReport {
	var reports []FileReport
	for _, name := range Names() {
		for _, file := range Files() {
			reports = append(reports, FileReport{Dataset: name, File: file})
		}
	}
	var wg sync.WaitGroup
	for i := range reports {
		r := &reports[i]
		wg.Go(func() {
			loc, err := Locate(dataDir, r.Dataset, r.File)
			r.Location = loc
			if err != nil {
				r.Err = err
				return
			}
			payload, err := readFile(r.Dataset, loc, true)
			if err != nil {
				r.Err = err
				return
			}
			r.Samples = len(payload)
			if kindOf(r.File) == imagesFile {
				r.Samples /= Pixels
			}
		})
	}
	wg.Wait()
	return reports
}

// Problem returns the report's problem and its fix as separate one-line strings, for
// a table that shows the path in its own column. Both are empty when the file is fine.
func (r FileReport) Problem() (problem, fix string) {
	if r.Err == nil {
		return "", ""
	}
	var fe *FileError
	if errors.As(r.Err, &fe) {
		return oneLine(fe.Err.Error()), fe.Fix
	}
	return oneLine(r.Err.Error()), ""
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// rawCopies memoises Raw: every run of a process with raw inputs shares one
// copy of each loaded data set.
var rawCopies sync.Map // *Dataset -> *Dataset

// Raw returns ds with its pixels as raw values in [0, 1] (pixel/255) instead
// of standardised: a copy, made once per *Dataset and shared, read-only like
// ds. Each standardised value maps back to its pixel exactly (Normalize's
// table); a value no pixel gives (a generated data set's) is unstandardised
// by the data set's constants.
func Raw(ds *Dataset) *Dataset {
	if r, ok := rawCopies.Load(ds); ok {
		return r.(*Dataset)
	}
	mean, std := ds.Name.Normalization()
	table := normalTable(mean, std)
	raw := func(s *Set) *Set {
		if len(s.X) == 0 { // labels alone (Sizes): nothing to convert
			return s
		}
		x := make([]float32, len(s.X))
		for i, v := range s.X {
			u := (float64(v)*std + mean) * 255
			if p := math.Round(u); p >= 0 && p <= 255 && table[int(p)] == v {
				x[i] = float32(p / 255)
			} else {
				x[i] = float32(u / 255)
			}
		}
		return NewSet(x, s.Labels)
	}
	r := &Dataset{Name: ds.Name, Train: raw(ds.Train), Test: raw(ds.Test), Files: ds.Files}
	actual, _ := rawCopies.LoadOrStore(ds, r)
	return actual.(*Dataset)
}
