package data

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"testing"
)

// FuzzReadIDX feeds arbitrary bytes to the readers, both as a gzip file and as IDX
// content that the harness compresses itself (random bytes are rarely valid deflate,
// so the second path is what explores the IDX parsing). The readers must never
// panic, and whatever they accept must be well-formed.
func FuzzReadIDX(f *testing.F) {
	f.Add(gz(idxImages(imagesMagic, 2, 28, 28)))
	f.Add(gz(idxLabels(labelsMagic, 3, 1, 4)))
	f.Add(idxLabels(labelsMagic, 3, 1, 4))
	f.Add(gz(idxImages(imagesMagic, 2, 28, 28))[:40])
	f.Add(gz(idxImages(0x00000802, 1, 28, 28)))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, file := range [][]byte{data, storedGzip(data)} {
			if pixels, err := ReadImages(bytes.NewReader(file)); err == nil && len(pixels)%Pixels != 0 {
				t.Fatalf("ReadImages accepted %d pixels, not a whole number of images", len(pixels))
			}
			labels, err := ReadLabels(bytes.NewReader(file))
			if err != nil {
				continue
			}
			for i, l := range labels {
				if l > 9 {
					t.Fatalf("ReadLabels accepted label %d = %d", i, l)
				}
			}
		}
	})
}

// storedGzip wraps data in a gzip stream of uncompressed (stored) deflate blocks:
// a valid file, made far faster than by gzip.Writer, whose setup dominated the
// fuzzing loop.
func storedGzip(data []byte) []byte {
	sum, size := crc32.ChecksumIEEE(data), uint32(len(data))
	out := []byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff} // magic, deflate, no flags, unknown OS
	for {
		n := min(len(data), 0xffff)
		final := byte(0)
		if n == len(data) {
			final = 1
		}
		out = append(out, final, byte(n), byte(n>>8), ^byte(n), ^byte(n>>8))
		out = append(out, data[:n]...)
		data = data[n:]
		if final == 1 {
			break
		}
	}
	return binary.LittleEndian.AppendUint32(binary.LittleEndian.AppendUint32(out, sum), size)
}

func TestStoredGzip(t *testing.T) {
	for _, n := range []int{0, 3, 200} { // 200 images span several stored blocks
		pixels, err := ReadImages(bytes.NewReader(storedGzip(idxImages(imagesMagic, n, 28, 28))))
		if err != nil || len(pixels) != n*Pixels {
			t.Fatalf("%d images: got %d pixels, %v", n, len(pixels), err)
		}
	}
}
