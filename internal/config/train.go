package config

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"

	"github.com/presyn/presyn/configs"
	"github.com/presyn/presyn/internal/data"
	"github.com/presyn/presyn/internal/method"
	"github.com/presyn/presyn/internal/synapse"
)

// Synapse models.
const (
	SynapseDeterministic = "deterministic" // plain weights
	SynapsePresyn        = "presyn"        // Bernoulli synapses with learned release probabilities
	SynapseFixedP        = "fixed-p"       // Bernoulli synapses with a constant release probability
)

// Train configures one training run: a network, a task (or task sequence) and a
// training method. Its zero value is not useful: start from Default or a named
// config.
//
// In JSON the method's settings are a section named after the method, beside the
// other keys: {"method": "presyn", "presyn": {"lr": 0.05, ...}, "epochs": 50, ...}.
// Package method documents each section's keys. The older flat layout, with
// "optimizer" for "method" and the method's keys (lr, l2, p_up, ...) at the top
// level, is still read (run folders made before sections keep resuming); a
// method's key given at the top level sets it in the method's section.
type Train struct {
	Name string `json:"name"` // the config's name, for the manifest

	// Task.
	Dataset        string   `json:"dataset"`         // mnist | fashion-mnist
	Task           TaskKind `json:"task"`            // plain | split | permuted | continuous
	NumTasks       int      `json:"num_tasks"`       // tasks of a split/permuted sequence
	ShuffleClasses bool     `json:"shuffle_classes"` // split: shuffled class order
	Joint          bool     `json:"joint"`           // train on all tasks at once (the upper bound)
	// Permutations names a file of pixel permutations (data.ReadPermutations), one
	// task's per line, used instead of drawing them from the seed: permuted and
	// continuous tasks only, at least num_tasks lines; e.g. the permutations
	// another implementation drew, to compare runs on the same tasks.
	Permutations string `json:"permutations,omitempty"`
	// PermutationsSHA256 is the SHA-256 of the Permutations file's content, in hex,
	// set by Load and Parse (a value a config gives is replaced): the tasks a run
	// learnt are the file's content, not its name. Empty without a file, and in
	// runs made before it was recorded.
	PermutationsSHA256 string `json:"permutations_sha256,omitempty"`

	// Network.
	Layers []int  `json:"layers"` // all layer sizes, inputs first: 784 in, 10 out (2 for split)
	Bias   string `json:"bias"`   // none | fixed | learned
	// Init is how the weights and biases start: pytorch (PyTorch's default
	// Linear init, as the published code; the default) or xavier (weights
	// Xavier-normal, biases N(0, sqrt(2/(1+fan_out))), as the BGD fork's).
	Init string `json:"init"`
	// Inputs is how the pixels enter the network: standardised ((x - mean) /
	// std with the data set's constants, as the published code; the default)
	// or raw (x in [0, 1], as the BGD fork's logged runs).
	Inputs string `json:"inputs"`

	// Synapses.
	Synapse   string  `json:"synapse"`    // deterministic | presyn | fixed-p
	PFixed    float64 `json:"p_fixed"`    // fixed-p: the constant release probability
	GhostP    bool    `json:"ghost_p"`    // fixed-p: a ghost p evolves by the rule and modulates lr
	GhostBias bool    `json:"ghost_bias"` // fixed-p with ghost p: divide by the ghost p like the published code
	Normalise bool    `json:"normalise"`  // presyn: layer uses mask*w/p (true) or mask*m (false)
	PInit     string  `json:"p_init"`     // presyn: "min" (p starts at p_min) | "uniform" (in [p_min, 1])
	PMin      float64 `json:"p_min"`      // lower bound of release probabilities

	// Schedule and evaluation.
	Epochs        int `json:"epochs"` // per task
	BatchSize     int `json:"batch_size"`
	EvalSamples   int `json:"eval_samples"`    // sampled networks averaged at test time
	EvalBatchSize int `json:"eval_batch_size"` // test samples that share one sampled network
	// EvalEvery also measures every task seen so far after every EvalEvery-th
	// epoch of a task; 0 measures only what the command draws (always every
	// task after each task's last epoch). Training is the same either way.
	EvalEvery int `json:"eval_every"`

	// Method names the training method (package method); Settings are its
	// section, of the method's own Settings type.
	Method   string          `json:"method"`
	Settings method.Settings `json:"-"`
}

