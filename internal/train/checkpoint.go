package train

import (
	"bytes"
	"encoding/gob"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"

	"github.com/presyn/presyn/internal/config"
	"github.com/presyn/presyn/internal/method"
	"github.com/presyn/presyn/internal/results"
	"github.com/presyn/presyn/internal/synapse"
)

// CheckpointFile is the name of the checkpoint a training run leaves.
const CheckpointFile = "checkpoint.gob"

// checkpointFormat marks checkpoints that describe their network completely; the
// file starts with it (then a newline), then the gob. Checkpoints of earlier
// versions are a bare gob of sizes and values; their run folder's config.json
// supplies the rest.
const checkpointFormat = "presyn-checkpoint/2"

// Checkpoint is a trained network as later analyses (lesion, Fisher, sparsity)
// load it: its whole configuration and, per layer, the stored parameters
// ([out][in], row-major), biases, release probabilities (nil without) and frozen
// flags (synapse.Frozen under the method's threshold PFreeze; nil without
// release probabilities). It is stored with encoding/gob.
type Checkpoint struct {
	Format string

	Sizes         []int
	Synapses      string // synapse.Mode: deterministic, presynaptic or fixed
	Bias          string // synapse.BiasMode: none, fixed or learned
	PMin, PMax    float32
	PInitUniform  bool
	NotNormalised bool
	PFixed        float32
	Ghost         bool
	GhostUnbiased bool
	PFreeze       float32 // the freezing threshold the flags use; 1 without freezing

	Weights [][]float32
	Biases  [][]float32
	Probs   [][]float32
	Frozen  [][]bool
}

// NewCheckpoint copies net's state; a synapse is frozen when synapse.Frozen(p,
// pFreeze).
func NewCheckpoint(net *synapse.Net, pFreeze float32) Checkpoint {
	s := net.State()
	c := Checkpoint{
		Format: checkpointFormat,
		Sizes:  s.Config.Sizes, Synapses: s.Config.Synapses.String(), Bias: s.Config.Bias.String(),
		PMin: s.Config.PMin, PMax: s.Config.PMax, PInitUniform: s.Config.PInitUniform,
		NotNormalised: s.Config.NotNormalised, PFixed: s.Config.PFixed,
		Ghost: s.Config.Ghost, GhostUnbiased: s.Config.GhostUnbiased, PFreeze: pFreeze,
		Weights: s.Weights, Biases: s.Biases, Probs: s.Probs,
	}
	c.Frozen = frozenFlags(s.Probs, pFreeze)
	return c
}

// frozenFlags returns synapse.Frozen of every probability.
func frozenFlags(probs [][]float32, pFreeze float32) [][]bool {
	var flags [][]bool
	for _, p := range probs {
		frozen := make([]bool, len(p))
		for i, v := range p {
			frozen[i] = synapse.Frozen(v, pFreeze)
		}
		flags = append(flags, frozen)
	}
	return flags
}

// State returns the network state the checkpoint holds.
func (c Checkpoint) State() (synapse.State, error) {
	mode, err := synapse.ParseMode(c.Synapses)
	if err != nil {
		return synapse.State{}, err
	}
	bias, err := synapse.ParseBiasMode(c.Bias)
	if err != nil {
		return synapse.State{}, err
	}
	return synapse.State{
		Config: synapse.Config{Sizes: c.Sizes, Bias: bias, Synapses: mode, PMin: c.PMin, PMax: c.PMax,
			PInitUniform: c.PInitUniform, NotNormalised: c.NotNormalised, PFixed: c.PFixed,
			Ghost: c.Ghost, GhostUnbiased: c.GhostUnbiased},
		Weights: c.Weights, Biases: c.Biases, Probs: c.Probs,
	}, nil
}

// Net returns a Net holding the checkpoint's state, its masks drawn from rng.
func (c Checkpoint) Net(rng *rand.Rand) (*synapse.Net, error) {
	s, err := c.State()
	if err != nil {
		return nil, err
	}
	return synapse.FromState(s, rng)
}

