package rngs

import (
	"hash/fnv"
	"math/rand/v2"
)

// Stream returns the stream of one purpose of a run ("network", "batch order",
// "tasks", ...): a PCG seeded with the run's seed and the FNV-1a hash of the
// purpose.
func Stream(seed uint64, purpose string) *rand.Rand {
	h := fnv.New64a()
	h.Write([]byte(purpose))
	return rand.New(rand.NewPCG(seed, h.Sum64()))
}

// Indexed returns the stream of one purpose and index of a run of the experiment
// tagged tag: SplitMix64 scrambles the inputs so that neighbouring seeds and
// indices give unrelated PCG states.
func Indexed(seed, tag, purpose uint64, index int) *rand.PCG {
	key := SplitMix64(tag ^ purpose<<32 ^ uint64(index))
	return rand.NewPCG(SplitMix64(seed^key), SplitMix64(key^golden))
}

// golden is SplitMix64's increment, 2^64 divided by the golden ratio.
const golden = 0x9e3779b97f4a7c15

// SplitMix64 is one step of Vigna's SplitMix64 generator from state x: the state
// advanced by its increment, then mixed by the generator's finaliser (a bijection
// of 64 bits). Successive outputs of the generator started at x are
// SplitMix64(x), SplitMix64(x+golden), ...
func SplitMix64(x uint64) uint64 {
	x += golden
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// Next returns the next output of the SplitMix64 generator whose state is *state,
// and advances it.
func Next(state *uint64) uint64 {
	z := SplitMix64(*state)
	*state += golden
	return z
}