// Default returns the energy experiment's presynaptic model, the base every named
// config overrides.
func Default() Train {
	return Train{
		Name:      "default",
		Dataset:   "mnist",
		Task:      TaskPlain,
		NumTasks:  1,
		Layers:    []int{784, 200, 200, 10},
		Bias:      "fixed",
		Init:      InitPyTorch,
		Inputs:    InputsStandardised,
		Synapse:   SynapsePresyn,
		PFixed:    0.5,
		GhostBias: true,
		Normalise: true,
		PInit:     "min",
		PMin:      0.25,
		Epochs:    50,
		BatchSize: 100,
		// The published code's test batch size is not documented; a mask per 1000
		// test samples keeps evaluation fast and changes no expectation.
		EvalBatchSize: 1000,
		EvalSamples:   10,
		Method:        "presyn",
		Settings:      method.DefaultPresyn(),
	}
}

// Renamed maps the names configs had before each benchmark got one spelling
// (perm-mnist, as its --task and its folder) to their names now: the old names
// still load, so scripts and notes that use them keep working.
var Renamed = map[string]string{
	"permuted-mnist-presyn":   "perm-mnist-presyn",
	"permuted-mnist-nocons":   "perm-mnist-nocons",
	"permuted-mnist-bgd":      "perm-mnist-bgd",
	"permuted-mnist-ewc":      "perm-mnist-ewc",
	"permuted-mnist-joint":    "perm-mnist-joint",
	"permuted-fmnist-presyn":  "perm-fmnist-presyn",
	"permuted-fmnist-nocons":  "perm-fmnist-nocons",
	"permuted-fmnist-bgd":     "perm-fmnist-bgd",
	"permuted-fmnist-ewc":     "perm-fmnist-ewc",
	"permuted-fmnist-joint":   "perm-fmnist-joint",
	"continuous-mnist-presyn": "perm-mnist-cont-presyn",
}

// Identity is the config as far as it decides a run's numbers: all of it but
// its Name, a label. A finished run is the planned one when their identities
// are equal, so a run made before a config was renamed is still finished.
//
// A permutations file counts by its content (PermutationsSHA256), not its name,
// when the hash is recorded. Data files need no hash: data.Load checks every
// file against the SHA-256 sums of DATA.md, so the dataset name fixes them.
func (c Train) Identity() any {
	c.Name = ""
	// Runs made before init and inputs were keys were made with the defaults.
	if c.Init == "" {
		c.Init = InitPyTorch
	}
	if c.Inputs == "" {
		c.Inputs = InputsStandardised
	}
	if c.PermutationsSHA256 != "" {
		c.Permutations = ""
	}
	return c
}

// SameRun reports whether a finished run whose manifest recorded done (a Train
// or *Train) is the run c would make: their Identities agree. It is the one
// test of "already finished", for presyn train and for every study
// (study.Prepare).
//
// Runs made before presyn hashed the permutations file recorded no hash: the
// hash is then "not recorded", not "different", and c is compared with them by
// the file's name, as they were made, so that they still count as finished.
func (c Train) SameRun(done any) bool {
	d, ok := done.(Train)
	if p, isPtr := done.(*Train); isPtr {
		d, ok = *p, true
	}
	if !ok {
		return false
	}
	if d.PermutationsSHA256 == "" {
		c.PermutationsSHA256 = ""
	}
	a, errA := json.Marshal(c.Identity())
	b, errB := json.Marshal(d.Identity())
	return errA == nil && errB == nil && bytes.Equal(a, b)
}

// The values of init and inputs.
const (
	InitPyTorch        = "pytorch"
	InitXavier         = "xavier"
	InputsStandardised = "standardised"
	InputsRaw          = "raw"
)

// TaskKind is how a config turns its data set into tasks.
type TaskKind string

// The task kinds.
const (
	TaskPlain      TaskKind = "plain"      // the whole data set, one task
	TaskSplit      TaskKind = "split"      // pairs of classes, a shared parity head
	TaskPermuted   TaskKind = "permuted"   // a pixel permutation per task, one after another
	TaskContinuous TaskKind = "continuous" // permuted tasks blended on a continuous schedule
)

// TaskKinds are the valid task kinds.
var TaskKinds = []TaskKind{TaskPlain, TaskSplit, TaskPermuted, TaskContinuous}

