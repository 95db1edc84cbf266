package rngs

import (
	"encoding/binary"
	"hash/fnv"
	"math"
	"testing"
)

// TestXoshiro8Reference checks each lane against the reference C implementation
// of xoshiro128** (Blackman & Vigna, prng.di.unimi.it/xoshiro128starstar.c): from
// state {1, 2, 3, 4} it outputs 11520, 0, 5927040, 70819200, 2031721883,
// 1637235492 (compiled with gcc and run).
func TestXoshiro8Reference(t *testing.T) {
	var g Xoshiro8
	// Every lane but 5 starts from the reference state; lane 5 must advance on
	// its own.
	for k := range Lanes {
		g.s[0][k], g.s[1][k], g.s[2][k], g.s[3][k] = 1, 2, 3, 4
	}
	g.s[0][5] = 99
	want := []uint32{11520, 0, 5927040, 70819200, 2031721883, 1637235492}
	var u [Lanes]uint32
	for i, w := range want {
		g.Next8(&u)
		for _, k := range []int{0, 3, 7} {
			if u[k] != w {
				t.Fatalf("output %d of lane %d: %d, reference %d", i, k, u[k], w)
			}
		}
		if i > 0 && u[5] == w {
			t.Fatalf("lane 5 (different seed) repeats the reference output %d", w)
		}
	}
}

// TestXoshiro8Recorded pins the generator to the numbers presyn drew before
// the generator was shared. The values were recorded on 2026-12-02 at commit
// 3dc89d8, from the two copies it replaced (Normals' own next8 in
// internal/rngs/normal.go and the mask stream in
// internal/synapse/stream_xoshiro.go, both seeded as NewXoshiro8 is), with the
// AVX2 and the purego builds giving the same values: the first 16 words; an
// FNV-1a hash of the first 65536 words, little-endian; the first 8 normals of a
// second Fill after a Fill of 100003 (the kernel in use), and the FNV-1a hash
// of that buffer's float32 bits. Masks are pinned in package synapse
// (TestMasksRecorded) and by its golden runs.
func TestXoshiro8Recorded(t *testing.T) {
	for _, c := range []struct {
		seed        uint64
		first       [16]uint32
		words       uint64
		normals     [8]uint32
		normalsHash uint64
	}{
		{0, [16]uint32{0xdec9045d, 0x422e9c90, 0x8e93d364, 0x7a99b6e7, 0x2b18a905, 0xa7d170e5, 0xf4958c47, 0x5c53716d, 0x9a089d75, 0x6402f2fb, 0x9dbe085, 0x5ecc378b, 0x95e28a78, 0x354809f, 0x227e6bdc, 0xa9b6d06}, 0xaa5cb3633ac713cf,
			[8]uint32{0x3f0e4a0f, 0xbd38f922, 0x3f5530de, 0xc00b706c, 0xbeb2d003, 0x3fc2aefd, 0x3f54bf9b, 0x3f27555d}, 0xa6954849ddcb7e89},
		{1, [16]uint32{0x650941ba, 0xf9d1eed5, 0xf6f4fcfc, 0x87477fb9, 0x87af84e6, 0xdbe07592, 0x713da23b, 0x2923cbcf, 0x54d30301, 0x79037262, 0x75874ac1, 0x7b890945, 0xb9e0b0b4, 0xc0306517, 0x7bc8e1dd, 0xd4dd5d8e}, 0x8a7ac7b2a2361388,
			[8]uint32{0x3f763a0a, 0xbfb2fadc, 0xbf86e5a5, 0x3d8ffe2d, 0xbf2dfd9c, 0x3e72577a, 0x3f246802, 0x3faef375}, 0xa2e6c67f5eb92061},
		{2019, [16]uint32{0x392acde, 0x70a9ef8e, 0xf5fbcda7, 0x9c5a32f7, 0xa223b23f, 0xbfff0d79, 0x95b2a588, 0xbdd18ec2, 0xf74c085c, 0x907f26c9, 0x5b3301ce, 0xd404dc2a, 0x4277da58, 0xba5541d4, 0xa22ad9d4, 0xfa9a62fe}, 0x89650ba595de10c7,
			[8]uint32{0x3fb59ac0, 0xbf0f33d5, 0x3f290b91, 0xbf44c5e8, 0xbff9e733, 0xbfb65bce, 0x3dcc50a7, 0xbe0d1cd1}, 0xd253179da65ba9e5},
		{1<<63 + 5, [16]uint32{0x9dc6b56b, 0x949f19b0, 0xbdda1c26, 0xfe4ff95b, 0xe52338bb, 0xaeb9975a, 0x84966352, 0x32860469, 0x8763424e, 0xbbbae818, 0x1e5f2f3d, 0xdd090490, 0xf3417bf9, 0x7eff039e, 0xfc1c0896, 0x81bdc612}, 0xffd9c647a9170cb9,
			[8]uint32{0xc02d243b, 0xbecddc02, 0x3f90c814, 0x3e114e12, 0x3f7fc212, 0x3f89483b, 0xbf7e7079, 0x3fa9a987}, 0x5a29f44397f5cc6b},
	} {
		g := NewXoshiro8(c.seed)
		words := make([]uint32, 1<<16)
		for b := 0; b < len(words); b += Lanes {
			g.Next8((*[Lanes]uint32)(words[b:]))
		}
		if [16]uint32(words) != c.first {
			t.Errorf("seed %d: first words %#x, recorded %#x", c.seed, words[:16], c.first)
		}
		if got := hashWords(words); got != c.words {
			t.Errorf("seed %d: hash of 65536 words %#x, recorded %#x", c.seed, got, c.words)
		}

		n := NewNormals(c.seed)
		z := make([]float32, 100003)
		n.Fill(z)
		n.Fill(z[:13])
		bits := make([]uint32, len(z))
		for i, v := range z {
			bits[i] = math.Float32bits(v)
		}
		if [8]uint32(bits) != c.normals {
			t.Errorf("seed %d: normals %#x, recorded %#x", c.seed, bits[:8], c.normals)
		}
		if got := hashWords(bits); got != c.normalsHash {
			t.Errorf("seed %d: hash of the normals %#x, recorded %#x", c.seed, got, c.normalsHash)
		}
	}
}

func hashWords(words []uint32) uint64 {
	h := fnv.New64a()
	var b [4]byte
	for _, w := range words {
		binary.LittleEndian.PutUint32(b[:], w)
		h.Write(b[:])
	}
	return h.Sum64()
}

// Seeding is reproducible, the lanes differ and the bits are balanced.
func TestXoshiro8Seeding(t *testing.T) {
	a, b := NewXoshiro8(7), NewXoshiro8(7)
	if a != b || a.s[0][0] == a.s[0][1] {
		t.Fatal("NewXoshiro8 not reproducible or lanes equal")
	}
	const blocks = 10000
	ones := 0
	var u [Lanes]uint32
	for range blocks {
		a.Next8(&u)
		for _, v := range u {
			for ; v != 0; v &= v - 1 {
				ones++
			}
		}
	}
	const bits = blocks * Lanes * 32
	if f := float64(ones) / bits; math.Abs(f-0.5) > 5*math.Sqrt(0.25/bits) {
		t.Errorf("fraction of one bits %.5f", f)
	}
}
