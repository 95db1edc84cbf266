package config

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/presyn/presyn/configs"
)

// Synapse models.
const (
	SynapseDeterministic = "deterministic" // plain weights
	SynapsePresyn        = "presyn"        // Bernoulli synapses with learned release probabilities
	SynapseFixedP        = "fixed-p"       // Bernoulli synapses with a constant release probability
)

// Optimisers.
const (
	OptimPresyn = "presyn" // the presynaptic rule: SGD on w with lr modulation, p update
	OptimSGD    = "sgd"
	OptimAdam   = "adam"
)

// Train configures one training run: a network, a task (or task sequence) and a
// learning rule. Its zero value is not useful: start from Default or a named config.
type Train struct {
	Name string `json:"name"` // the config's name, for the manifest

	// Task.
	Dataset        string `json:"dataset"`         // mnist | fashion-mnist
	Task           string `json:"task"`            // plain | split | permuted | continuous
	NumTasks       int    `json:"num_tasks"`       // tasks of a split/permuted sequence
	ShuffleClasses bool   `json:"shuffle_classes"` // split: shuffled class order
	Joint          bool   `json:"joint"`           // train on all tasks at once (the upper bound)

	// Network.
	Layers []int  `json:"layers"` // all layer sizes, inputs first: 784 in, 10 out (2 for split)
	Bias   string `json:"bias"`   // none | fixed | learned

	// Synapses.
	Synapse   string  `json:"synapse"`    // deterministic | presyn | fixed-p
	PFixed    float64 `json:"p_fixed"`    // fixed-p: the constant release probability
	GhostP    bool    `json:"ghost_p"`    // fixed-p: a ghost p evolves by the rule and modulates lr
	GhostBias bool    `json:"ghost_bias"` // fixed-p with ghost p: divide by the ghost p like the published code
	Normalise bool    `json:"normalise"`  // presyn: layer uses mask*w/p (true) or mask*m (false)
	PInit     string  `json:"p_init"`     // presyn: "min" (p starts at p_min) | "uniform" (in [p_min, 1])

	// Learning.
	Optimizer    string  `json:"optimizer"` // presyn | sgd | adam
	LearningRate float64 `json:"lr"`
	L2           float64 `json:"l2"` // weight decay on the expected strength w
	PUp          float64 `json:"p_up"`
	PDown        float64 `json:"p_down"`
	GLim         float64 `json:"g_lim"`
	PFreeze      float64 `json:"p_freeze"` // 1 disables freezing
	PMin         float64 `json:"p_min"`
	LRModulation bool    `json:"lr_modulation"`

	// Schedule and evaluation.
	Epochs        int `json:"epochs"` // per task
	BatchSize     int `json:"batch_size"`
	EvalSamples   int `json:"eval_samples"`    // sampled networks averaged at test time
	EvalBatchSize int `json:"eval_batch_size"` // test samples that share one sampled network
}

// Default returns the energy experiment's presynaptic model, the base every named
// config overrides.
func Default() Train {
	return Train{
		Name:         "default",
		Dataset:      "mnist",
		Task:         "plain",
		NumTasks:     1,
		Layers:       []int{784, 200, 200, 10},
		Bias:         "fixed",
		Synapse:      SynapsePresyn,
		PFixed:       0.5,
		GhostBias:    true,
		Normalise:    true,
		PInit:        "min",
		Optimizer:    OptimPresyn,
		LearningRate: 0.05,
		L2:           0.01,
		PUp:          0.07,
		PDown:        0.07,
		GLim:         0.001,
		PFreeze:      1,
		PMin:         0.25,
		Epochs:       50,
		BatchSize:    100,
		EvalSamples:  10,
		// The published code's test batch size is not documented; a mask per 1000
		// test samples keeps evaluation fast and changes no expectation.
		EvalBatchSize: 1000,
	}
}

// Names lists the embedded configs.
func Names() []string {
	entries, err := configs.FS.ReadDir(".")
	if err != nil {
		panic("config: embedded configs unreadable: " + err.Error())
	}
	var names []string
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".json") {
			names = append(names, strings.TrimSuffix(e.Name(), ".json"))
		}
	}
	sort.Strings(names)
	return names
}