// Sequence reports whether the kind is a sequence of separate tasks, which can
// also be trained at once (joint).
func (k TaskKind) Sequence() bool { return k == TaskSplit || k == TaskPermuted }

// Permuted reports whether the kind's tasks are pixel permutations.
func (k TaskKind) Permuted() bool { return k == TaskPermuted || k == TaskContinuous }

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
// key=value overrides in order and validates the result. An override's key is a
// top-level key (epochs), "method", a key of a method's section (presyn.p_up), or a
// key of the chosen method given alone (lr, l2: set in its section, whatever the
// order of the overrides). Unknown keys, in the file or in an override, are errors.
func Load(nameOrPath string, overrides []string) (Train, error) {
	raw, source, err := readSource(nameOrPath)
	if err != nil {
		return Train{}, err
	}
	return Parse(raw, source, overrides)
}

// Parse is Load of a config's JSON text; source names it in errors.
func Parse(raw []byte, source string, overrides []string) (Train, error) {
	return ParseOwn(raw, source, overrides, nil)
}

// fileSHA256 returns the SHA-256 of the file at path in hex, or "" for no path.
func fileSHA256(path string) (string, error) {
	if path == "" {
		return "", nil
	}
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", fmt.Errorf("%s: %w", path, err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

func readSource(nameOrPath string) ([]byte, string, error) {
	if nameOrPath == "" {
		return nil, "", errors.New("config: no config given (use a name such as energy-presyn, or a file)")
	}
	if now, ok := Renamed[nameOrPath]; ok {
		nameOrPath = now
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

func describeDecodeError(err error) string {
	var typeErr *json.UnmarshalTypeError
	if errors.As(err, &typeErr) {
		return fmt.Sprintf("%s must be %s, not %s", typeErr.Field, describeType(typeErr.Type), describeValue(typeErr.Value))
	}
	if key, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		return "unknown key " + key
	}
	return err.Error()
}

// describeType names a Go type as a config's reader knows it: a number, not float64.
func describeType(t reflect.Type) string {
	if t == nil {
		return "another kind of value"
	}
	switch t.Kind() {
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a whole number"
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Slice, reflect.Array:
		return "a list of " + strings.TrimPrefix(describeType(t.Elem()), "a ") + "s"
	case reflect.Map, reflect.Struct, reflect.Pointer:
		return "an object of keys"
	}
	return "another kind of value"
}

// describeValue names the kind of JSON value a decoder met: "number 1.5" as is,
// "string" as "a string".
func describeValue(v string) string {
	switch v {
	case "string", "bool", "array", "object", "number":
		return map[string]string{"string": "a string", "bool": "true or false", "array": "a list",
			"object": "an object", "number": "a number"}[v]
	}
	return strings.TrimPrefix(v, "number ")
}

// legacyMethodKey is the flat layout's name for "method".
const legacyMethodKey = "optimizer"

// plainTrain is Train without its methods, for the default JSON codec.
type plainTrain Train

// MarshalJSON writes the config with its method's settings as a section named
// after the method.
func (c Train) MarshalJSON() ([]byte, error) {
	body, err := json.Marshal(plainTrain(c))
	if err != nil {
		return nil, err
	}
	if c.Settings == nil {
		return body, nil
	}
	section, err := json.Marshal(c.Settings)
	if err != nil {
		return nil, err
	}
	name, _ := json.Marshal(c.Method)
	out := append(body[:len(body)-1:len(body)-1], ',')
	out = append(out, name...)
	out = append(out, ':')
	out = append(out, section...)
	return append(out, '}'), nil
}

// UnmarshalJSON overlays the keys of a JSON config on c, in the sectioned layout or
// the older flat one. Unknown keys, and a method's key that its method does not
// have, are errors; in the flat layout (which listed every method's keys) the keys
// of other methods are ignored, as they always were.
func (c *Train) UnmarshalJSON(raw []byte) error {
	fields := map[string]json.RawMessage{}
	if err := json.Unmarshal(raw, &fields); err != nil {
		return err
	}
	name := c.Method
	legacyName, legacy := fields[legacyMethodKey]
	if legacy {
		if err := json.Unmarshal(legacyName, &name); err != nil {
			return fmt.Errorf("config: method must be a string, not %s", legacyName)
		}
		delete(fields, legacyMethodKey)
	}
	if v, ok := fields["method"]; ok {
		var explicit string
		if err := json.Unmarshal(v, &explicit); err != nil {
			return fmt.Errorf("config: method must be a string, not %s", v)
		}
		if legacy && explicit != name {
			return fmt.Errorf("config: method %q and optimizer %q (its old name) disagree", explicit, name)
		}
		name = explicit
		delete(fields, "method")
	}
	if name == "" {
		return errors.New("config: no method given")
	}
	if _, err := method.Lookup(name); err != nil {
		return fmt.Errorf("config: %w", err)
	}

	// The method's settings: c's own when the method stays, else its defaults;
	// then its section, then its keys given at the top level.
	var current json.RawMessage
	if c.Settings != nil && name == c.Method {
		current, _ = json.Marshal(c.Settings)
	}
	settings, err := method.Decode(name, current)
	if err != nil {
		return fmt.Errorf("config: %s: %w", name, err)
	}
	if err := overlay(settings, fields[name]); err != nil {
		return fmt.Errorf("config: %s: %s", name, describeDecodeError(err))
	}
	for _, other := range method.Names() {
		delete(fields, other) // another method's section: not the run's method, ignored
	}
	own := map[string]bool{}
	for _, k := range method.Keys(name) {
		own[k] = true
	}
	flat := map[string]json.RawMessage{}
	for key, v := range fields {
		if !methodKeys()[key] || topLevelKeys()[key] {
			continue
		}
		delete(fields, key)
		switch {
		case own[key]:
			flat[key] = v
		case !legacy:
			return fmt.Errorf("config: %s is not a key of method %s (its keys: %s)", key, name, strings.Join(method.Keys(name), ", "))
		}
	}
	if len(flat) > 0 {
		section, _ := json.Marshal(flat)
		if err := overlay(settings, section); err != nil {
			return fmt.Errorf("config: %s: %s", name, describeDecodeError(err))
		}
	}

	rest, _ := json.Marshal(fields)
	plain := plainTrain(*c)
	dec := json.NewDecoder(bytes.NewReader(rest))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&plain); err != nil {
		return fmt.Errorf("config: %s", describeDecodeError(err))
	}
	*c = Train(plain)
	c.Method, c.Settings = name, settings
	// A config.json written before init and inputs were keys was made with
	// what are now their defaults.
	if c.Init == "" {
		c.Init = InitPyTorch
	}
	if c.Inputs == "" {
		c.Inputs = InputsStandardised
	}
	return nil
}

// overlay decodes a section onto settings, strictly.
func overlay(settings method.Settings, section json.RawMessage) error {
	if len(bytes.TrimSpace(section)) == 0 {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(section))
	dec.DisallowUnknownFields()
	return dec.Decode(settings)
}

// topLevelKeys are the JSON keys of Train besides its method's section.
func topLevelKeys() map[string]bool {
	keys := map[string]bool{"method": true}
	t := reflect.TypeFor[plainTrain]()
	for i := range t.NumField() {
		if key, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ","); key != "" && key != "-" {
			keys[key] = true
		}
	}
	return keys
}

