package metric

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"os"
	"testing"
)

type miCase struct {
	Logits [][]float64 `json:"logits"`
	Labels []int32     `json:"labels"`
	Bits   float64     `json:"mutual_info_bits"`
}

func loadMICases(t *testing.T) []miCase {
	t.Helper()
	raw, err := os.ReadFile("testdata/mutual_information.json")
	if err != nil {
		t.Fatal(err)
	}
	var file struct {
		Cases []miCase `json:"cases"`
	}
	if err := json.Unmarshal(raw, &file); err != nil {
		t.Fatalf("testdata/mutual_information.json: %v", err)
	}
	if len(file.Cases) == 0 {
		t.Fatal("testdata/mutual_information.json: no cases")
	}
	return file.Cases
}

// miReference computes I(Y;Z) = H(Z) - Σ_y P(y) H(Z | Y=y) in float64 from
// float64 logits: the entropy form of the same quantity, sharing no code
// with MIAccumulator, to separate the formula from float32 rounding.
func miReference(logits [][]float64, labels []int32) float64 {
	c := len(logits[0])
	n := float64(len(labels))
	cond := make([][]float64, c) // cond[y][z] = Σ softmax over rows labelled y
	count := make([]float64, c)
	for y := range cond {
		cond[y] = make([]float64, c)
	}
	for i, row := range logits {
		m := math.Inf(-1)
		for _, v := range row {
			m = math.Max(m, v)
		}
		var s float64
		for _, v := range row {
			s += math.Exp(v - m)
		}
		y := labels[i]
		for z, v := range row {
			cond[y][z] += math.Exp(v-m) / s
		}
		count[y]++
	}
	h := func(p []float64) float64 {
		var e float64
		for _, v := range p {
			if v > 0 {
				e -= v * math.Log2(v)
			}
		}
		return e
	}
	pz := make([]float64, c)
	var hzy float64
	for y := range c {
		if count[y] == 0 {
			continue
		}
		for z := range c {
			cond[y][z] /= count[y]
			pz[z] += count[y] / n * cond[y][z]
		}
		hzy += count[y] / n * h(cond[y])
	}
	return h(pz) - hzy
}

// Golden numbers from the authors' published code (see testdata/README.md):
// softmax of float64 logits, MI in float64, test batches of 50 with a
// partial last batch.
func TestMutualInformationGolden(t *testing.T) {
	var worst float64
	for ci, tc := range loadMICases(t) {
		c := len(tc.Logits[0])
		logits := make([]float32, 0, len(tc.Logits)*c)
		for _, row := range tc.Logits {
			for _, v := range row {
				logits = append(logits, float32(v))
			}
		}
		probs := make([]float32, len(logits))
		Softmax(logits, c, probs)

		// One shot, and streamed in the authors' batches of 50.
		got := MutualInformation(probs, tc.Labels, c)
		acc := NewMIAccumulator(c)
		for lo := 0; lo < len(tc.Labels); lo += 50 {
			hi := min(lo+50, len(tc.Labels))
			acc.Add(probs[lo*c:hi*c], tc.Labels[lo:hi])
		}
		streamed := acc.Bits()
		ref := miReference(tc.Logits, tc.Labels)

		for name, v := range map[string]float64{"one-shot": got, "batches of 50": streamed} {
			err := math.Abs(v - tc.Bits)
			worst = math.Max(worst, err)
			if err > 1e-6 {
				t.Errorf("case %d (%d rows, %d classes) %s: %.12f bits, golden %.12f", ci, len(tc.Labels), c, name, v, tc.Bits)
			}
		}
		if math.Abs(ref-tc.Bits) > 1e-12 {
			t.Errorf("case %d: float64 reference %.15f bits, golden %.15f", ci, ref, tc.Bits)
		}
	}
	t.Logf("largest error against golden through float32 softmax: %.3g bits", worst)
}