// Load resolves a config given by embedded name or by file path, applies the
// key=value overrides in order and validates the result. Unknown keys, in the file or
// in an override, are errors.
func Load(nameOrPath string, overrides []string) (Train, error) {
	raw, source, err := readSource(nameOrPath)
	if err != nil {
		return Train{}, err
	}
	fields := map[string]json.RawMessage{}
	dec := json.NewDecoder(bytes.NewReader(raw))
	if err := dec.Decode(&fields); err != nil {
		return Train{}, fmt.Errorf("config: %s: %w", source, err)
	}
	known := knownKeys()
	for key := range fields {
		if !known[key] {
			return Train{}, fmt.Errorf("config: %s: unknown key %q", source, key)
		}
	}
	for _, kv := range overrides {
		key, value, ok := strings.Cut(kv, "=")
		key = strings.TrimSpace(key)
		if !ok || key == "" {
			return Train{}, fmt.Errorf("config: override %q is not key=value", kv)
		}
		if !known[key] {
			return Train{}, fmt.Errorf("config: override %q: unknown key %q (known: %s)", kv, key, strings.Join(sortedKeys(known), ", "))
		}
		fields[key] = overrideValue(value)
	}
	cfg := Default()
	merged, _ := json.Marshal(fields) // a map of raw messages always marshals
	dec = json.NewDecoder(bytes.NewReader(merged))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&cfg); err != nil {
		return Train{}, fmt.Errorf("config: %s: %s", source, describeDecodeError(err))
	}
	if err := cfg.Validate(); err != nil {
		return Train{}, err
	}
	return cfg, nil
}

func readSource(nameOrPath string) ([]byte, string, error) {
	if nameOrPath == "" {
		return nil, "", errors.New("config: no config given (use a name such as energy-presyn, or a file)")
	}
	if raw, err := configs.FS.ReadFile(nameOrPath + ".json"); err == nil && !strings.ContainsRune(nameOrPath, filepath.Separator) {
		return raw, nameOrPath, nil
	}
	raw, err := os.ReadFile(nameOrPath)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, "", fmt.Errorf("config: %q is neither a config name (%s) nor a file", nameOrPath, strings.Join(Names(), ", "))
		}
		return nil, "", fmt.Errorf("config: %w", err)
	}
	return raw, nameOrPath, nil
}

// overrideValue turns the text of a --set value into JSON: numbers, booleans,
// arrays and quoted strings pass through, anything else becomes a string.
func overrideValue(value string) json.RawMessage {
	value = strings.TrimSpace(value)
	if json.Valid([]byte(value)) {
		return json.RawMessage(value)
	}
	quoted, _ := json.Marshal(value)
	return quoted
}

func describeDecodeError(err error) string {
	var typeErr *json.UnmarshalTypeError
	if errors.As(err, &typeErr) {
		return fmt.Sprintf("%s must be %s, not %s", typeErr.Field, typeErr.Type, typeErr.Value)
	}
	return err.Error()
}

func knownKeys() map[string]bool {
	raw, _ := json.Marshal(Default())
	var m map[string]json.RawMessage
	_ = json.Unmarshal(raw, &m)
	keys := make(map[string]bool, len(m))
	for k := range m {
		keys[k] = true
	}
	return keys
}