// methodKeys are the keys of every method's section.
func methodKeys() map[string]bool {
	keys := map[string]bool{}
	for _, name := range method.Names() {
		for _, k := range method.Keys(name) {
			keys[k] = true
		}
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

// Equal reports whether two configs resolve to the same run: the same JSON.
func (c Train) Equal(o Train) bool {
	a, errA := json.Marshal(c)
	b, errB := json.Marshal(o)
	return errA == nil && errB == nil && bytes.Equal(a, b)
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
	if !slices.Contains(TaskKinds, c.Task) {
		return bad("task", "is %q, want one of %v", c.Task, TaskKinds)
	}
	if c.Joint && !c.Task.Sequence() {
		return bad("joint", "needs a task sequence (split or permuted), not %q", c.Task)
	}
	if c.NumTasks < 1 {
		return bad("num_tasks", "is %d, want at least 1", c.NumTasks)
	}
	if c.Task == TaskPlain && c.NumTasks != 1 {
		return bad("num_tasks", "is %d, but a plain task is one task", c.NumTasks)
	}
	if c.Task == TaskSplit && c.NumTasks > 5 {
		return bad("num_tasks", "is %d, but split tasks are at most 5 (pairs of the 10 classes)", c.NumTasks)
	}
	if c.Permutations != "" {
		if !c.Task.Permuted() {
			return bad("permutations", "is set, but a %s task has no pixel permutations", c.Task)
		}
		if _, err := c.TaskPermutations(); err != nil {
			return bad("permutations", "file: %v", err)
		}
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
	switch c.Init {
	case InitPyTorch, InitXavier:
	default:
		return bad("init", "is %q, want pytorch or xavier", c.Init)
	}
	switch c.Inputs {
	case InputsStandardised, InputsRaw:
	default:
		return bad("inputs", "is %q, want standardised or raw", c.Inputs)
	}
	switch c.Synapse {
	case SynapseDeterministic, SynapsePresyn, SynapseFixedP:
	default:
		return bad("synapse", "is %q, want deterministic, presyn or fixed-p", c.Synapse)
	}
	if !finite(c.PMin) || c.PMin <= 0 || c.PMin > 1 {
		return bad("p_min", "is %v, want a value in (0, 1]", c.PMin)
	}
	if !finite(c.PFixed) || c.PFixed <= 0 || c.PFixed > 1 {
		return bad("p_fixed", "is %v, want a value in (0, 1]", c.PFixed)
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
	if c.EvalEvery < 0 || c.EvalEvery > c.Epochs {
		return bad("eval_every", "is %d, want 0 (what the command draws) to epochs (%d)", c.EvalEvery, c.Epochs)
	}
	if c.EvalSamples < 1 {
		return bad("eval_samples", "is %d, want at least 1", c.EvalSamples)
	}
	net, err := c.Net()
	if err != nil {
		return fmt.Errorf("config: %w", err)
	}
	if _, err := method.Lookup(c.Method); err != nil {
		return fmt.Errorf("config: %w", err)
	}
	if c.Settings == nil || method.NameOf(c.Settings) != c.Method {
		return fmt.Errorf("config: method %s has no settings of its own (programming error: set Settings with the method)", c.Method)
	}
	if err := c.Settings.Validate(net); err != nil {
		return fmt.Errorf("config: method %s: %w", c.Method, err)
	}
	if (net.Synapses == synapse.Presynaptic || net.Ghost) && !c.Settings.LearnsRelease() {
		return fmt.Errorf("config: method %s does not learn release probabilities, which synapse %s (ghost_p %v) needs: use method presyn", c.Method, c.Synapse, c.GhostP)
	}
	return nil
}

// Net returns the network configuration of c.
func (c Train) Net() (synapse.Config, error) {
	bias, err := synapse.ParseBiasMode(c.Bias)
	if err != nil {
		return synapse.Config{}, err
	}
	sc := synapse.Config{Sizes: append([]int(nil), c.Layers...), Bias: bias, PMin: float32(c.PMin), PMax: 1, XavierInit: c.Init == InitXavier}
	switch c.Synapse {
	case SynapseDeterministic:
		sc.Synapses = synapse.Deterministic
	case SynapsePresyn:
		sc.Synapses = synapse.Presynaptic
		sc.PInitUniform = c.PInit == "uniform"
		sc.NotNormalised = !c.Normalise
	case SynapseFixedP:
		sc.Synapses = synapse.FixedRelease
		sc.PFixed = float32(c.PFixed)
		sc.Ghost = c.GhostP
		sc.GhostUnbiased = c.GhostP && !c.GhostBias
	default:
		return synapse.Config{}, fmt.Errorf("synapse is %q, want deterministic, presyn or fixed-p", c.Synapse)
	}
	return sc, sc.Validate()
}

// TaskPermutations reads the Permutations file and returns one pixel permutation
// per task, or nil when the config has no such file (the run draws them from its
// seed). Errors name the file.
func (c Train) TaskPermutations() ([][]int32, error) {
	if c.Permutations == "" {
		return nil, nil
	}
	perms, err := data.LoadPermutations(c.Permutations)
	if err != nil {
		return nil, err
	}
	if len(perms) < c.NumTasks {
		return nil, fmt.Errorf("%s has %d permutations, want one per task (%d)", c.Permutations, len(perms), c.NumTasks)
	}
	return perms[:c.NumTasks], nil
}

// Inputs is the number of network inputs: the 28x28 pixels of an image.
const Inputs = 784

// Outputs is the number of classes the task asks for: 2 (parity) for split tasks, 10
// otherwise.
func (c Train) Outputs() int {
	if c.Task == TaskSplit {
		return 2
	}
	return 10
}
