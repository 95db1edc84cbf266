package data

import (
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"hash"
	"io"
	"slices"
)

// Image geometry shared by MNIST and Fashion-MNIST.
const (
	Rows   = 28
	Cols   = 28
	Pixels = Rows * Cols // inputs per flattened image
)

// Magic numbers of IDX files: 0x08 means unsigned bytes, the last byte is the number
// of dimensions.
const (
	imagesMagic = 0x00000803
	labelsMagic = 0x00000801
)

// maxSamples bounds the count an IDX header may claim. The real files hold 60000 and
// 10000 samples; the bound keeps a forged header from making us trust a count of
// four billion.
const maxSamples = 1 << 20

// ErrFormat marks a file that is not a valid IDX file of the kind expected:
// wrong magic number, wrong dimensions, truncated, trailing bytes, bad gzip
// stream or a label outside 0..9.
var ErrFormat = errors.New("not a valid IDX file")

// ReadImages reads a gzip-compressed IDX image file (magic 0x00000803, 28x28 images)
// and returns its pixels: one byte per pixel, image after image, len = n*Pixels.
func ReadImages(r io.Reader) ([]byte, error) {
	return readIDX(r, imagesFile, nil)
}

// ReadLabels reads a gzip-compressed IDX label file (magic 0x00000801) and returns
// its labels, each checked to be a class 0..9.
func ReadLabels(r io.Reader) ([]uint8, error) {
	return readIDX(r, labelsFile, nil)
}

// fileKind says what an IDX file holds.
type fileKind int

const (
	imagesFile fileKind = iota
	labelsFile
)

func (k fileKind) String() string {
	if k == imagesFile {
		return "image"
	}
	return "label"
}

// readIDX decompresses r and decodes one IDX file of the given kind. When sum is not
// nil it receives every decompressed byte, for the SHA-256 check.
func readIDX(r io.Reader, kind fileKind, sum hash.Hash) ([]byte, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, gzipError(err)
	}
	defer zr.Close()
	var content io.Reader = zr
	if sum != nil {
		content = io.TeeReader(zr, sum)
	}
	var payload []byte
	if kind == imagesFile {
		payload, err = decodeImages(content)
	} else {
		payload, err = decodeLabels(content)
	}
	if err != nil {
		return nil, err
	}
	if err := expectEOF(content, kind); err != nil {
		return nil, err
	}
	return payload, nil
}

// decodeImages parses uncompressed IDX image data up to the end of the last image.
func decodeImages(r io.Reader) ([]byte, error) {
	var header [16]byte
	if err := readHeader(r, header[:], imagesMagic, imagesFile); err != nil {
		return nil, err
	}
	n := binary.BigEndian.Uint32(header[4:])
	rows := binary.BigEndian.Uint32(header[8:])
	cols := binary.BigEndian.Uint32(header[12:])
	if rows != Rows || cols != Cols {
		return nil, fmt.Errorf("%w: images are %dx%d, want %dx%d", ErrFormat, rows, cols, Rows, Cols)
	}
	if n > maxSamples {
		return nil, fmt.Errorf("%w: header claims %d images, more than the %d this reader accepts", ErrFormat, n, maxSamples)
	}
	pixels, err := readPayload(r, int(n)*Pixels)
	if err != nil {
		return nil, fmt.Errorf("%w (%d of %d images complete)", err, len(pixels)/Pixels, n)
	}
	return pixels, nil
}

// decodeLabels parses uncompressed IDX label data up to the end of the last label.
func decodeLabels(r io.Reader) ([]uint8, error) {
	var header [8]byte
	if err := readHeader(r, header[:], labelsMagic, labelsFile); err != nil {
		return nil, err
	}
	n := binary.BigEndian.Uint32(header[4:])
	if n > maxSamples {
		return nil, fmt.Errorf("%w: header claims %d labels, more than the %d this reader accepts", ErrFormat, n, maxSamples)
	}
	labels, err := readPayload(r, int(n))
	if err != nil {
		return nil, fmt.Errorf("%w (%d of %d labels)", err, len(labels), n)
	}
	for i, l := range labels {
		if l > 9 {
			return nil, fmt.Errorf("%w: label %d is %d, want a class 0..9", ErrFormat, i, l)
		}
	}
	return labels, nil
}

// readHeader fills header and checks its magic number.
func readHeader(r io.Reader, header []byte, magic uint32, kind fileKind) error {
	if n, err := io.ReadFull(r, header); err != nil {
		if isTruncation(err) {
			return fmt.Errorf("%w: truncated: header has %d of %d bytes", ErrFormat, n, len(header))
		}
		return gzipError(err)
	}
	if got := binary.BigEndian.Uint32(header); got != magic {
		return fmt.Errorf("%w: magic number is 0x%08x, want 0x%08x (an IDX %s file)", ErrFormat, got, magic, kind)
	}
	return nil
}

// readPayload reads exactly size bytes. It does not trust the header's size up
// front: the buffer starts at most firstChunk long and doubles as data arrives, so a
// short forged file costs little memory while a real one is copied only a few times.
// On error it returns what it read so far.
func readPayload(r io.Reader, size int) ([]byte, error) {
	buf := make([]byte, 0, min(size, firstChunk))
	for len(buf) < size {
		if len(buf) == cap(buf) {
			buf = slices.Grow(buf, min(size, 2*cap(buf))-len(buf))
		}
		n, err := io.ReadFull(r, buf[len(buf):min(size, cap(buf))])
		buf = buf[:len(buf)+n]
		if err != nil {
			if isTruncation(err) {
				return buf, fmt.Errorf("%w: truncated", ErrFormat)
			}
			return buf, gzipError(err)
		}
	}
	return buf, nil
}

// firstChunk is readPayload's initial buffer size.
const firstChunk = 64 << 10

// expectEOF reads on past the payload: the gzip reader checks the stream's CRC-32
// and length only at its end, and bytes after the last sample mean the header's
// count is wrong.
func expectEOF(r io.Reader, kind fileKind) error {
	var extra [1]byte
	n, err := io.ReadFull(r, extra[:])
	switch {
	case n > 0:
		return fmt.Errorf("%w: trailing bytes after the last %s", ErrFormat, kind)
	case err == io.EOF:
		return nil
	case isTruncation(err):
		return fmt.Errorf("%w: truncated gzip stream", ErrFormat)
	default:
		return gzipError(err)
	}
}

func isTruncation(err error) bool {
	return errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF)
}

// gzipError labels an error of the gzip layer (bad header, corrupt deflate data,
// CRC mismatch) as a format error, keeping the underlying error for errors.Is.
func gzipError(err error) error {
	if isTruncation(err) {
		return fmt.Errorf("%w: truncated gzip stream", ErrFormat)
	}
	return fmt.Errorf("%w: %w", ErrFormat, err)
}
