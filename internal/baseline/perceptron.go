package baseline

import (
	"fmt"
	"math/rand/v2"
)

// The perceptrons of Figure 5b,c (Methods, "Perceptron for lifelong learning").
//
// Patterns are stored flat, row after row: xs[k*inputs+i] is input i of pattern k,
// with entries in {-1, +1}; ys[k] in {-1, +1} is pattern k's label. Both learners
// average their update over a mini-batch, the paper's one change to Rosenblatt's rule:
// it gives the update size |u| that the release-probability rule thresholds.

// perceptronSign is the perceptron's threshold: +1 for v >= 0, else -1. A net input of
// exactly 0 counts as +1, as in the authors' notebook (this matters at the start,
// when every weight is 0).
func perceptronSign(v float64) float64 {
	if v >= 0 {
		return 1
	}
	return -1
}

// checkBatch panics when xs and ys do not describe len(ys) patterns of the given
// number of inputs: a programming error, not bad data.
func checkBatch(inputs int, xs, ys []float64) {
	if len(ys) == 0 || len(xs) != len(ys)*inputs {
		panic(fmt.Sprintf("baseline: %d inputs for %d labels of %d inputs each", len(xs), len(ys), inputs))
	}
}

// Perceptron is the standard perceptron with updates averaged over mini-batches:
// w += mean_k((y_k - sign(x_k.w)) * x_k). The learning rate is 1, as in the paper.
// Its zero value is unusable; make one with NewPerceptron.
type Perceptron struct {
	W []float64 // weights, one per input; start at 0

	preds []float64 // scratch: the batch's predictions, reused across steps
}

// NewPerceptron returns a standard perceptron with all weights 0.
func NewPerceptron(inputs int) *Perceptron {
	if inputs <= 0 {
		panic("baseline: perceptron needs at least one input")
	}
	return &Perceptron{W: make([]float64, inputs)}
}

// Predict returns sign(x.w) in {-1, +1}.
func (p *Perceptron) Predict(x []float64) float64 {
	var sum float64
	for i, w := range p.W {
		sum += x[i] * w
	}
	return perceptronSign(sum)
}

// Step applies one averaged update from the mini-batch (xs, ys). All predictions use
// the weights from before the update.
func (p *Perceptron) Step(xs, ys []float64) {
	n := len(p.W)
	checkBatch(n, xs, ys)
	p.preds = grow(p.preds, len(ys))
	for k := range ys {
		p.preds[k] = p.Predict(xs[k*n : (k+1)*n])
	}
	batch := float64(len(ys))
	for i := range p.W {
		var u float64
		for k, y := range ys {
			u += (y - p.preds[k]) * xs[k*n+i]
		}
		p.W[i] += u / batch
	}
}

// Accuracy returns the fraction of the patterns (xs, ys) classified correctly.
func (p *Perceptron) Accuracy(xs, ys []float64) float64 {
	n := len(p.W)
	checkBatch(n, xs, ys)
	correct := 0
	for k, y := range ys {
		if p.Predict(xs[k*n:(k+1)*n]) == y {
			correct++
		}
	}
	return float64(correct) / float64(len(ys))
}

// PresynSettings are the metaplasticity parameters of the stochastic perceptron. The
// zero value is not useful; start from DefaultPresynSettings.
type PresynSettings struct {
	GLim    float64 `json:"g_lim"`    // p rises when |u| > GLim, else it falls
	PStep   float64 `json:"p_step"`   // p_up = p_down: the step before the (1-p) factor
	PMin    float64 `json:"p_min"`    // lower clamp of p, also every p's initial value
	PFreeze float64 `json:"p_freeze"` // upper clamp of p; reaching it freezes p for good
}

// DefaultPresynSettings returns the paper's perceptron parameters (Methods): g_lim 0.1,
// p_up = p_down = 0.2, p_min 0.25 (also the initial p), p_freeze 0.9.
func DefaultPresynSettings() PresynSettings {
	return PresynSettings{GLim: 0.1, PStep: 0.2, PMin: 0.25, PFreeze: 0.9}
}

// Validate reports settings the update rule cannot work with.
func (s PresynSettings) Validate() error {
	switch {
	case !(s.GLim >= 0):
		return fmt.Errorf("baseline: g_lim %v must be >= 0", s.GLim)
	case !(s.PStep > 0 && s.PStep <= 1):
		return fmt.Errorf("baseline: p_step %v must be in (0, 1]", s.PStep)
	case !(s.PMin > 0 && s.PMin <= s.PFreeze && s.PFreeze <= 1):
		return fmt.Errorf("baseline: need 0 < p_min (%v) <= p_freeze (%v) <= 1", s.PMin, s.PFreeze)
	}
	return nil
}

