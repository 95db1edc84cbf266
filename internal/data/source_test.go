package data

import (
	"errors"
	"path/filepath"
	"testing"
)

func TestDirLoadMissing(t *testing.T) {
	// Without the package folders, a data dir that does not exist has no files.
	withoutPackages(t)
	dir := filepath.Join(t.TempDir(), "testdata-does-not-exist")
	var l Loader = Dir(dir)
	for _, name := range Names() {
		ds, err := l.Load(name)
		if ds != nil || !errors.Is(err, ErrNotFound) {
			t.Errorf("Dir(%q).Load(%s) = %v, %v; want an error wrapping ErrNotFound", dir, name, ds, err)
		}
	}
}

func TestDirLoadUnknownName(t *testing.T) {
	withoutPackages(t)
	if ds, err := Dir(t.TempDir()).Load("cifar"); ds != nil || err == nil {
		t.Errorf("Load(cifar) = %v, %v; want an error", ds, err)
	}
}
