package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
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
	tests := []struct {
		name           string
		synapse, optim string
		lr             float64
		pUp, pDown     float64
		pFreeze        float64
		lrMod          bool
		epochs         int
	}{
		{"energy-presyn", SynapsePresyn, OptimPresyn, 0.05, 0.07, 0.07, 1, false, 50},
		{"energy-mlp", SynapseDeterministic, OptimSGD, 0.08, 0.07, 0.07, 1, false, 50},
		{"energy-mlp-fixed", SynapseFixedP, OptimSGD, 0.05, 0.07, 0.07, 1, false, 50},
		{"permuted-mnist-presyn", SynapsePresyn, OptimPresyn, 0.01, 0.0520, 0.0516, 0.9353, true, 10},
		{"split-mnist-presyn", SynapsePresyn, OptimPresyn, 0.001, 0.0520, 0.0516, 0.9353, true, 10},
		{"split-fmnist-presyn", SynapsePresyn, OptimPresyn, 0.001, 0.0520, 0.0516, 0.9353, true, 10},
		{"permuted-mnist-nocons", SynapseDeterministic, OptimSGD, 0.001, 0.07, 0.07, 1, false, 10},
		{"permuted-fmnist-nocons", SynapseDeterministic, OptimAdam, 1e-6, 0.07, 0.07, 1, false, 10},
		{"split-mnist-nocons", SynapseDeterministic, OptimAdam, 1e-6, 0.07, 0.07, 1, false, 10},
		{"split-fmnist-nocons", SynapseDeterministic, OptimSGD, 1e-4, 0.07, 0.07, 1, false, 10},
		{"split-mnist-joint", SynapseDeterministic, OptimAdam, 0.001, 0.07, 0.07, 1, false, 10},
	}
	for _, tt := range tests {
		cfg, err := Load(tt.name, nil)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if cfg.Synapse != tt.synapse || cfg.Optimizer != tt.optim || cfg.LearningRate != tt.lr ||
			cfg.PUp != tt.pUp || cfg.PDown != tt.pDown || cfg.PFreeze != tt.pFreeze ||
			cfg.LRModulation != tt.lrMod || cfg.Epochs != tt.epochs {
			t.Errorf("%s loaded as %+v", tt.name, cfg)
		}
	}
	fixed, _ := Load("energy-mlp-fixed", nil)
	if fixed.PFixed != 0.4 || fixed.GhostP {
		t.Errorf("energy-mlp-fixed: p_fixed %v ghost %v, want 0.4 without ghost", fixed.PFixed, fixed.GhostP)
	}
}

func TestOverrides(t *testing.T) {
	cfg, err := Load("energy-presyn", []string{"epochs=2", "l2=0.05", "layers=[784,50,10]", "p_init=uniform"})
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Epochs != 2 || cfg.L2 != 0.05 || len(cfg.Layers) != 3 || cfg.Layers[1] != 50 || cfg.PInit != "uniform" {
		t.Fatalf("overrides not applied: %+v", cfg)
	}
}

func TestBadInputNamesTheField(t *testing.T) {
	dir := t.TempDir()
	unknownKey := filepath.Join(dir, "unknown.json")
	os.WriteFile(unknownKey, []byte(`{"dataset": "mnist", "learning_rate": 0.1}`), 0o644)
	broken := filepath.Join(dir, "broken.json")
	os.WriteFile(broken, []byte(`{"dataset": `), 0o644)
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
		{"energy-presyn", []string{"learning_rate=0.1"}, `unknown key "learning_rate"`},
		{"energy-presyn", []string{"novalue"}, "key=value"},
		{"energy-presyn", []string{"synapse=quantum"}, "synapse"},
		{"energy-mlp", []string{"optimizer=presyn"}, "optimizer"},
		{"energy-presyn", []string{"dataset=cifar"}, "dataset"},
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
	if cfg.Name != "mine" || cfg.L2 != 0.1 || cfg.Epochs != 3 || cfg.LearningRate != Default().LearningRate {
		t.Fatalf("file config loaded as %+v", cfg)
	}
}
