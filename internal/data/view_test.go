package data

import (
	"math/rand/v2"
	"slices"
	"testing"
)

func newRand(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, 0)) }

// epochOrder runs one epoch of b and returns the samples it handed out, checking
// each batch's images and targets against the view.
func epochOrder(t *testing.T, v *View, b *Batches) []int {
	t.Helper()
	x := make([]float32, b.Size()*Pixels)
	y := make([]int32, b.Size())
	var order []int
	for b.Next(x, y) {
		for k := range b.Size() {
			i := sampleOf(x[k*Pixels:])
			if y[k] != int32(i%10) || x[k*Pixels+Pixels-1] != float32(i*1000+Pixels-1) {
				t.Fatalf("batch slot %d holds a mangled copy of sample %d", k, i)
			}
			order = append(order, i)
		}
	}
	return order
}

func TestBatches(t *testing.T) {
	tests := []struct {
		n, size, wantBatches int
	}{
		{n: 250, size: 100, wantBatches: 2}, // 50 samples dropped
		{n: 200, size: 100, wantBatches: 2}, // nothing dropped
		{n: 7, size: 1, wantBatches: 7},
		{n: 99, size: 100, wantBatches: 0}, // smaller than one batch
	}
	for _, tt := range tests {
		v := NewView(synthSet(tt.n))
		b := NewBatches(v, tt.size, newRand(1))
		if b.PerEpoch() != tt.wantBatches {
			t.Errorf("n=%d size=%d: PerEpoch = %d, want %d", tt.n, tt.size, b.PerEpoch(), tt.wantBatches)
		}
		var epochs [][]int
		for range 3 {
			order := epochOrder(t, v, b)
			if len(order) != tt.wantBatches*tt.size {
				t.Fatalf("n=%d size=%d: epoch handed out %d samples, want %d", tt.n, tt.size, len(order), tt.wantBatches*tt.size)
			}
			sorted := slices.Sorted(slices.Values(order))
			if len(slices.Compact(sorted)) != len(order) {
				t.Fatalf("n=%d size=%d: a sample repeats within an epoch", tt.n, tt.size)
			}
			epochs = append(epochs, order)
		}
		if b.Epoch() != 3 {
			t.Errorf("Epoch() = %d after 3 epochs", b.Epoch())
		}
		if tt.wantBatches*tt.size > 10 && (slices.Equal(epochs[0], epochs[1]) || slices.Equal(epochs[1], epochs[2])) {
			t.Errorf("n=%d size=%d: two epochs in the same order: not reshuffled", tt.n, tt.size)
		}
	}
}

func TestBatchesSameSeedSameOrder(t *testing.T) {
	v := NewView(synthSet(300))
	a := NewBatches(v, 50, newRand(7))
	b := NewBatches(v, 50, newRand(7))
	c := NewBatches(v, 50, newRand(8))
	for epoch := range 2 {
		oa, ob, oc := epochOrder(t, v, a), epochOrder(t, v, b), epochOrder(t, v, c)
		if !slices.Equal(oa, ob) {
			t.Errorf("epoch %d: same seed, different order", epoch)
		}
		if slices.Equal(oa, oc) {
			t.Errorf("epoch %d: different seeds, same order", epoch)
		}
	}
}

func TestBatchesFillAllocatesNothing(t *testing.T) {
	for name, v := range map[string]*View{
		"plain":    NewView(synthSet(1000)),
		"permuted": Permuted(synthDataset(1000, 10), 2, 1)[1].Train,
	} {
		b := NewBatches(v, 100, newRand(1))
		x := make([]float32, 100*Pixels)
		y := make([]int32, 100)
		// Epoch ends and reshuffles are part of the loop, so they are measured too.
		allocs := testing.AllocsPerRun(50, func() { b.Next(x, y) })
		if allocs != 0 {
			t.Errorf("%s: %v allocations per batch, want 0", name, allocs)
		}
	}
}

func TestInOrderKeepsEverySample(t *testing.T) {
	for _, tt := range []struct{ n, size int }{{250, 100}, {200, 100}, {3, 100}, {0, 10}} {
		v := NewView(synthSet(tt.n))
		it := NewInOrder(v, tt.size)
		x := make([]float32, tt.size*Pixels)
		y := make([]int32, tt.size)
		next := 0
		for pass := range 2 { // Reset starts over
			next = 0
			for n := it.Next(x, y); n > 0; n = it.Next(x, y) {
				if n < tt.size && next+n != tt.n {
					t.Fatalf("n=%d: partial batch of %d before the end", tt.n, n)
				}
				for k := range n {
					if i := sampleOf(x[k*Pixels:]); i != next || y[k] != int32(i%10) {
						t.Fatalf("n=%d pass %d: slot %d holds sample %d, want %d", tt.n, pass, k, i, next)
					}
					next++
				}
			}
			it.Reset()
		}
		if next != tt.n {
			t.Errorf("n=%d size=%d: handed out %d samples", tt.n, tt.size, next)
		}
	}
}

func TestViewAllAndHead(t *testing.T) {
	v := Permuted(synthDataset(10, 30), 1, 3)[0].Test.Head(12)
	if v.Len() != 12 {
		t.Fatalf("Head(12).Len() = %d", v.Len())
	}
	x, y := v.All()
	if len(x) != 12*Pixels || len(y) != 12 {
		t.Fatalf("All: %d values, %d targets", len(x), len(y))
	}
	one := make([]float32, Pixels)
	for i := range 12 {
		if got := v.Sample(i, one); got != y[i] || !slices.Equal(one, x[i*Pixels:(i+1)*Pixels]) {
			t.Fatalf("All's sample %d differs from Sample(%d)", i, i)
		}
	}
	if v.Head(100).Len() != 12 || v.Head(-1).Len() != 0 {
		t.Error("Head does not clamp n to 0..Len")
	}
	if s := synthSet(5).Head(2); s.Len() != 2 || len(s.X) != 2*Pixels {
		t.Error("Set.Head(2) is not 2 samples")
	}
}
