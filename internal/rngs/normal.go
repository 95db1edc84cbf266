package rngs

import "math"

// Normals is a fast source of standard normal float32 numbers for methods that
// draw one per parameter per step (BGD: ten samples of 200,000 weights per
// mini-batch, about a billion normals per epoch). Each number comes from one
// 32-bit output of a Xoshiro8 (number i of a Fill from lane i mod 8), through
// the inverse normal distribution function: the top 12 bits pick one of 4096
// equal-probability bins, whose quantiles are tabulated, and the low 20 bits
// place the number linearly inside its bin. The
// result matches the normal distribution to within the bin's linear
// approximation (a relative error of the density below 1e-3 in the body); in
// the two outermost bins (one draw in 2048), where a line would not do, the
// inverse distribution function is computed exactly from all 32 bits, so the
// tails reach |z| of about 6.2.
//
// On amd64 with AVX2 assembly kernels do the work (kernels_amd64.s) with the
// same operations in the same order: the numbers are the same on every machine.
// The zero value is not usable: start it with NewNormals.
type Normals struct{ x Xoshiro8 }

const normalBins = 1 << 12 // inverse-CDF bins

// normalQuantile[k] is the normal quantile of k/normalBins for k = 1 ...
// normalBins-1 (the outer ends are not used).
var normalQuantile = func() [normalBins + 1]float32 {
	var q [normalBins + 1]float32
	for k := 1; k < normalBins; k++ {
		q[k] = float32(math.Sqrt2 * math.Erfinv(2*float64(k)/normalBins-1))
	}
	return q
}()

// NewNormals seeds the generators from seed (see NewXoshiro8).
func NewNormals(seed uint64) *Normals { return &Normals{x: NewXoshiro8(seed)} }

// Fill writes standard normal numbers to dst. Every call starts a fresh block of
// eight: a Fill of a length that is not a multiple of eight discards the rest of
// its last block.
func (g *Normals) Fill(dst []float32) {
	full := len(dst) / Lanes * Lanes
	fillBlocks(g, dst[:full])
	if rest := dst[full:]; len(rest) > 0 {
		var u [Lanes]uint32
		g.x.Next8(&u)
		for k := range rest {
			rest[k] = normalFrom(u[k])
		}
	}
}

// fillBlocksGo is the portable kernel: len(dst)/8 blocks, one output of each
// lane per block.
func fillBlocksGo(g *Normals, dst []float32) {
	var u [Lanes]uint32
	for b := 0; b+Lanes <= len(dst); b += Lanes {
		g.x.Next8(&u)
		out := dst[b : b+Lanes]
		for k, v := range u {
			out[k] = normalFrom(v)
		}
	}
}

// normalFrom turns 32 random bits into a standard normal number.
func normalFrom(u uint32) float32 {
	bin := u >> 20
	if bin == 0 || bin == normalBins-1 {
		return tailNormal(u)
	}
	frac := float32(u&(1<<20-1)) * (1.0 / (1 << 20))
	lo := normalQuantile[bin]
	return lo + frac*(normalQuantile[bin+1]-lo)
}

// tailNormal is the exact quantile of (u + 1/2) / 2^32, for the outer bins.
func tailNormal(u uint32) float32 {
	p := (float64(u) + 0.5) / (1 << 32)
	return float32(math.Sqrt2 * math.Erfinv(2*p-1))
}