func TestMutualInformationKnown(t *testing.T) {
	onehot := func(classes int, preds ...int32) []float32 {
		p := make([]float32, len(preds)*classes)
		for i, z := range preds {
			p[i*classes+int(z)] = 1
		}
		return p
	}
	balanced10 := make([]int32, 1000)
	for i := range balanced10 {
		balanced10[i] = int32(i % 10)
	}
	uniform10 := make([]float32, 1000*10)
	for i := range uniform10 {
		uniform10[i] = 0.1
	}
	constant10 := make([]int32, 1000)
	for i := range constant10 {
		constant10[i] = 3
	}
	// Binary symmetric channel: each row puts 0.75 (exact in float32) on
	// its label.
	bscLabels := []int32{0, 1, 0, 1}
	bsc := []float32{0.75, 0.25, 0.25, 0.75, 0.75, 0.25, 0.25, 0.75}
	h := func(p float64) float64 { return -p*math.Log2(p) - (1-p)*math.Log2(1-p) }

	for _, tc := range []struct {
		name    string
		probs   []float32
		labels  []int32
		classes int
		want    float64
	}{
		// Perfect prediction carries all of H(Y) = log2(10).
		{"perfect 10 balanced", onehot(10, balanced10...), balanced10, 10, math.Log2(10)},
		// A prediction independent of the input carries nothing.
		{"uniform soft output", uniform10, balanced10, 10, 0},
		{"constant hard output", onehot(10, constant10...), balanced10, 10, 0},
		// Perfect prediction of labels with frequencies 3/4, 1/4: H(Y) = h(1/4).
		{"perfect imbalanced", onehot(2, 0, 0, 0, 1), []int32{0, 0, 0, 1}, 2, h(0.25)},
		// By hand: uniform input through a binary symmetric channel with
		// error 0.25 carries 1 - h(0.25) bits.
		{"binary symmetric 0.75", bsc, bscLabels, 2, 1 - h(0.25)},
		// Only one class present: H(Y) = 0.
		{"single class", onehot(3, 0, 1, 2), []int32{1, 1, 1}, 3, 0},
		// A class missing from the labels but predicted: labels 0 and 2
		// predicted perfectly, class 1 never appears. H(Y) = 1 bit.
		{"absent class", onehot(3, 0, 2), []int32{0, 2}, 3, 1},
	} {
		if got := MutualInformation(tc.probs, tc.labels, tc.classes); math.Abs(got-tc.want) > 1e-12 {
			t.Errorf("%s: %.15f bits, want %.15f", tc.name, got, tc.want)
		}
	}
	if got := MutualInformation(nil, nil, 10); !math.IsNaN(got) {
		t.Errorf("no rows: %v, want NaN", got)
	}
}

// Streaming any split into batches, including a partial last batch, equals
// the one-shot result; Reset starts over.
func TestMIAccumulatorBatches(t *testing.T) {
	const n, c = 997, 10
	rng := rand.New(rand.NewPCG(11, 12))
	logits := make([]float32, n*c)
	labels := make([]int32, n)
	for i := range labels {
		labels[i] = int32(rng.IntN(c))
		for z := range c {
			logits[i*c+z] = float32(rng.NormFloat64())
		}
		logits[i*c+int(labels[i])] += 1.5
	}
	probs := make([]float32, n*c)
	Softmax(logits, c, probs)
	want := MutualInformation(probs, labels, c)
	if !(want > 0.1 && want < math.Log2(c)) {
		t.Fatalf("one-shot MI %v implausible for this data", want)
	}

	acc := NewMIAccumulator(c)
	for _, bs := range []int{1, 7, 50, 100, 996, 997, 5000} {
		acc.Reset()
		for lo := 0; lo < n; lo += bs {
			hi := min(lo+bs, n)
			acc.Add(probs[lo*c:hi*c], labels[lo:hi])
		}
		if acc.N() != n {
			t.Errorf("batch %d: N = %d, want %d", bs, acc.N(), n)
		}
		if got := acc.Bits(); math.Abs(got-want) > 1e-12 {
			t.Errorf("batch %d: %.15f bits, one-shot %.15f", bs, got, want)
		}
	}
	acc.Add(nil, nil) // an empty batch changes nothing
	if got := acc.Bits(); math.Abs(got-want) > 1e-12 {
		t.Errorf("after empty batch: %v, want %v", got, want)
	}
	acc.Reset()
	if got := acc.Bits(); !math.IsNaN(got) {
		t.Errorf("after Reset: %v, want NaN", got)
	}
}

func TestMIAccumulatorPanics(t *testing.T) {
	for name, f := range map[string]func(){
		"label out of range": func() { NewMIAccumulator(3).Add([]float32{1, 0, 0}, []int32{3}) },
		"negative label":     func() { NewMIAccumulator(3).Add([]float32{1, 0, 0}, []int32{-1}) },
		"rows vs labels":     func() { NewMIAccumulator(3).Add([]float32{1, 0, 0, 1, 0, 0}, []int32{0}) },
		"ragged":             func() { NewMIAccumulator(3).Add([]float32{1, 0}, []int32{0}) },
		"zero classes":       func() { NewMIAccumulator(0) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", name)
				}
			}()
			f()
		}()
	}
}

func BenchmarkMIAccumulator(b *testing.B) {
	const n, c, batch = 10000, 10, 100
	rng := rand.New(rand.NewPCG(1, 1))
	probs := make([]float32, n*c)
	labels := make([]int32, n)
	for i := range probs {
		probs[i] = rng.Float32()
	}
	for i := range labels {
		labels[i] = int32(rng.IntN(c))
	}
	acc := NewMIAccumulator(c)
	b.SetBytes(int64(len(probs)) * 4)
	for b.Loop() {
		acc.Reset()
		for lo := 0; lo < n; lo += batch {
			acc.Add(probs[lo*c:(lo+batch)*c], labels[lo:lo+batch])
		}
		_ = acc.Bits()
	}
}
