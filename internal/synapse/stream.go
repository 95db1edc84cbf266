package synapse

// The Net's random stream for Bernoulli masks is a stream (stream_xoshiro.go):
// a rngs.Xoshiro8, eight interleaved xoshiro128** lanes, one per lane of an
// 8-wide vector, and sample draws a pass's masks from it with
// rngs.Xoshiro8.Masks. Draw k of a pass comes from lane k%8 of step k/8, so the
// AVX2 kernel and the portable Go kernel produce the same masks from the same
// seed on any machine. A forward pass of a 784-200-200-10 network draws about
// 200000 masks, which is why the generator must vectorise, and why the kernel
// that draws the masks lives beside it in package rngs: it draws the words and
// compares them in one pass, where drawing the words into a buffer first made
// sampling cost half as much again. The generator is shared with rngs.Normals, so there is one copy
// of it in Go and one in assembly; only the fidelity build (stream_splitmix.go)
// brings its own.
