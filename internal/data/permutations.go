package data

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
)

// ReadPermutations reads pixel permutations, one task's per line: Pixels
// whitespace-separated indices 0..Pixels-1, where a permuted image has pixel
// perm[j] of the original at position j (PixelPermutation's convention, and
// torch.index_select's on a flattened image). Blank lines and lines starting with
// # are skipped. Errors name the line.
func ReadPermutations(r io.Reader) ([][]int32, error) {
	var perms [][]int32
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	for line := 1; sc.Scan(); line++ {
		text := strings.TrimSpace(sc.Text())
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		fields := strings.Fields(text)
		perm := make([]int32, len(fields))
		for j, f := range fields {
			v, err := strconv.ParseInt(f, 10, 32)
			if err != nil {
				return nil, fmt.Errorf("line %d: index %d is %q, want an integer", line, j+1, f)
			}
			perm[j] = int32(v)
		}
		if err := checkPermutation(perm); err != nil {
			return nil, fmt.Errorf("line %d: %v", line, err)
		}
		perms = append(perms, perm)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(perms) == 0 {
		return nil, fmt.Errorf("no permutations in it")
	}
	return perms, nil
}

// LoadPermutations reads the permutations file at path (see ReadPermutations).
// Errors name the file.
func LoadPermutations(path string) ([][]int32, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	perms, err := ReadPermutations(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return perms, nil
}

// WritePermutations writes perms in the format ReadPermutations reads.
func WritePermutations(w io.Writer, perms [][]int32) error {
	bw := bufio.NewWriter(w)
	for _, perm := range perms {
		for j, v := range perm {
			if j > 0 {
				bw.WriteByte(' ')
			}
			bw.WriteString(strconv.Itoa(int(v)))
		}
		bw.WriteByte('\n')
	}
	return bw.Flush()
}

// checkPermutation reports why perm is not a permutation of 0..Pixels-1.
func checkPermutation(perm []int32) error {
	if len(perm) != Pixels {
		return fmt.Errorf("%d indices, want %d (one per pixel)", len(perm), Pixels)
	}
	seen := make([]bool, Pixels)
	for j, v := range perm {
		if v < 0 || int(v) >= Pixels {
			return fmt.Errorf("index %d is %d, want 0 to %d", j+1, v, Pixels-1)
		}
		if seen[v] {
			return fmt.Errorf("pixel %d appears twice: not a permutation", v)
		}
		seen[v] = true
	}
	return nil
}
