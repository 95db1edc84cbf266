package rngs

import "testing"

// SplitMix64's first outputs from state 1234567, as given by the reference C
// implementation (splitmix64.c by Sebastiano Vigna, prng.di.unimi.it), which
// returns the mixed state after adding the increment.
func TestSplitMix64Reference(t *testing.T) {
	want := []uint64{6457827717110365317, 3203168211198807973, 9817491932198370423, 4593380528125082431, 16408922859458223821}
	state := uint64(1234567)
	for i, w := range want {
		if got := Next(&state); got != w {
			t.Fatalf("output %d = %d, want %d", i, got, w)
		}
	}
}

func TestStreamsAreIndependentAndRepeatable(t *testing.T) {
	a, b := Stream(2019, "network").Uint64(), Stream(2019, "network").Uint64()
	if a != b {
		t.Fatal("the same seed and purpose gave different streams")
	}
	if Stream(2019, "batch order").Uint64() == a || Stream(2020, "network").Uint64() == a {
		t.Fatal("another purpose or seed gave the same first draw")
	}
	x, y := Indexed(1, 2, 3, 0), Indexed(1, 2, 3, 1)
	if x.Uint64() == y.Uint64() {
		t.Fatal("neighbouring indices gave the same first draw")
	}
}
