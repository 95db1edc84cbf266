package data

import (
	"bytes"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestPermutationsRoundTrip: what WritePermutations writes, ReadPermutations reads
// back, comments and blank lines aside, and PermutedWith builds tasks on exactly
// those permutations.
func TestPermutationsRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	perms := [][]int32{PixelPermutation(rng), PixelPermutation(rng), PixelPermutation(rng)}
	var b bytes.Buffer
	b.WriteString("# drawn by a test\n\n")
	if err := WritePermutations(&b, perms); err != nil {
		t.Fatal(err)
	}
	got, err := ReadPermutations(&b)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(perms) {
		t.Fatalf("read %d permutations, wrote %d", len(got), len(perms))
	}
	tasks := PermutedWith(synthDataset(20, 10), got)
	for i := range perms {
		if !slices.Equal(got[i], perms[i]) || !slices.Equal(tasks[i].Permutation(), perms[i]) {
			t.Errorf("permutation %d changed on the way", i+1)
		}
	}
	if Plain(synthDataset(20, 10)).Permutation() != nil {
		t.Error("a plain task reports a permutation")
	}
	// Permuted draws its permutations and builds the same tasks as PermutedWith would.
	drawn := Permuted(synthDataset(20, 10), 2, 2019)
	again := PermutedWith(synthDataset(20, 10), [][]int32{drawn[0].Permutation(), drawn[1].Permutation()})
	if !slices.Equal(drawn[1].Permutation(), again[1].Permutation()) || drawn[1].Name != again[1].Name {
		t.Error("Permuted and PermutedWith disagree")
	}
}

func TestReadPermutationsErrors(t *testing.T) {
	identity := make([]string, Pixels)
	for i := range identity {
		identity[i] = strconv.Itoa(i)
	}
	line := strings.Join(identity, " ")
	swap := func(i int, v string) string {
		f := slices.Clone(identity)
		f[i] = v
		return strings.Join(f, " ")
	}
	tests := []struct {
		name, text, want string
	}{
		{"empty", "# nothing\n", "no permutations"},
		{"short line", line + "\n1 2 3\n", "line 2: 3 indices, want 784"},
		{"not a number", swap(5, "five"), `line 1: index 6 is "five"`},
		{"out of range", swap(0, "784"), "line 1: index 1 is 784, want 0 to 783"},
		{"negative", swap(0, "-1"), "index 1 is -1"},
		{"repeat", swap(0, "1"), "pixel 1 appears twice"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadPermutations(strings.NewReader(tt.text))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want one containing %q", err, tt.want)
			}
		})
	}
	if _, err := LoadPermutations("no/such/file.txt"); err == nil || !strings.Contains(err.Error(), "no/such/file.txt") {
		t.Errorf("missing file: error %v does not name it", err)
	}
}
