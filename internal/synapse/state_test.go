package synapse

import (
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

func TestStateRoundTrip(t *testing.T) {
	configs := []Config{
		{Sizes: []int{6, 5, 3}, Synapses: Presynaptic, Bias: BiasFixed, PInitUniform: true},
		{Sizes: []int{6, 5, 3}, Synapses: Presynaptic, Bias: BiasNone, NotNormalised: true},
		{Sizes: []int{6, 4, 4, 3}, Synapses: Deterministic, Bias: BiasLearned},
		{Sizes: []int{6, 3}, Synapses: FixedRelease, PFixed: 0.4, Bias: BiasLearned},
		{Sizes: []int{6, 3}, Synapses: FixedRelease, PFixed: 0.5, Ghost: true, GhostUnbiased: true},
	}
	for _, cfg := range configs {
		net := New(cfg, rand.New(rand.NewPCG(1, 2)))
		if p := net.AllProbs(); p != nil {
			p[3] = 0.9 // not the initial value
		}
		net.AllWeights()[0] = 42
		s := net.State()
		back, err := FromState(s, rand.New(rand.NewPCG(3, 4)))
		if err != nil {
			t.Fatalf("%+v: %v", cfg, err)
		}
		if !reflect.DeepEqual(back.State(), s) {
			t.Errorf("%+v: state changed in the round trip", cfg)
		}
		// The state is a copy: changing the Net afterwards leaves it alone.
		net.AllWeights()[0] = 0
		if s.Weights[0][0] != 42 {
			t.Error("State shares storage with the Net")
		}
	}
}

func TestFromStateRejectsBadStates(t *testing.T) {
	good := New(Config{Sizes: []int{4, 3, 2}, Synapses: Presynaptic, Bias: BiasFixed}, rand.New(rand.NewPCG(1, 1))).State()
	clone := func() State {
		s := good
		s.Weights = [][]float32{append([]float32(nil), good.Weights[0]...), append([]float32(nil), good.Weights[1]...)}
		s.Probs = [][]float32{append([]float32(nil), good.Probs[0]...), append([]float32(nil), good.Probs[1]...)}
		return s
	}
	tests := []struct {
		name   string
		change func(*State)
		want   string
	}{
		{"bad config", func(s *State) { s.Config.Sizes = []int{4} }, "Sizes"},
		{"missing layer", func(s *State) { s.Weights = s.Weights[:1] }, "1 weight matrices for 2 layers"},
		{"short layer", func(s *State) { s.Weights[1] = s.Weights[1][:5] }, "layer 1 has 5 weights, want 6"},
		{"NaN weight", func(s *State) { s.Weights[0][2] = float32(math.NaN()) }, "weights[2]"},
		{"p above 1", func(s *State) { s.Probs[0][1] = 1.5 }, "release probabilities[1]"},
		{"p below p_min", func(s *State) { s.Probs[1][0] = 0.1 }, "release probabilities[0]"},
		{"no probs", func(s *State) { s.Probs = nil }, "0 probability matrices"},
		{"probs for deterministic", func(s *State) { s.Config.Synapses = Deterministic }, "have none"},
		{"no biases", func(s *State) { s.Biases = nil }, "0 bias vectors"},
	}
	for _, tt := range tests {
		s := clone()
		tt.change(&s)
		_, err := FromState(s, rand.New(rand.NewPCG(1, 1)))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err %v, want it to contain %q", tt.name, err, tt.want)
		}
	}
}

func TestFrozenIsOneDefinition(t *testing.T) {
	tests := []struct {
		p, threshold float32
		want         bool
	}{
		{0.5, 0.9, false}, {0.9, 0.9, true}, {0.95, 0.9, true},
		{0.99, 0, false}, {1, 0, true}, {1, 1, true}, {0.999, 1, false},
	}
	for _, tt := range tests {
		if got := Frozen(tt.p, tt.threshold); got != tt.want {
			t.Errorf("Frozen(%v, %v) = %v", tt.p, tt.threshold, got)
		}
		if got := (&Rule{PFreeze: tt.threshold}).Frozen(tt.p); got != tt.want {
			t.Errorf("Rule{PFreeze: %v}.Frozen(%v) = %v", tt.threshold, tt.p, got)
		}
	}
}
