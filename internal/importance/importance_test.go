package importance

import (
	"math"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/presyn/presyn/internal/data"
	"github.com/presyn/presyn/internal/data/datatest"
	"github.com/presyn/presyn/internal/synapse"
	"github.com/presyn/presyn/internal/train"
)

// A softmax regression (no hidden layer): the gradient of log p_y with respect to
// W[c][i] is (1[c = y] - p_c) x_i, so its Fisher information has a closed form to
// hold Fisher against.
func TestFisherOfSoftmaxRegression(t *testing.T) {
	ds := datatest.New(data.MNIST, datatest.Options{Train: 10, Test: 7})
	test := data.Plain(ds).Test
	net := synapse.New(synapse.Config{Sizes: []int{data.Pixels, 10}, Synapses: synapse.Presynaptic, Bias: synapse.BiasFixed}, rand.New(rand.NewPCG(1, 2)))
	for i, p := range net.AllProbs() {
		net.AllProbs()[i] = p + 0.5*float32(i%2) // release probabilities must not matter
	}
	got := Fisher(net, test)
	w, b := net.Weights(0), net.Biases(0)
	want := make([]float64, len(got))
	x := make([]float32, data.Pixels)
	for s := range test.Len() {
		y := test.Sample(s, x)
		logits := make([]float64, 10)
		var maxv float64 = math.Inf(-1)
		for c := range 10 {
			z := float64(b[c])
			for i, v := range x {
				z += float64(w.At(c, i)) * float64(v)
			}
			logits[c] = z
			maxv = math.Max(maxv, z)
		}
		var sum float64
		for c := range logits {
			logits[c] = math.Exp(logits[c] - maxv)
			sum += logits[c]
		}
		for c := range 10 {
			d := -logits[c] / sum
			if int32(c) == y {
				d++
			}
			for i, v := range x {
				g := d * float64(v)
				want[c*data.Pixels+i] += g * g / float64(test.Len())
			}
		}
	}
	for k := range want {
		if math.Abs(got[k]-want[k]) > 1e-5*math.Max(want[k], 1e-3) {
			t.Fatalf("Fisher[%d] = %v, want %v", k, got[k], want[k])
		}
	}
	if !net.Sampling() {
		t.Error("Fisher left sampling off")
	}
}

func TestLesion(t *testing.T) {
	ds := datatest.New(data.MNIST, datatest.Options{Train: 1000, Test: 300})
	task := data.Plain(ds)
	net := synapse.New(synapse.Config{Sizes: []int{data.Pixels, 32, 10}, Synapses: synapse.Presynaptic, Bias: synapse.BiasFixed}, rand.New(rand.NewPCG(1, 2)))
	rule := &synapse.Rule{LR: 0.05, PUp: 0.07, PDown: 0.07, GLim: 0.001}
	batches := data.NewBatches(task.Train, 50, rand.New(rand.NewPCG(3, 4)))
	x, y := make([]float32, 50*data.Pixels), make([]int32, 50)
	for range 200 {
		batches.Next(x, y)
		net.TrainStep(x, y, 50, rule)
	}
	ev := train.NewEvaluator(data.Pixels, 10, 100, 5)
	before := net.State()
	full := ev.Accuracy(net, task.Test)
	rng := rand.New(rand.NewPCG(5, 6))
	accs := map[string][]float64{}
	for _, by := range Importances {
		imp, err := Importance(net, by, rng)
		if err != nil {
			t.Fatal(err)
		}
		accs[by] = Lesion(net, imp, []float64{0, 0.5, 0.9, 1}, task.Test, ev, rng)
		if !reflect.DeepEqual(net.State(), before) {
			t.Fatalf("%s: the lesion did not restore the network", by)
		}
	}
	for by, a := range accs {
		if math.Abs(a[0]-full) > 0.05 || a[3] > 0.2 {
			t.Errorf("%s: accuracies %v for fractions 0, 0.5, 0.9, 1 (intact %v)", by, a, full)
		}
	}
	if !(accs[ByAbsW][2] > accs[ByRandom][2]) {
		t.Errorf("removing the 90%% weakest synapses (%v) is no better than 90%% at random (%v)", accs[ByAbsW][2], accs[ByRandom][2])
	}
	det := synapse.New(synapse.Config{Sizes: []int{4, 2}}, rand.New(rand.NewPCG(1, 1)))
	if _, err := Importance(det, ByP, rng); err == nil {
		t.Error("release-probability importance of a deterministic network")
	}
}

