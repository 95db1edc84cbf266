package config

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/presyn/presyn/internal/method"
)

func TestEveryEmbeddedConfigLoadsAndValidates(t *testing.T) {
	names := Names()
	if len(names) < 15 {
		t.Fatalf("only %d embedded configs: %v", len(names), names)
	}
	for _, name := range names {
		cfg, err := Load(name, nil)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if cfg.Name != name {
			t.Errorf("%s: name field is %q", name, cfg.Name)
		}
	}
}

// The published hyperparameters (REFERENCE.md's table) must survive loading.
func TestHyperparameterTable(t *testing.T) {
	presyn := func(lr, pUp, pDown, pFreeze float64, lrMod bool) method.Settings {
		return &method.PresynSettings{LR: lr, L2: 0, PUp: pUp, PDown: pDown, GLim: 0.001, PFreeze: pFreeze, LRModulation: lrMod}
	}
	lifelong := presyn(0.01, 0.0520, 0.0516, 0.9353, true)
	split := presyn(0.001, 0.0520, 0.0516, 0.9353, true)
	tests := []struct {
		name     string
		synapse  string
		method   string
		settings method.Settings
		epochs   int
	}{
		{"energy-presyn", SynapsePresyn, "presyn", &method.PresynSettings{LR: 0.05, L2: 0.01, PUp: 0.07, PDown: 0.07, GLim: 0.001, PFreeze: 1}, 50},
		{"energy-mlp", SynapseDeterministic, "sgd", &method.SGDSettings{LR: 0.08, L2: 0.01}, 50},
		{"energy-mlp-fixed", SynapseFixedP, "sgd", &method.SGDSettings{LR: 0.05, L2: 0.01}, 50},
		{"perm-mnist-presyn", SynapsePresyn, "presyn", lifelong, 10},
		{"perm-fmnist-presyn", SynapsePresyn, "presyn", lifelong, 10},
		{"perm-mnist-cont-presyn", SynapsePresyn, "presyn", lifelong, 10},
		{"split-mnist-presyn", SynapsePresyn, "presyn", split, 10},
		{"split-fmnist-presyn", SynapsePresyn, "presyn", split, 10},
		{"perm-mnist-nocons", SynapseDeterministic, "sgd", &method.SGDSettings{LR: 0.001}, 10},
		{"perm-fmnist-nocons", SynapseDeterministic, "adam", &method.AdamSettings{LR: 1e-6}, 10},
		{"split-mnist-nocons", SynapseDeterministic, "adam", &method.AdamSettings{LR: 1e-6}, 10},
		{"split-fmnist-nocons", SynapseDeterministic, "sgd", &method.SGDSettings{LR: 1e-4}, 10},
		{"split-mnist-joint", SynapseDeterministic, "adam", &method.AdamSettings{LR: 0.001}, 10},
		{"perm-fmnist-joint", SynapseDeterministic, "adam", &method.AdamSettings{LR: 0.001}, 10},
	}
	for _, tt := range tests {
		cfg, err := Load(tt.name, nil)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if cfg.Synapse != tt.synapse || cfg.Method != tt.method || !reflect.DeepEqual(cfg.Settings, tt.settings) || cfg.Epochs != tt.epochs {
			t.Errorf("%s loaded as %+v with %s %+v", tt.name, cfg, cfg.Method, cfg.Settings)
		}
	}
	fixed, _ := Load("energy-mlp-fixed", nil)
	if fixed.PFixed != 0.4 || fixed.GhostP {
		t.Errorf("energy-mlp-fixed: p_fixed %v ghost %v, want 0.4 without ghost", fixed.PFixed, fixed.GhostP)
	}
}

