//go:build splitmixmasks && (purego || !amd64)

package synapse

// recordedMasks are TestMasksRecorded's hashes for modes 0, ThresholdFromP,
// DivideByP and both, from the SplitMix64 fidelity masks.
var recordedMasks = [4]uint64{0xf64b5ccf41420703, 0xc040be3a38ad76fa, 0xab58ddda27970cfc, 0xfd3329127e972f37}
