//go:build !splitmixmasks

package synapse

// recordedMasks are TestMasksRecorded's hashes for modes 0, ThresholdFromP,
// DivideByP and both, from the xoshiro128** masks.
var recordedMasks = [4]uint64{0xf9666ca329f4eb5b, 0xf72922b628e57c07, 0x34dec8c592cb6796, 0xf03da6fa2405ce78}