func TestOverrides(t *testing.T) {
	tests := []struct {
		config    string
		overrides []string
		check     func(Train) bool
	}{
		{"energy-presyn", []string{"epochs=2", "l2=0.05", "layers=[784,50,10]", "p_init=uniform"}, func(c Train) bool {
			return c.Epochs == 2 && c.Settings.(*method.PresynSettings).L2 == 0.05 && len(c.Layers) == 3 && c.Layers[1] == 50 && c.PInit == "uniform"
		}},
		{"energy-presyn", []string{"presyn.p_up=0.03", "presyn.lr_modulation=true"}, func(c Train) bool {
			s := c.Settings.(*method.PresynSettings)
			return s.PUp == 0.03 && s.LRModulation && s.PDown == 0.07
		}},
		// A method's key alone goes to the run's method, whatever the order.
		{"energy-mlp", []string{"lr=0.2", "method=adam"}, func(c Train) bool {
			return c.Method == "adam" && c.Settings.(*method.AdamSettings).LR == 0.2
		}},
		// The old name of method still works.
		{"energy-mlp", []string{"optimizer=adam"}, func(c Train) bool { return c.Method == "adam" }},
		// The section's spelling of a key replaces the file's flat one.
		{"energy-mlp", []string{"sgd.l2=0.1"}, func(c Train) bool { return c.Settings.(*method.SGDSettings).L2 == 0.1 }},
	}
	for _, tt := range tests {
		cfg, err := Load(tt.config, tt.overrides)
		if err != nil {
			t.Fatalf("%s %v: %v", tt.config, tt.overrides, err)
		}
		if !tt.check(cfg) {
			t.Errorf("%s %v: loaded as %+v %+v", tt.config, tt.overrides, cfg, cfg.Settings)
		}
	}
}

// A config written as JSON reads back equal, and configs of the flat layout that
// run folders made before method sections hold read as the same runs.
func TestJSONRoundTripAndFlatLayout(t *testing.T) {
	for _, name := range Names() {
		cfg, err := Load(name, nil)
		if err != nil {
			t.Fatal(err)
		}
		raw, err := json.Marshal(cfg)
		if err != nil {
			t.Fatal(err)
		}
		var back Train
		if err := json.Unmarshal(raw, &back); err != nil {
			t.Fatalf("%s: %v\n%s", name, err, raw)
		}
		if !back.Equal(cfg) || !reflect.DeepEqual(back, cfg) {
			t.Errorf("%s: round trip changed the config:\n%s", name, raw)
		}
	}
	// config.json of an energy-mlp-fixed run made before sections (every method
	// key at the top level, p_up and the like ignored by SGD).
	flat := `{"name":"energy-mlp-fixed","dataset":"mnist","task":"plain","num_tasks":1,"shuffle_classes":false,"joint":false,
		"layers":[784,200,200,10],"bias":"learned","synapse":"fixed-p","p_fixed":0.4,"ghost_p":false,"ghost_bias":false,
		"normalise":true,"p_init":"min","optimizer":"sgd","lr":0.05,"l2":0.001,"p_up":0.07,"p_down":0.07,"g_lim":0.001,
		"p_freeze":1,"p_min":0.25,"lr_modulation":false,"epochs":50,"batch_size":100,"eval_samples":10,"eval_batch_size":1000}`
	var old Train
	if err := json.Unmarshal([]byte(flat), &old); err != nil {
		t.Fatal(err)
	}
	planned, err := Load("energy-mlp-fixed", []string{"l2=0.001"})
	if err != nil {
		t.Fatal(err)
	}
	if !old.Equal(planned) {
		a, _ := json.Marshal(old)
		b, _ := json.Marshal(planned)
		t.Errorf("flat layout reads as\n%s\nwant\n%s", a, b)
	}
}

