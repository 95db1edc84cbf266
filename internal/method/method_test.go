package method

import (
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/presyn/presyn/internal/optim"
	"github.com/presyn/presyn/internal/synapse"
)

func TestRegistry(t *testing.T) {
	if got := Names(); !reflect.DeepEqual(got, []string{"presyn", "sgd", "adam", "bgd", "ewc"}) {
		t.Errorf("Names() = %v", got)
	}
	if _, err := Lookup("lbfgs"); err == nil || !strings.Contains(err.Error(), "presyn, sgd, adam, bgd, ewc") {
		t.Errorf("Lookup of an unknown method: %v", err)
	}
	if got := Keys("presyn"); !reflect.DeepEqual(got, []string{"lr", "l2", "p_up", "p_down", "g_lim", "p_freeze", "lr_modulation"}) {
		t.Errorf("Keys(presyn) = %v", got)
	}
	for _, name := range Names() {
		d, _ := Lookup(name)
		if NameOf(d.Defaults()) != name {
			t.Errorf("NameOf(defaults of %s) = %q", name, NameOf(d.Defaults()))
		}
		if d.Defaults() == d.Defaults() {
			t.Errorf("%s: Defaults returns a shared value", name)
		}
	}
}

func TestDecode(t *testing.T) {
	s, err := Decode("presyn", []byte(`{"p_up": 0.03, "lr_modulation": true}`))
	if err != nil {
		t.Fatal(err)
	}
	want := DefaultPresyn()
	want.PUp, want.LRModulation = 0.03, true
	if !reflect.DeepEqual(s, want) {
		t.Errorf("Decode = %+v, want %+v", s, want)
	}
	if s, err := Decode("adam", nil); err != nil || !reflect.DeepEqual(s, DefaultAdam()) {
		t.Errorf("Decode without a section = %+v, %v", s, err)
	}
	for _, tt := range []struct {
		name, raw, want string
	}{
		{"sgd", `{"p_up": 0.1}`, `unknown key "p_up" (known: lr, l2, momentum)`},
		{"sgd", `{"lr": "fast"}`, "lr must be float64"},
		{"presyn", `{"lr": 0.1`, "unexpected EOF"},
		{"rmsprop", `{}`, "unknown method"},
	} {
		if _, err := Decode(tt.name, []byte(tt.raw)); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Decode(%s, %s) = %v, want %q", tt.name, tt.raw, err, tt.want)
		}
	}
}

func TestValidate(t *testing.T) {
	presynNet := synapse.Config{Sizes: []int{4, 2}, Synapses: synapse.Presynaptic, PMin: 0.25}
	ghostNet := synapse.Config{Sizes: []int{4, 2}, Synapses: synapse.FixedRelease, PFixed: 0.5, Ghost: true}
	plainNet := synapse.Config{Sizes: []int{4, 2}}
	presyn := func(change func(*PresynSettings)) Settings {
		s := DefaultPresyn()
		change(s)
		return s
	}
	tests := []struct {
		name string
		s    Settings
		net  synapse.Config
		want string // "" for valid
	}{
		{"presyn defaults", DefaultPresyn(), presynNet, ""},
		{"presyn on a ghost p", DefaultPresyn(), ghostNet, ""},
		{"presyn on a plain net", DefaultPresyn(), plainNet, "needs release probabilities"},
		{"negative lr", presyn(func(s *PresynSettings) { s.LR = -1 }), presynNet, "lr is -1"},
		{"negative l2", presyn(func(s *PresynSettings) { s.L2 = -1 }), presynNet, "l2 is -1"},
		{"p_up above 1", presyn(func(s *PresynSettings) { s.PUp = 1.5 }), presynNet, "p_up is 1.5"},
		{"negative g_lim", presyn(func(s *PresynSettings) { s.GLim = -1 }), presynNet, "g_lim"},
		{"p_freeze below p_min", presyn(func(s *PresynSettings) { s.PFreeze = 0.2 }), presynNet, "p_freeze is 0.2"},
		{"sgd defaults", DefaultSGD(), plainNet, ""},
		{"sgd momentum 1", &SGDSettings{LR: 0.1, Momentum: 1}, plainNet, "momentum"},
		{"adam zero lr", &AdamSettings{}, plainNet, "lr is 0"},
	}
	for _, tt := range tests {
		err := tt.s.Validate(tt.net)
		if (tt.want == "") != (err == nil) || err != nil && !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: %v, want %q", tt.name, err, tt.want)
		}
	}
	if !DefaultPresyn().LearnsRelease() || DefaultSGD().LearnsRelease() || DefaultAdam().LearnsRelease() {
		t.Error("only the presynaptic rule learns release probabilities")
	}
}