// StochasticPerceptron is the perceptron with Bernoulli synapses and presynaptic
// consolidation. Weight i transmits with release probability P[i]; W[i] is its
// expected strength, so a transmitting synapse contributes W[i]/P[i].
//
// A training step on a mini-batch draws one mask per pattern and weight and then
//
//	pred_k = sign((x_k*mask_k) . (W/P))          (0 counts as +1)
//	u      = mean_k((y_k - pred_k) * x_k * mask_k)
//	W     += u * (1-P)                           (learning-rate modulation)
//	P     += PStep * (+1 if |u| > GLim else -1) * (1-frozen) * (1-P)
//	P      = clamp(P, PMin, PFreeze)
//	frozen = frozen or P >= PFreeze              (after the update: the golden data)
//
// Frozen synapses keep P at PFreeze for good but their weights keep learning, at rate
// 1-PFreeze. Make one with NewStochasticPerceptron.
type StochasticPerceptron struct {
	Settings PresynSettings
	W        []float64 // expected strengths; start at 0
	P        []float64 // release probabilities; start at Settings.PMin
	Frozen   []bool    // whether P[i] reached PFreeze; never reset

	// Scratch reused across calls so that training allocates nothing.
	masks      []float64 // the batch's masks, pattern after pattern, in {0, 1}
	preds      []float64 // the batch's predictions
	strengths  []float64 // W/P: the strength of a transmitting synapse
	thresholds []uint64  // P scaled to 2^32 for drawing masks
	signed     []float64 // x*W/P of the pattern being evaluated
}

// NewStochasticPerceptron returns a stochastic perceptron with all weights 0 and all
// release probabilities at s.PMin. It panics if s is invalid.
func NewStochasticPerceptron(inputs int, s PresynSettings) *StochasticPerceptron {
	if inputs <= 0 {
		panic("baseline: perceptron needs at least one input")
	}
	if err := s.Validate(); err != nil {
		panic(err)
	}
	sp := &StochasticPerceptron{
		Settings: s,
		W:        make([]float64, inputs),
		P:        make([]float64, inputs),
		Frozen:   make([]bool, inputs),
	}
	for i := range sp.P {
		sp.P[i] = s.PMin
	}
	return sp
}

// Step draws a mask per pattern and weight from src and applies one update from the
// mini-batch (xs, ys); see StochasticPerceptron for the rule. Masks are drawn pattern
// after pattern in input order, two per src.Uint64 (see DrawMask).
func (sp *StochasticPerceptron) Step(xs, ys []float64, src rand.Source) {
	n := len(sp.W)
	checkBatch(n, xs, ys)
	sp.masks = grow(sp.masks, len(xs))
	sp.setThresholds()
	for k := range ys {
		drawMasks(sp.masks[k*n:(k+1)*n], sp.thresholds, src)
	}
	sp.StepMasks(xs, ys, sp.masks)
}

// StepMasks applies one update from the mini-batch (xs, ys) with the given masks
// (masks[k*inputs+i] in {0, 1} is the draw for pattern k and weight i). It lets tests
// replay masks drawn elsewhere, such as by the authors' code.
func (sp *StochasticPerceptron) StepMasks(xs, ys, masks []float64) {
	n := len(sp.W)
	checkBatch(n, xs, ys)
	if len(masks) != len(xs) {
		panic(fmt.Sprintf("baseline: %d masks for %d inputs", len(masks), len(xs)))
	}
	sp.strengths = grow(sp.strengths, n)
	for i, w := range sp.W {
		sp.strengths[i] = w / sp.P[i]
	}
	sp.preds = grow(sp.preds, len(ys))
	for k := range ys {
		x, m := xs[k*n:(k+1)*n], masks[k*n:(k+1)*n]
		var sum float64
		for i, c := range sp.strengths {
			sum += x[i] * m[i] * c
		}
		sp.preds[k] = perceptronSign(sum)
	}

	s := sp.Settings
	batch := float64(len(ys))
	for i := range sp.W {
		var u float64
		for k, y := range ys {
			u += (y - sp.preds[k]) * xs[k*n+i] * masks[k*n+i]
		}
		u /= batch
		p := sp.P[i]
		sp.W[i] += u * (1 - p)
		if sp.Frozen[i] {
			continue // p stays at PFreeze
		}
		direction := -1.0
		if u > s.GLim || u < -s.GLim {
			direction = 1
		}
		p += s.PStep * direction * (1 - p)
		p = min(max(p, s.PMin), s.PFreeze)
		sp.P[i] = p
		sp.Frozen[i] = p >= s.PFreeze
	}
}

// Vote classifies x by a majority vote of samples sampled networks, each with fresh
// masks from src: it returns the sign of the summed votes, a tie counting as +1.
func (sp *StochasticPerceptron) Vote(x []float64, samples int, src rand.Source) float64 {
	sp.setThresholds()
	sp.setStrengths()
	return sp.vote(x, samples, src)
}

