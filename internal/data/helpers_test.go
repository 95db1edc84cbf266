package data

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"os"
	"path/filepath"
	"testing"
)

// idxImages returns uncompressed IDX image data: n images of rows x cols whose
// pixels are (image + pixel) mod 256, under the given magic number.
func idxImages(magic uint32, n, rows, cols int) []byte {
	var b bytes.Buffer
	for _, v := range []uint32{magic, uint32(n), uint32(rows), uint32(cols)} {
		binary.Write(&b, binary.BigEndian, v)
	}
	for i := range n * rows * cols {
		b.WriteByte(byte(i/(rows*cols) + i%(rows*cols)))
	}
	return b.Bytes()
}

// idxLabels returns uncompressed IDX label data holding labels.
func idxLabels(magic uint32, labels ...byte) []byte {
	var b bytes.Buffer
	binary.Write(&b, binary.BigEndian, magic)
	binary.Write(&b, binary.BigEndian, uint32(len(labels)))
	b.Write(labels)
	return b.Bytes()
}

func gz(data []byte) []byte {
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	w.Write(data)
	w.Close()
	return b.Bytes()
}

// writeFile writes data to dir/name, creating dir.
func writeFile(t testing.TB, dir, name string, data []byte) string {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// withoutPackages makes Locate search the data dir only, as on a machine where
// neither GoMNIST nor dataset-fashion-mnist is installed.
func withoutPackages(t *testing.T) {
	t.Helper()
	saved := packageDir
	packageDir = func(Name) (string, Source) { return "", FromDataDir }
	t.Cleanup(func() { packageDir = saved })
}

// withPackageDir makes Locate's package folder dir, for every data set.
func withPackageDir(t *testing.T, dir string) {
	t.Helper()
	saved := packageDir
	packageDir = func(Name) (string, Source) { return dir, FromSystemPackage }
	t.Cleanup(func() { packageDir = saved })
}

// synthSet returns n samples whose pixel j of sample i is i*1000 + j (exact in
// float32 for n < 16000) and whose class is i % 10, so tests can see which sample
// and which permutation ended up where.
func synthSet(n int) *Set {
	x := make([]float32, n*Pixels)
	labels := make([]uint8, n)
	for i := range n {
		labels[i] = uint8(i % 10)
		for j := range Pixels {
			x[i*Pixels+j] = float32(i*1000 + j)
		}
	}
	return NewSet(x, labels)
}

func synthDataset(nTrain, nTest int) *Dataset {
	return &Dataset{Name: MNIST, Train: synthSet(nTrain), Test: synthSet(nTest)}
}

// sampleOf recovers the sample index of a synthSet image from its first pixel when
// the image is not permuted.
func sampleOf(img []float32) int { return int(img[0]) / 1000 }

func sumOf(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}