// Each method's step is its rule's or optimiser's, bit for bit.
func TestMethodsStepAsTheirRules(t *testing.T) {
	for _, tc := range []struct {
		name     string
		net      synapse.Config
		settings Settings
		step     func(n *synapse.Net) func(n *synapse.Net)
	}{
		{"presyn", synapse.Config{Sizes: []int{6, 5, 3}, Synapses: synapse.Presynaptic, Bias: synapse.BiasFixed},
			&PresynSettings{LR: 0.05, L2: 0.01, PUp: 0.07, PDown: 0.05, GLim: 0.001, PFreeze: 0.9, LRModulation: true},
			func(*synapse.Net) func(*synapse.Net) {
				r := &synapse.Rule{LR: 0.05, WeightDecay: 0.01, PUp: 0.07, PDown: 0.05, GLim: 0.001, PFreeze: 0.9, LRModulation: true}
				return r.Step
			}},
		{"sgd", synapse.Config{Sizes: []int{6, 5, 3}, Bias: synapse.BiasLearned}, &SGDSettings{LR: 0.1, L2: 0.01, Momentum: 0.9},
			func(n *synapse.Net) func(*synapse.Net) {
				o := optim.NewSGD(len(n.Params()), optim.SGDSettings{LR: 0.1, WeightDecay: 0.01, Momentum: 0.9})
				return func(n *synapse.Net) { o.Step(n.Params(), n.Grads()) }
			}},
		{"adam", synapse.Config{Sizes: []int{6, 5, 3}, Synapses: synapse.FixedRelease, PFixed: 0.4, Bias: synapse.BiasLearned}, &AdamSettings{LR: 0.01, L2: 0.001},
			func(n *synapse.Net) func(*synapse.Net) {
				o := optim.NewAdam(len(n.Params()), optim.AdamSettings{LR: 0.01, WeightDecay: 0.001})
				return func(n *synapse.Net) { o.Step(n.Params(), n.Grads()) }
			}},
	} {
		viaMethod := synapse.New(tc.net, rand.New(rand.NewPCG(1, 2)))
		direct := synapse.New(tc.net, rand.New(rand.NewPCG(1, 2)))
		m := tc.settings.New(viaMethod, rand.New(rand.NewPCG(5, 6)))
		step := tc.step(direct)
		rng := rand.New(rand.NewPCG(3, 4))
		x, y := make([]float32, 8*6), make([]int32, 8)
		for range 5 {
			for i := range x {
				x[i] = float32(rng.NormFloat64())
			}
			for i := range y {
				y[i] = int32(rng.IntN(3))
			}
			m.BeforeForward(viaMethod, 0)
			viaMethod.ForwardBackward(x, y, 8)
			m.AfterBackward(viaMethod, 0)
			direct.ForwardBackward(x, y, 8)
			step(direct)
		}
		if !reflect.DeepEqual(viaMethod.State(), direct.State()) {
			t.Errorf("%s: the method's steps differ from the rule's", tc.name)
		}
		if m.Passes() != 1 {
			t.Errorf("%s: %d passes per batch", tc.name, m.Passes())
		}
	}
}

func TestFreezeThreshold(t *testing.T) {
	s := &PresynSettings{LR: 1, PFreeze: 0.93}
	net := synapse.New(synapse.Config{Sizes: []int{2, 2}, Synapses: synapse.Presynaptic}, rand.New(rand.NewPCG(1, 1)))
	if FreezeThreshold(s) != 0.93 || FreezeThreshold(s.New(net, nil)) != 0.93 {
		t.Error("the presynaptic rule's threshold is its p_freeze")
	}
	if FreezeThreshold(DefaultSGD()) != 1 || FreezeThreshold(DefaultSGD().New(net, nil)) != 1 {
		t.Error("a method that does not freeze has threshold 1")
	}
}

// SampledAtTest says without making a method what a type assertion on the made
// one says; train trusts it to know which finished runs have test modes.
func TestSampledAtTest(t *testing.T) {
	net := synapse.New(synapse.Config{Sizes: []int{6, 5, 3}, Bias: synapse.BiasLearned}, rand.New(rand.NewPCG(1, 2)))
	for _, name := range Names() {
		d, _ := Lookup(name)
		s := d.Defaults()
		_, sampler := s.New(net, rand.New(rand.NewPCG(3, 4))).(TestSampler)
		if SampledAtTest(s) != sampler {
			t.Errorf("%s: SampledAtTest = %v, but its Method is a TestSampler: %v", name, SampledAtTest(s), sampler)
		}
	}
}