// Accuracy returns the fraction of the patterns (xs, ys) that Vote classifies
// correctly with the given number of sampled networks per pattern.
func (sp *StochasticPerceptron) Accuracy(xs, ys []float64, samples int, src rand.Source) float64 {
	n := len(sp.W)
	checkBatch(n, xs, ys)
	if samples <= 0 {
		panic("baseline: need at least one sampled network")
	}
	sp.setThresholds()
	sp.setStrengths()
	correct := 0
	for k, y := range ys {
		if sp.vote(xs[k*n:(k+1)*n], samples, src) == y {
			correct++
		}
	}
	return float64(correct) / float64(len(ys))
}

// vote is Vote with thresholds and strengths already set.
func (sp *StochasticPerceptron) vote(x []float64, samples int, src rand.Source) float64 {
	sp.signed = grow(sp.signed, len(sp.W))
	for i, c := range sp.strengths {
		sp.signed[i] = x[i] * c
	}
	var votes float64
	for range samples {
		votes += perceptronSign(maskedSum(sp.signed, sp.thresholds, src))
	}
	return perceptronSign(votes)
}

func (sp *StochasticPerceptron) setStrengths() {
	sp.strengths = grow(sp.strengths, len(sp.W))
	for i, w := range sp.W {
		sp.strengths[i] = w / sp.P[i]
	}
}

func (sp *StochasticPerceptron) setThresholds() {
	sp.thresholds = grow64(sp.thresholds, len(sp.P))
	for i, p := range sp.P {
		sp.thresholds[i] = releaseThreshold(p)
	}
}

// releaseThreshold scales a release probability to 32 bits: a uniform 32-bit draw r
// transmits when r < threshold, which happens with probability threshold/2^32, within
// 2^-32 of p. p = 1 gives 2^32, which every draw is below.
func releaseThreshold(p float64) uint64 { return uint64(p * (1 << 32)) }

// DrawMask fills mask with independent Bernoulli draws, mask[i] = 1 with
// probability p[i] (the chance synapse i transmits) and 0 otherwise. Each src.Uint64
// gives two draws: its low 32 bits for an even index, its high 32 bits for the next.
func DrawMask(mask, p []float64, src rand.Source) {
	if len(mask) != len(p) {
		panic("baseline: mask and probabilities differ in length")
	}
	thresholds := make([]uint64, len(p))
	for i, pi := range p {
		thresholds[i] = releaseThreshold(pi)
	}
	drawMasks(mask, thresholds, src)
}

// drawMasks is DrawMask with the thresholds precomputed.
func drawMasks(mask []float64, thresholds []uint64, src rand.Source) {
	n := len(mask)
	for i := 0; i < n; i += 2 {
		r := src.Uint64()
		mask[i] = transmits(r&0xffffffff, thresholds[i])
		if i+1 < n {
			mask[i+1] = transmits(r>>32, thresholds[i+1])
		}
	}
}

// maskedSum returns sum_i c[i]*mask_i for fresh masks drawn as in drawMasks, without
// storing them: the hot loop of evaluation.
func maskedSum(c []float64, thresholds []uint64, src rand.Source) float64 {
	n := len(c)
	var sum float64
	i := 0
	for ; i+1 < n; i += 2 {
		r := src.Uint64()
		sum += c[i] * transmits(r&0xffffffff, thresholds[i])
		sum += c[i+1] * transmits(r>>32, thresholds[i+1])
	}
	if i < n {
		sum += c[i] * transmits(src.Uint64()&0xffffffff, thresholds[i])
	}
	return sum
}

// transmits returns 1 if the 32-bit draw r is below threshold, else 0, without a
// branch: the draws are random, so a branch would be mispredicted often. Both values
// are below 2^33, so r - threshold wraps around (setting the top bit) exactly when
// r < threshold.
func transmits(r, threshold uint64) float64 { return float64((r - threshold) >> 63) }

// RandomPatterns returns count patterns of the given number of inputs with entries
// uniform in {-1, +1} and labels uniform in {-1, +1}, drawn from src: first all
// pattern entries in order, then the labels, each from one bit of a src.Uint64 (bit
// j%64 of draw j/64, bit 1 meaning +1).
func RandomPatterns(count, inputs int, src rand.Source) (xs, ys []float64) {
	if count <= 0 || inputs <= 0 {
		panic("baseline: need at least one pattern and one input")
	}
	xs = make([]float64, count*inputs)
	ys = make([]float64, count)
	fillSigns(xs, src)
	fillSigns(ys, src)
	return xs, ys
}

func fillSigns(dst []float64, src rand.Source) {
	var bits uint64
	for j := range dst {
		if j%64 == 0 {
			bits = src.Uint64()
		}
		dst[j] = float64(int(bits&1)*2 - 1)
		bits >>= 1
	}
}

// grow returns s with length n, reusing its storage when it is large enough.
func grow(s []float64, n int) []float64 {
	if cap(s) >= n {
		return s[:n]
	}
	return make([]float64, n)
}

func grow64(s []uint64, n int) []uint64 {
	if cap(s) >= n {
		return s[:n]
	}
	return make([]uint64, n)
}