func TestBadInputNamesTheField(t *testing.T) {
	dir := t.TempDir()
	unknownKey := filepath.Join(dir, "unknown.json")
	os.WriteFile(unknownKey, []byte(`{"dataset": "mnist", "learning_rate": 0.1}`), 0o644)
	broken := filepath.Join(dir, "broken.json")
	os.WriteFile(broken, []byte(`{"dataset": `), 0o644)
	onePerm := filepath.Join(dir, "one-permutation.txt")
	identity := make([]string, Inputs)
	for i := range identity {
		identity[i] = strconv.Itoa(i)
	}
	os.WriteFile(onePerm, []byte(strings.Join(identity, " ")+"\n"), 0o644)
	badPerm := filepath.Join(dir, "bad-permutation.txt")
	os.WriteFile(badPerm, []byte("0 1 2\n"), 0o644)
	tests := []struct {
		source    string
		overrides []string
		want      string
	}{
		{"energy-presyn", []string{"lr=-0.1"}, "lr"},
		{"energy-presyn", []string{"p_min=0"}, "p_min"},
		{"energy-presyn", []string{"p_min=1.5"}, "p_min"},
		{"energy-presyn", []string{"layers=[784,200,3]"}, "layers"},
		{"energy-presyn", []string{"layers=[100,200,10]"}, "layers"},
		{"split-mnist-presyn", []string{"layers=[784,200,10]"}, "layers"},
		{"energy-presyn", []string{"epochs=0"}, "epochs"},
		{"energy-presyn", []string{"epochs=two"}, "epochs"},
		{"energy-presyn", []string{"eval_every=-1"}, "eval_every is -1"},
		{"perm-mnist-bgd", []string{"init=he"}, `init is "he", want pytorch or xavier`},
		{"perm-mnist-ewc", []string{"inputs=normalised"}, `inputs is "normalised", want standardised or raw`},
		{"energy-presyn", []string{"epochs=5", "eval_every=6"}, "eval_every is 6, want 0 (what the command draws) to epochs (5)"},
		{"energy-presyn", []string{"learning_rate=0.1"}, `unknown key "learning_rate"`},
		{"energy-presyn", []string{"novalue"}, "key=value"},
		{"energy-presyn", []string{"synapse=quantum"}, "synapse"},
		{"energy-mlp", []string{"method=presyn"}, "method presyn: needs release probabilities"},
		{"energy-presyn", []string{"method=sgd"}, "method sgd does not learn release probabilities"},
		{"energy-presyn", []string{"method=lbfgs"}, `unknown method "lbfgs"`},
		{"energy-mlp", []string{"p_up=0.1"}, "p_up is not a key of method sgd"},
		{"energy-presyn", []string{"presyn.p_upp=0.1"}, `unknown key "p_upp"`},
		{"energy-presyn", []string{"rmsprop.lr=0.1"}, "not a method's section"},
		{"energy-presyn", []string{"presyn.lr=fast"}, "presyn: lr must be a number, not a string"},
		{"energy-presyn", []string{"p_freeze=0.1"}, "p_freeze is 0.1"},
		{"energy-presyn", []string{"dataset=cifar"}, "dataset"},
		{"perm-mnist-presyn", []string{"permutations=" + onePerm}, "has 1 permutations, want one per task (10)"},
		{"perm-mnist-presyn", []string{"permutations=" + badPerm}, "bad-permutation.txt: line 1: 3 indices"},
		{"perm-mnist-presyn", []string{"permutations=" + filepath.Join(dir, "none.txt")}, "none.txt"},
		{"split-mnist-presyn", []string{"permutations=" + onePerm}, "a split task has no pixel permutations"},
		{unknownKey, nil, `unknown key "learning_rate"`},
		{broken, nil, "broken.json"},
		{"no-such-config", nil, "neither a config name"},
		{"", nil, "no config"},
	}
	for _, tt := range tests {
		_, err := Load(tt.source, tt.overrides)
		if err == nil {
			t.Errorf("Load(%q, %v) succeeded, want an error about %s", tt.source, tt.overrides, tt.want)
			continue
		}
		if !strings.Contains(err.Error(), tt.want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("Load(%q, %v) = %q, want one line mentioning %q", tt.source, tt.overrides, err, tt.want)
		}
	}
}

func TestLoadFromFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "mine.json")
	os.WriteFile(path, []byte(`{"name": "mine", "l2": 0.1, "epochs": 3}`), 0o644)
	cfg, err := Load(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	s := cfg.Settings.(*method.PresynSettings)
	if cfg.Name != "mine" || s.L2 != 0.1 || cfg.Epochs != 3 || s.LR != method.DefaultPresyn().LR {
		t.Fatalf("file config loaded as %+v", cfg)
	}
}

// A config's old name loads the renamed config, and a run made under the old
// name has the identity of one made under the new.
func TestRenamedConfigsLoad(t *testing.T) {
	for old, now := range Renamed {
		a, err := Load(old, nil)
		if err != nil {
			t.Fatalf("%s: %v", old, err)
		}
		b, err := Load(now, nil)
		if err != nil {
			t.Fatalf("%s: %v", now, err)
		}
		if a.Name != now {
			t.Errorf("%s loads as %q, want %q", old, a.Name, now)
		}
		b.Name = old
		if !reflect.DeepEqual(a.Identity(), b.Identity()) {
			t.Errorf("%s: the identity depends on the name", old)
		}
	}
}