// SaveCheckpoint writes c to path atomically.
func SaveCheckpoint(path string, c Checkpoint) error {
	var buf bytes.Buffer
	buf.WriteString(checkpointFormat + "\n")
	if err := gob.NewEncoder(&buf).Encode(c); err != nil {
		return fmt.Errorf("train: encode checkpoint: %w", err)
	}
	return results.WriteFileAtomic(path, buf.Bytes())
}

// LoadCheckpoint reads the checkpoint of the run folder dir. A checkpoint of an
// earlier version, which lacked the network's modes, is completed from the run's
// config.json. A missing, truncated, foreign or inconsistent file is an error
// naming it.
func LoadCheckpoint(dir string) (Checkpoint, error) { return LoadCheckpointFile(dir, CheckpointFile) }

// LoadCheckpointFile reads the checkpoint called name in the run folder dir, such
// as a TaskCheckpointFile, like LoadCheckpoint.
func LoadCheckpointFile(dir, name string) (Checkpoint, error) {
	path := filepath.Join(dir, name)
	raw, err := os.ReadFile(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return Checkpoint{}, fmt.Errorf("train: %s is missing: the run did not finish, or is not a training run", path)
		}
		return Checkpoint{}, fmt.Errorf("train: %w", err)
	}
	var c Checkpoint
	body, current := bytes.CutPrefix(raw, []byte(checkpointFormat+"\n"))
	if err := gob.NewDecoder(bytes.NewReader(body)).Decode(&c); err != nil {
		if current && errors.Is(err, io.ErrUnexpectedEOF) {
			return Checkpoint{}, fmt.Errorf("train: checkpoint %s is truncated", path)
		}
		return Checkpoint{}, fmt.Errorf("train: %s is not a presyn checkpoint (%v)", path, err)
	}
	if !current && c.Format == "" && len(c.Sizes) > 0 {
		if err := c.completeFromManifest(dir); err != nil {
			return Checkpoint{}, fmt.Errorf("train: checkpoint %s is of an earlier version and %w", path, err)
		}
	}
	if c.Format != checkpointFormat {
		return Checkpoint{}, fmt.Errorf("train: %s is not a presyn checkpoint (format %q)", path, c.Format)
	}
	if _, err := c.Net(rand.New(rand.NewPCG(0, 0))); err != nil {
		return Checkpoint{}, fmt.Errorf("train: checkpoint %s: %w", path, err)
	}
	return c, nil
}

// completeFromManifest fills the modes an earlier checkpoint lacked from the run's
// config.json.
func (c *Checkpoint) completeFromManifest(dir string) error {
	var cfg config.Train
	if _, err := results.ReadManifestConfig(dir, &cfg); err != nil {
		return fmt.Errorf("its run's config cannot complete it: %w", err)
	}
	net, err := cfg.Net()
	if err != nil {
		return fmt.Errorf("its run's config cannot complete it: %w", err)
	}
	pMax := net.PMax
	if pMax == 0 {
		pMax = 1
	}
	biases := c.Biases
	if net.Bias == synapse.BiasNone {
		biases = nil // earlier versions stored an empty vector per layer
	}
	pFreeze := method.FreezeThreshold(cfg.Settings)
	*c = Checkpoint{
		Format: checkpointFormat,
		Sizes:  c.Sizes, Synapses: net.Synapses.String(), Bias: net.Bias.String(),
		PMin: net.PMin, PMax: pMax, PInitUniform: net.PInitUniform, NotNormalised: net.NotNormalised,
		PFixed: net.PFixed, Ghost: net.Ghost, GhostUnbiased: net.GhostUnbiased, PFreeze: pFreeze,
		Weights: c.Weights, Biases: biases, Probs: c.Probs,
	}
	c.Frozen = frozenFlags(c.Probs, pFreeze) // earlier versions did not count p = 1 as frozen
	return nil
}