func sortedKeys(m map[string]bool) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Validate checks every field and returns an error naming the first bad one.
func (c Train) Validate() error {
	bad := func(field string, format string, args ...any) error {
		return fmt.Errorf("config: %s %s", field, fmt.Sprintf(format, args...))
	}
	finite := func(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }
	switch c.Dataset {
	case "mnist", "fashion-mnist":
	default:
		return bad("dataset", "is %q, want mnist or fashion-mnist", c.Dataset)
	}
	switch c.Task {
	case "plain", "split", "permuted", "continuous":
	default:
		return bad("task", "is %q, want plain, split, permuted or continuous", c.Task)
	}
	if c.Joint && (c.Task == "plain" || c.Task == "continuous") {
		return bad("joint", "needs a task sequence (split or permuted), not %q", c.Task)
	}
	if c.NumTasks < 1 {
		return bad("num_tasks", "is %d, want at least 1", c.NumTasks)
	}
	if c.Task == "plain" && c.NumTasks != 1 {
		return bad("num_tasks", "is %d, but a plain task is one task", c.NumTasks)
	}
	if c.Task == "split" && c.NumTasks > 5 {
		return bad("num_tasks", "is %d, but split tasks are at most 5 (pairs of the 10 classes)", c.NumTasks)
	}
	if len(c.Layers) < 2 {
		return bad("layers", "has %d sizes, want inputs, any hidden sizes and outputs", len(c.Layers))
	}
	if in := c.Layers[0]; in != Inputs {
		return bad("layers", "starts with %d inputs, but the images have %d pixels", in, Inputs)
	}
	if out, want := c.Layers[len(c.Layers)-1], c.Outputs(); out != want {
		return bad("layers", "ends with %d outputs, but the %s task has %d classes", out, c.Task, want)
	}
	for i, h := range c.Layers[1 : len(c.Layers)-1] {
		if h < 1 || h > 1<<16 {
			return bad("layers", "hidden layer %d has %d units, want 1 to 65536", i+1, h)
		}
	}
	switch c.Bias {
	case "none", "fixed", "learned":
	default:
		return bad("bias", "is %q, want none, fixed or learned", c.Bias)
	}
	switch c.Synapse {
	case SynapseDeterministic, SynapsePresyn, SynapseFixedP:
	default:
		return bad("synapse", "is %q, want deterministic, presyn or fixed-p", c.Synapse)
	}
	switch c.Optimizer {
	case OptimPresyn, OptimSGD, OptimAdam:
	default:
		return bad("optimizer", "is %q, want presyn, sgd or adam", c.Optimizer)
	}
	if c.Optimizer == OptimPresyn && c.Synapse == SynapseDeterministic {
		return bad("optimizer", "presyn needs stochastic synapses (synapse presyn or fixed-p)")
	}
	if c.Synapse == SynapsePresyn && c.Optimizer != OptimPresyn {
		return bad("optimizer", "is %q, but learned release probabilities need the presyn rule", c.Optimizer)
	}
	if !finite(c.LearningRate) || c.LearningRate <= 0 {
		return bad("lr", "is %v, want a positive number", c.LearningRate)
	}
	if !finite(c.L2) || c.L2 < 0 {
		return bad("l2", "is %v, want 0 or more", c.L2)
	}
	if !finite(c.PMin) || c.PMin <= 0 || c.PMin > 1 {
		return bad("p_min", "is %v, want a value in (0, 1]", c.PMin)
	}
	if !finite(c.PFixed) || c.PFixed <= 0 || c.PFixed > 1 {
		return bad("p_fixed", "is %v, want a value in (0, 1]", c.PFixed)
	}
	if !finite(c.PFreeze) || c.PFreeze < c.PMin || c.PFreeze > 1 {
		return bad("p_freeze", "is %v, want a value in [p_min, 1] (1 disables freezing)", c.PFreeze)
	}
	for _, f := range []struct {
		name string
		v    float64
	}{{"p_up", c.PUp}, {"p_down", c.PDown}} {
		if !finite(f.v) || f.v < 0 || f.v > 1 {
			return bad(f.name, "is %v, want a value in [0, 1]", f.v)
		}
	}
	if !finite(c.GLim) || c.GLim < 0 {
		return bad("g_lim", "is %v, want 0 or more", c.GLim)
	}
	switch c.PInit {
	case "min", "uniform":
	default:
		return bad("p_init", "is %q, want min or uniform", c.PInit)
	}
	if c.Epochs < 1 {
		return bad("epochs", "is %d, want at least 1", c.Epochs)
	}
	if c.BatchSize < 1 || c.BatchSize > 60000 {
		return bad("batch_size", "is %d, want 1 to 60000", c.BatchSize)
	}
	if c.EvalBatchSize < 1 || c.EvalBatchSize > 10000 {
		return bad("eval_batch_size", "is %d, want 1 to 10000", c.EvalBatchSize)
	}
	if c.Optimizer == OptimPresyn && c.Synapse == SynapseFixedP && !c.GhostP {
		return bad("optimizer", "presyn with fixed-p synapses needs ghost_p (the rule needs release probabilities to update)")
	}
	if c.EvalSamples < 1 {
		return bad("eval_samples", "is %d, want at least 1", c.EvalSamples)
	}
	return nil
}

// Inputs is the number of network inputs: the 28x28 pixels of an image.
const Inputs = 784

// Outputs is the number of classes the task asks for: 2 (parity) for split tasks, 10
// otherwise.
func (c Train) Outputs() int {
	if c.Task == "split" {
		return 2
	}
	return 10
}