// writePerms writes n pixel permutations into a file at path: the identity
// permutation rotated by shift+i for task i.
func writePerms(t *testing.T, path string, n, shift int) {
	t.Helper()
	var b strings.Builder
	for i := range n {
		for j := range Inputs {
			if j > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(strconv.Itoa((j + shift + i) % Inputs))
		}
		b.WriteByte('\n')
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

// A run's identity holds the content of its permutations file, not its name; a
// run that recorded no hash (made before it was recorded) is compared by name.
func TestIdentityHoldsThePermutationsContent(t *testing.T) {
	dir := t.TempDir()
	a, sameAsA, other := filepath.Join(dir, "a.txt"), filepath.Join(dir, "copy-of-a.txt"), filepath.Join(dir, "other.txt")
	writePerms(t, a, 2, 1)
	writePerms(t, sameAsA, 2, 1)
	writePerms(t, other, 2, 5)
	load := func(path string) Train {
		t.Helper()
		c, err := Load("perm-mnist-presyn", []string{"num_tasks=2", "permutations=" + path, "permutations_sha256=forged"})
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	base := load(a)
	if len(base.PermutationsSHA256) != 64 {
		t.Fatalf("hash %q, want the file's SHA-256 (a value the config gives is replaced)", base.PermutationsSHA256)
	}
	legacy := base
	legacy.PermutationsSHA256 = "" // a manifest written before hashes were recorded
	legacyOther := legacy
	legacyOther.Permutations = other
	tests := []struct {
		name string
		done Train // what the finished run recorded
		want bool
	}{
		{"the same file", base, true},
		{"the same content under another name", load(sameAsA), true},
		{"another content", load(other), false},
		{"no hash recorded, the same name", legacy, true},
		{"no hash recorded, another name", legacyOther, false},
	}
	for _, tt := range tests {
		if got := base.SameRun(tt.done); got != tt.want {
			t.Errorf("%s: SameRun = %v, want %v", tt.name, got, tt.want)
		}
	}
	// The file changed since the run was made: its config loads with another hash.
	writePerms(t, a, 2, 7)
	if changed := load(a); changed.SameRun(base) {
		t.Error("a changed permutations file still counts as the same run")
	}
}

// A run made before init and inputs were keys recorded neither: it was made
// with the defaults, and is the run a default config makes, not one with
// Xavier init or raw inputs.
func TestIdentityOfRunsBeforeInitAndInputs(t *testing.T) {
	c, err := Load("perm-mnist-nocons", nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.Init != InitPyTorch || c.Inputs != InputsStandardised {
		t.Fatalf("defaults init %q, inputs %q; want pytorch, standardised", c.Init, c.Inputs)
	}
	old := c
	old.Init, old.Inputs = "", ""
	xavier, raw := c, c
	xavier.Init, raw.Inputs = InitXavier, InputsRaw
	for _, tt := range []struct {
		name string
		done Train
		want bool
	}{
		{"recorded before the keys", old, true},
		{"xavier init", xavier, false},
		{"raw inputs", raw, false},
	} {
		if got := c.SameRun(tt.done); got != tt.want {
			t.Errorf("%s: SameRun = %v, want %v", tt.name, got, tt.want)
		}
	}
	raw2, err := Load("perm-mnist-nocons", []string{"inputs=raw", "init=xavier"})
	if err != nil || raw2.Inputs != InputsRaw || raw2.Init != InitXavier {
		t.Errorf("overrides: %+v, %v", raw2, err)
	}
}

// What the user asked is what runs (issue 21, section 4): a key set twice under
// two spellings, by the user and by the study, or for a method the run does not
// use, a config file with a key twice or that is not an object, is an error that
// names both sides, never a silent choice.
func TestConflictsAreErrors(t *testing.T) {
	dir := t.TempDir()
	file := func(name, text string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	tests := []struct {
		name   string
		source string
		user   []string
		own    []Own
		want   []string // each in the one-line error
	}{
		{"set and the study's own key", "energy-presyn", []string{"l2=0.5"}, []Own{{"l2=0.01", "--l2"}},
			[]string{"--set l2=0.5", "--l2 (l2=0.01)", "presyn.l2"}},
		{"set and a searched key", "split-mnist-presyn", []string{"p_up=0.05"}, []Own{{"presyn.p_up=0.08", "tune's search"}},
			[]string{"--set p_up=0.05", "tune's search", "presyn.p_up"}},
		{"one key twice in a grid", "energy-presyn", nil, []Own{{"l2=0.1", "--grid"}, {"presyn.l2=0.3", "--grid"}},
			[]string{"l2=0.1", "presyn.l2=0.3", "both set presyn.l2"}},
		{"two spellings in --set", "energy-presyn", []string{"lr=0.1", "presyn.lr=0.2"}, nil,
			[]string{"--set lr=0.1", "--set presyn.lr=0.2"}},
		{"another method's section", "energy-presyn", []string{"ewc.lambda=5"}, nil,
			[]string{"ewc.lambda=5", "method is presyn", "--set method=ewc"}},
		{"another method's key alone", "energy-presyn", []string{"lambda=5"}, nil,
			[]string{"lambda=5", "not a key of method presyn"}},
		{"flat and sectioned in a file", file("both.json", `{"lr": 0.1, "presyn": {"lr": 0.2}}`), nil, nil,
			[]string{"both.json", "lr and presyn.lr"}},
		{"a key twice in a file", file("dup.json", `{"epochs": 1, "epochs": 2}`), nil, nil,
			[]string{"dup.json", "epochs twice"}},
		{"a section's key twice", file("dup2.json", `{"presyn": {"lr": 1, "lr": 2}}`), nil, nil,
			[]string{"presyn.lr twice"}},
		{"null", file("null.json", `null`), nil, nil, []string{"null.json", "not a JSON object", "null"}},
		{"a list", file("list.json", `[1]`), nil, nil, []string{"list.json", "not a JSON object", "a list"}},
		{"a section that is a number", file("sec.json", `{"presyn": 5}`), nil, nil, []string{"section presyn is not a JSON object"}},
	}
	for _, tt := range tests {
		_, err := LoadOwn(tt.source, tt.user, tt.own)
		if err == nil {
			t.Errorf("%s: loaded, want an error", tt.name)
			continue
		}
		for _, w := range tt.want {
			if !strings.Contains(err.Error(), w) || strings.Contains(err.Error(), "\n") {
				t.Errorf("%s: %q, want one line with %q", tt.name, err, w)
			}
		}
	}
	// What still works: another method's key once the method is chosen, the same
	// spelling twice (the last wins, as the smoke profiles rely on), and a
	// section's spelling replacing the file's flat one.
	ok := []struct {
		source string
		user   []string
		check  func(Train) bool
	}{
		{"split-mnist-presyn", []string{"ewc.lambda=5", "method=ewc", "synapse=deterministic"}, func(c Train) bool {
			return c.Settings.(*method.EWCSettings).Lambda == 5
		}},
		{"energy-presyn", []string{"epochs=5", "epochs=2"}, func(c Train) bool { return c.Epochs == 2 }},
		{file("flat.json", `{"lr": 0.1}`), []string{"presyn.lr=0.3"}, func(c Train) bool {
			return c.Settings.(*method.PresynSettings).LR == 0.3
		}},
	}
	for _, tt := range ok {
		cfg, err := LoadOwn(tt.source, tt.user, nil)
		if err != nil || !tt.check(cfg) {
			t.Errorf("%s %v: %v %+v", tt.source, tt.user, err, cfg.Settings)
		}
	}
}

// No message shows internals (issue 21, section 5): Go type names, the bytes of
// a bad file, a NaN that JSON cannot hold.
func TestMessagesShowNoInternals(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "bad.json")
	os.WriteFile(bad, []byte("\x00\x01garbage\xff"), 0o644)
	tests := []struct {
		source string
		user   []string
		want   string
	}{
		{"energy-presyn", []string{"lr=NaN"}, "NaN is not a finite number"},
		{"energy-presyn", []string{"lr=-Inf"}, "-Inf is not a finite number"},
		{"energy-presyn", []string{"lr=fast"}, "lr must be a number, not a string"},
		{"energy-presyn", []string{"epochs=1.5"}, "epochs must be a whole number, not 1.5"},
		{"energy-presyn", []string{"layers=5"}, "layers must be a list of whole numbers, not a number"},
		{"energy-presyn", []string{"normalise=yes"}, "normalise must be true or false"},
		{"energy-presyn", []string{"method=5"}, "method must be a method's name"},
		{bad, nil, "bad.json is not valid JSON (at byte 1: an unexpected character)"},
	}
	for _, tt := range tests {
		_, err := Load(tt.source, tt.user)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s %v: %v, want %q", tt.source, tt.user, err, tt.want)
			continue
		}
		for _, internal := range []string{"float64", "int", "map[", "json.", "\\x00", "\x00", "Go "} {
			if strings.Contains(err.Error(), internal) {
				t.Errorf("%s %v: %q shows %q", tt.source, tt.user, err, internal)
			}
		}
	}
}