// Hand-made masks: a 3-2-2 network.
func TestSparsity(t *testing.T) {
	on, off := float32(0.95), float32(0.3)
	probs := [][]float32{
		{on, on, off, // neuron 1 of layer 1: 2 important inputs
			off, off, off}, // neuron 2: none
		{on, on, // output 1: important inputs from both hidden neurons
			on, off}, // output 2: from hidden neuron 1 only
	}
	layers := Sparsity([]int{3, 2, 2}, probs, rand.New(rand.NewPCG(1, 1)))
	if len(layers) != 2 {
		t.Fatalf("%d layers", len(layers))
	}
	l1, l2 := layers[0], layers[1]
	if !reflect.DeepEqual(l1.Counts, []int{2, 0}) || !reflect.DeepEqual(l1.Outputs, []int{2, 1}) || l1.Inputs != 3 {
		t.Errorf("layer 1: %+v", l1)
	}
	if !reflect.DeepEqual(l2.Counts, []int{2, 1}) || l2.Outputs != nil || !math.IsNaN(l2.RInOut) {
		t.Errorf("layer 2: %+v", l2)
	}
	// Counts (2, 0) against outputs (2, 1): two points, r = 1.
	if math.Abs(l1.RInOut-1) > 1e-12 {
		t.Errorf("r = %v, want 1", l1.RInOut)
	}
	// A shuffle keeps the number of important synapses.
	sum := func(xs []int) (s int) {
		for _, x := range xs {
			s += x
		}
		return s
	}
	if sum(l1.Shuffled) != 2 || sum(l2.Shuffled) != 3 {
		t.Errorf("shuffled counts %v, %v", l1.Shuffled, l2.Shuffled)
	}
	if l1.Low+l1.Medium+l1.High != 2 || l1.LowShuffled+l1.MediumShuffled+l1.HighShuffled != 2 {
		t.Errorf("classes of layer 1: %+v", l1)
	}
}

// Sparse learned importance concentrated on a few neurons differs from its shuffle;
// a mask that is itself random does not.
func TestSparsityKS(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	const in, out = 200, 200
	concentrated := make([]float32, in*out)
	random := make([]float32, in*out)
	for r := range out {
		for c := range in {
			if r < 20 && rng.Float64() < 0.5 {
				concentrated[r*in+c] = 1
			} else {
				concentrated[r*in+c] = 0.25
			}
			if rng.Float64() < 0.05 {
				random[r*in+c] = 1
			} else {
				random[r*in+c] = 0.25
			}
		}
	}
	sizes := []int{in, out, 10}
	last := make([]float32, out*10)
	c := Sparsity(sizes, [][]float32{concentrated, last}, rng)[0]
	r := Sparsity(sizes, [][]float32{random, last}, rng)[0]
	if !(c.KSP < 0.01 && c.KSD > 0.5) || c.High < 15 || c.HighShuffled > 5 {
		t.Errorf("concentrated: D %v p %v, high %d (shuffled %d)", c.KSD, c.KSP, c.High, c.HighShuffled)
	}
	if !(r.KSP > 0.01) {
		t.Errorf("random mask: D %v p %v", r.KSD, r.KSP)
	}
}

func TestStability(t *testing.T) {
	cfg := synapse.Config{Sizes: []int{2, 2}, Synapses: synapse.Presynaptic, PMin: 0.25, PMax: 1}
	state := func(w, p []float32) synapse.State {
		return synapse.State{Config: cfg, Weights: [][]float32{w}, Probs: [][]float32{p}}
	}
	states := []synapse.State{
		state([]float32{1, 1, 1, 1}, []float32{0.95, 0.3, 0.3, 0.3}),     // synapse 0 frozen after task 1
		state([]float32{1.05, 2, 1, 1}, []float32{0.95, 0.95, 0.3, 0.3}), // synapse 1 frozen after task 2
		state([]float32{1.5, 2, 1, 3}, []float32{0.95, 0.95, 0.3, 0.3}),
	}
	st, err := NewStability(states, 0.9)
	if err != nil {
		t.Fatal(err)
	}
	t1, t2, t3 := st.Tasks[0], st.Tasks[1], st.Tasks[2]
	if t1.NewlyFrozen != 1 || t1.Frozen != 0.25 || t1.StillFrozen != 1 || math.Abs(t1.Drift-0.5) > 1e-6 || t1.Unchanged != 0 {
		t.Errorf("task 1: %+v", t1)
	}
	// The unfrozen after task 1: synapses 1-3 moved by 1, 0, 2 from 1, 1, 1.
	if math.Abs(t1.DriftFree-1) > 1e-6 || math.Abs(t1.UnchangedFree-1.0/3) > 1e-6 {
		t.Errorf("task 1, unfrozen: %+v", t1)
	}
	if t2.NewlyFrozen != 1 || t2.Drift != 0 || t2.Unchanged != 1 || t2.FrozenLayer[0] != 0.5 {
		t.Errorf("task 2: %+v", t2)
	}
	if t3.NewlyFrozen != 0 || math.Abs(t3.MeanP-0.625) > 1e-6 {
		t.Errorf("task 3: %+v", t3)
	}
	back := Restore(states[2], states[0], func(i int) bool { return i == 0 })
	if back.Weights[0][0] != 1 || back.Weights[0][3] != 3 || states[2].Weights[0][0] != 1.5 {
		t.Errorf("Restore gave %v (and left %v)", back.Weights, states[2].Weights)
	}
}
