package experiment

import (
	"bytes"
	"encoding/gob"
	"fmt"
	"os"

	"github.com/presyn/presyn/internal/results"
	"github.com/presyn/presyn/internal/synapse"
)

// CheckpointFile is the name of the checkpoint a training run leaves.
const CheckpointFile = "checkpoint.gob"

// Checkpoint is a trained network's state, as later analyses (lesion, Fisher,
// sparsity) load it: per layer, the weights ([out][in], row-major), biases, release
// probabilities (nil for deterministic networks) and frozen flags.
type Checkpoint struct {
	Sizes   []int
	Weights [][]float32
	Biases  [][]float32
	Probs   [][]float32
	Frozen  [][]bool
}

// NewCheckpoint copies net's state; a synapse counts as frozen when its release
// probability has reached pFreeze (< 1).
func NewCheckpoint(net *synapse.Net, pFreeze float64) Checkpoint {
	cfg := net.Config()
	c := Checkpoint{Sizes: append([]int(nil), cfg.Sizes...)}
	for l := 0; l < net.Layers(); l++ {
		c.Weights = append(c.Weights, append([]float32(nil), net.Weights(l).Data...))
		c.Biases = append(c.Biases, append([]float32(nil), net.Biases(l)...))
		if net.AllProbs() != nil {
			p := append([]float32(nil), net.Probs(l).Data...)
			frozen := make([]bool, len(p))
			for i, v := range p {
				frozen[i] = pFreeze < 1 && float64(v) >= pFreeze
			}
			c.Probs = append(c.Probs, p)
			c.Frozen = append(c.Frozen, frozen)
		}
	}
	return c
}

// SaveCheckpoint writes c to path atomically.
func SaveCheckpoint(path string, c Checkpoint) error {
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(c); err != nil {
		return fmt.Errorf("experiment: encode checkpoint: %w", err)
	}
	return results.WriteFileAtomic(path, buf.Bytes())
}

// LoadCheckpoint reads a checkpoint written by SaveCheckpoint.
func LoadCheckpoint(path string) (Checkpoint, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return Checkpoint{}, fmt.Errorf("experiment: %w", err)
	}
	var c Checkpoint
	if err := gob.NewDecoder(bytes.NewReader(raw)).Decode(&c); err != nil {
		return Checkpoint{}, fmt.Errorf("experiment: checkpoint %s: %w", path, err)
	}
	if len(c.Sizes) < 2 || len(c.Weights) != len(c.Sizes)-1 {
		return Checkpoint{}, fmt.Errorf("experiment: checkpoint %s: %d weight matrices for sizes %v", path, len(c.Weights), c.Sizes)
	}
	return c, nil
}
