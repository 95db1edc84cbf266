package cost

import (
	"context"
	"fmt"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/presyn/presyn/internal/baseline"
	"github.com/presyn/presyn/internal/config"
	"github.com/presyn/presyn/internal/data"
	"github.com/presyn/presyn/internal/data/datatest"
	"github.com/presyn/presyn/internal/importance"
	"github.com/presyn/presyn/internal/method"
	"github.com/presyn/presyn/internal/rngs"
	"github.com/presyn/presyn/internal/synapse"
	"github.com/presyn/presyn/internal/tensor"
	"github.com/presyn/presyn/internal/train"
)

// calibrationRuns are the training runs Calibrate times, one per kind of
// training step the paper's configs make (TrainKind), each on the
// 784-200-200-10 network of its config and its own batch size, on one plain
// task. The first also times its measurement of a test set with 10 sampled
// networks.
var calibrationRuns = []struct {
	config string
	set    []string
	steps  int  // per timed round: about a twentieth of a second each
	test   bool // time a measurement of its test set too
}{
	{"energy-presyn", nil, 25, true},                                                      // presyn, presynaptic rule; a test of 10 sampled networks
	{"energy-mlp", nil, 25, false},                                                        // deterministic, SGD
	{"perm-mnist-bgd", plain, 2, false},                                                   // BGD, 10 passes a batch
	{"energy-mlp-fixed", nil, 25, false},                                                  // fixed-p, SGD
	{"ablation-perm-mnist-fixed-p", plain, 25, false},                                     // fixed-p, presynaptic rule on a ghost p
	{"perm-mnist-joint", []string{"task=plain", "num_tasks=1", "joint=false"}, 25, false}, // deterministic, Adam
	{"perm-mnist-ewc", plain, 25, false},                                                  // deterministic, EWC (Adam and the penalty); its Fisher
}

var plain = []string{"task=plain", "num_tasks=1"}

// calibrationRounds is how many rounds each timing takes the median of. The
// rounds of every timing are interleaved, so that a burst of load on the
// machine (another process, a virtual machine's host taking its time) falls
// on one round of many timings rather than on every round of one.
const calibrationRounds = 7

// calibrationData is what the calibration trains on: generated, one test
// batch of 1000 samples.
var calibrationData = &datatest.Source{Options: datatest.Options{Train: 6000, Test: 1000}}

// probe is one timing of the calibration: run makes one round and returns its
// measurement; rounds are kept to take their median.
type probe struct {
	run    func() (float64, error)
	rounds []float64
}

func (p *probe) median() float64 {
	xs := slices.Clone(p.rounds)
	slices.Sort(xs)
	return xs[len(xs)/2]
}

// Calibrate times presyn's own code on this machine, with one BLAS thread as
// studies run each run (it sets tensor.SetThreads(1)): SGEMM alone on the
// training and test products, filling batches, training steps of every kind
// of synapse and method, a test measurement of sampled networks, drawing
// masks and BGD's networks, EWC's Fisher estimate, one-sample gradients and
// the perceptron's updates, on generated data, each the median of interleaved
// rounds. It takes about ten seconds.
func Calibrate(ctx context.Context) (Machine, error) {
	start := time.Now()
	total0, steal0 := cpuTimes()
	tensor.SetThreads(1)
	m := Current()
	m.LoadAverage = loadAverage()
	m.Rates = map[Kind]Rate{}
	ref := []int{784, 200, 200, 10}
	syn := float64(Synapses(ref))

	var probes []*probe
	add := func(run func() (float64, error)) *probe {
		p := &probe{run: run}
		probes = append(probes, p)
		return p
	}
	value := func(f func() float64) func() (float64, error) { return func() (float64, error) { return f(), nil } }
	sgemmTrain := add(value(func() float64 { return train.SGEMMGFLOPS(ref, 100, true, 40, 1) }))
	sgemmEval := add(value(func() float64 { return train.SGEMMGFLOPS(ref, 1000, false, 8, 1) }))
	ds, err := calibrationData.Load(data.MNIST)
	if err != nil {
		return Machine{}, err
	}
	fillPlain := add(value(fillNs(data.Plain(ds).Train)))
	fillPermuted := add(value(fillNs(data.Permuted(ds, 1, 1)[0].Train)))
	grads := add(value(sampleGradNs(ref, data.Plain(ds).Test)))
	perceptron := map[Kind]*probe{}
	for k, f := range perceptronProbes() {
		perceptron[k] = add(value(f))
	}

	type stepProbe struct {
		cfg         config.Train
		steps, test *probe
		testSamples int
		fisher      float64
		fisherRows  int
		draws       *probe
	}
	var runs []*stepProbe
	for _, c := range calibrationRuns {
		cfg, err := config.Load(c.config, c.set)
		if err != nil {
			return Machine{}, fmt.Errorf("cost: calibration: %w", err)
		}
		timer, err := train.NewTimer(cfg, 1, calibrationData)
		if err != nil {
			return Machine{}, fmt.Errorf("cost: calibration on %s: %w", c.config, err)
		}
		sp := &stepProbe{cfg: cfg}
		steps := c.steps
		if _, err := timer.Steps(ctx, steps); err != nil { // warm-up: buffers, caches, page faults
			return Machine{}, fmt.Errorf("cost: calibration on %s: %w", c.config, err)
		}
		if sp.fisher, sp.fisherRows, err = timer.EndTask(); err != nil {
			return Machine{}, fmt.Errorf("cost: calibration on %s: %w", c.config, err)
		}
		sp.steps = add(func() (float64, error) { return timer.Steps(ctx, steps) })
		if c.test {
			sp.test = add(value(func() float64 {
				s, n := timer.Test()
				sp.testSamples = n
				return s
			}))
			sp.draws = add(value(maskDrawNs(cfg)))
		}
		if b, ok := cfg.Settings.(*method.BGDSettings); ok {
			sp.draws = add(value(bgdDrawNs(cfg, b)))
		}
		runs = append(runs, sp)
	}
	for _, p := range probes { // warm-up
		if _, err := p.run(); err != nil {
			return Machine{}, err
		}
	}
	for range calibrationRounds {
		for _, p := range probes {
			if err := ctx.Err(); err != nil {
				return Machine{}, err
			}
			v, err := p.run()
			if err != nil {
				return Machine{}, err
			}
			p.rounds = append(p.rounds, v)
		}
	}

	m.SGEMMTrainGFLOPS, m.SGEMMEvalGFLOPS = sgemmTrain.median(), sgemmEval.median()
	m.Rates[FillPlain] = Rate{NsPerElement: fillPlain.median()}
	m.Rates[FillPermuted] = Rate{NsPerElement: fillPermuted.median()}
	m.Rates[SampleGrads] = Rate{NsPerElement: grads.median() / syn}
	for k, p := range perceptron {
		m.Rates[k] = Rate{NsPerElement: p.median()}
	}
	for _, sp := range runs {
		cfg := sp.cfg
		passes := 1.0
		if b, ok := cfg.Settings.(*method.BGDSettings); ok {
			passes = float64(b.KTrain)
			m.Rates[EvalBGD] = Rate{NsPerElement: sp.draws.median() / syn}
		}
		// What a step spent beyond its products and its batch is the
		// element-wise work of its synapses.
		filled := float64(cfg.BatchSize*ref[0]) * m.Rates[FillPlain].NsPerElement * 1e-9
		m.Rates[TrainKind(cfg)] = split(sp.steps.median()-filled, passes*train.ProductFLOPs(ref, cfg.BatchSize, true), passes*syn, m.SGEMMTrainGFLOPS)
		if sp.test != nil {
			m.Rates[EvalMasks] = Rate{NsPerElement: sp.draws.median() / syn}
			m.calibrateTest(cfg, sp.test.median(), sp.testSamples)
		}
		if cfg.Method == "ewc" {
			m.Rates[Fisher] = Rate{NsPerElement: sp.fisher / (float64(sp.fisherRows) * syn) * 1e9}
		}
	}
	if m.ParallelSlowdown, err = parallelSlowdown(ctx, 2*calibrationRuns[0].steps); err != nil {
		return Machine{}, err
	}
	m.Calibrated = time.Now().UTC().Truncate(time.Second)
	m.CalibrationSeconds = time.Since(start).Seconds()
	if total1, steal1 := cpuTimes(); total1 > total0 {
		m.StealShare = (steal1 - steal0) / (total1 - total0)
	}
	return m, ctx.Err()
}

// slowdownRounds are the rounds alone and loaded that parallelSlowdown takes
// the medians of: more than the other timings', as a ratio of two timings
// is noisier than either (on a virtual machine, runs of the same steps differ
// by a fifth from one second to the next).
const slowdownRounds = 15

// parallelSlowdown is how much slower the first calibration run's training
// steps (energy-presyn's, steps steps a round) run while every other core
// runs the same steps of a network of its own than while the other cores
// idle: what studies do, one run per core, sharing the caches and the memory
// bus (and, on a virtual machine, whatever its host's cores share). Rounds
// alone and loaded alternate, so that a drift of the machine's speed falls on
// both; the slowdown is the ratio of their medians, at least 1, and 1 on one
// core.
func parallelSlowdown(ctx context.Context, steps int) (float64, error) {
	others := runtime.NumCPU() - 1
	if others < 1 {
		return 1, nil
	}
	cfg, err := config.Load(calibrationRuns[0].config, calibrationRuns[0].set)
	if err != nil {
		return 0, err
	}
	timers := make([]*train.Timer, others+1)
	for i := range timers {
		if timers[i], err = train.NewTimer(cfg, uint64(i+2), calibrationData); err != nil {
			return 0, err
		}
		if _, err := timers[i].Steps(ctx, 1); err != nil { // warm-up
			return 0, err
		}
	}
	var (
		load   atomic.Bool  // the other cores are to run steps
		active atomic.Int32 // of them, running steps now
		wg     sync.WaitGroup
	)
	stop := make(chan struct{})
	for _, t := range timers[1:] {
		wg.Add(1)
		go func() {
			defer wg.Done()
			runtime.LockOSThread()
			for {
				select {
				case <-stop:
					return
				default:
				}
				if !load.Load() {
					time.Sleep(time.Millisecond)
					continue
				}
				active.Add(1)
				_, err := t.Steps(ctx, 1)
				active.Add(-1)
				if err != nil {
					return
				}
			}
		}()
	}
	defer func() { close(stop); wg.Wait() }()
	alone, loaded := &probe{}, &probe{}
	for range slowdownRounds {
		for _, busy := range []bool{false, true} {
			load.Store(busy)
			for busy && int(active.Load()) < others || !busy && active.Load() > 0 {
				time.Sleep(100 * time.Microsecond)
			}
			s, err := timers[0].Steps(ctx, steps)
			if err != nil {
				return 0, err
			}
			if busy {
				loaded.rounds = append(loaded.rounds, s)
			} else {
				alone.rounds = append(alone.rounds, s)
			}
		}
	}
	load.Store(false)
	return max(loaded.median()/alone.median(), 1), nil
}

// calibrateTest reads Eval's rate from a calibration run's measured test set
// of samples samples, seconds long (of a stochastic network, whose ten passes
// make it the longest): what it spent beyond reading the samples and drawing
// the masks (EvalMasks) is its forward passes' products and their
// element-wise work.
func (m *Machine) calibrateTest(cfg config.Train, seconds float64, samples int) {
	w := Testing(cfg.Layers, cfg.EvalBatchSize, samples, 1, cfg.EvalSamples, cfg.EvalSamples, EvalMasks, false)
	rest := seconds - m.Rates[FillPlain].Seconds(w[0]) - m.Rates[EvalMasks].Seconds(w[2])
	m.Rates[Eval] = split(rest, w[1].FLOPs, w[1].Elements, m.SGEMMEvalGFLOPS)
}

// maskDrawNs returns a round of timing the draw of cfg's stochastic
// network's masks for a test batch: one-sample predictions with masks less
// as many without (whose products are small beside the masks of every
// synapse), in nanoseconds per draw.
func maskDrawNs(cfg config.Train) func() float64 {
	net := newNet(cfg)
	x, dst := make([]float32, cfg.Layers[0]), make([]float32, cfg.Outputs())
	const draws = 40
	predict := func(sampling bool) float64 {
		net.SetSampling(sampling)
		start := time.Now()
		for range draws {
			net.Predict(x, 1, dst)
		}
		return time.Since(start).Seconds()
	}
	return func() float64 {
		without := predict(false)
		return max(predict(true)-without, 0) / draws * 1e9
	}
}

// bgdDrawNs returns a round of timing the draw of a network from BGD's
// distribution for a test batch (its SampleForTest) on cfg's network, in
// nanoseconds per draw.
func bgdDrawNs(cfg config.Train, b *method.BGDSettings) func() float64 {
	net := newNet(cfg)
	sampler := b.New(net, rngs.Stream(1, "method")).(method.TestSampler)
	const draws = 20
	return func() float64 {
		start := time.Now()
		for range draws {
			sampler.SampleForTest(net)
		}
		return time.Since(start).Seconds() / draws * 1e9
	}
}

// newNet is cfg's network, as a run of seed 1 starts it.
func newNet(cfg config.Train) *synapse.Net {
	netCfg, err := cfg.Net()
	if err != nil {
		panic(fmt.Sprintf("cost: %s's network: %v", cfg.Name, err))
	}
	return synapse.New(netCfg, rngs.Stream(1, "network"))
}

// split is the rate of work whose time seconds covered flops of matrix
// products and elements of element-wise work: the products at SGEMM's rate
// gflops, the rest per element. When SGEMM alone measured slower than the
// whole (a busy machine can do that to either timing), the whole time is the
// products', at the rate that gives it.
func split(seconds, flops, elements, gflops float64) Rate {
	rest := seconds - flops/(gflops*1e9)
	if rest <= 0 {
		return Rate{GFLOPS: flops / seconds / 1e9}
	}
	return Rate{GFLOPS: gflops, NsPerElement: rest / elements * 1e9}
}

// fillNs returns a round of timing the filling of training batches of 100
// samples from v, in nanoseconds per input value.
func fillNs(v *data.View) func() float64 {
	const batch, batches = 100, 120
	x, y := make([]float32, batch*data.Pixels), make([]int32, batch)
	b := data.NewBatches(v, batch, rand.New(rand.NewPCG(1, 2)))
	return func() float64 {
		start := time.Now()
		for range batches {
			if !b.Next(x, y) {
				b.Next(x, y)
			}
		}
		return time.Since(start).Seconds() / (batches * batch * data.Pixels) * 1e9
	}
}

// sampleGradNs returns a round of timing one-sample gradients
// (importance.Fisher) of a presynaptic network of layer sizes layers on 100
// samples of test, in nanoseconds per sample.
func sampleGradNs(layers []int, test *data.View) func() float64 {
	cfg, err := config.Load("energy-presyn", nil)
	if err != nil {
		panic("cost: energy-presyn does not load: " + err.Error())
	}
	cfg.Layers = layers
	net := newNet(cfg)
	const samples = 100
	test = test.Head(samples)
	return func() float64 {
		start := time.Now()
		importance.Fisher(net, test)
		return time.Since(start).Seconds() / samples * 1e9
	}
}

// perceptronProbes return rounds of timing the perceptron experiment's models
// on random patterns of its default size, in nanoseconds per element of each
// kind: both models' updates, the standard perceptron's test and
// the stochastic one's votes.
func perceptronProbes() map[Kind]func() float64 {
	const patterns, inputs, batch, samples = 100, 1000, 5, 10
	src := rand.NewPCG(1, 2)
	xs, ys := baseline.RandomPatterns(patterns, inputs, src)
	standard := baseline.NewPerceptron(inputs)
	presyn := baseline.NewStochasticPerceptron(inputs, baseline.DefaultPresynSettings())
	n := float64(patterns * inputs)
	timed := func(f func(), per float64) func() float64 {
		return func() float64 {
			start := time.Now()
			f()
			return time.Since(start).Seconds() / per * 1e9
		}
	}
	return map[Kind]func() float64{
		PerceptronTrain: timed(func() {
			for k := 0; k < patterns; k += batch {
				standard.Step(xs[k*inputs:(k+batch)*inputs], ys[k:k+batch])
				presyn.Step(xs[k*inputs:(k+batch)*inputs], ys[k:k+batch], src)
			}
		}, n),
		PerceptronDot:  timed(func() { standard.Accuracy(xs, ys) }, n),
		PerceptronVote: timed(func() { presyn.Accuracy(xs, ys, samples, src) }, n*samples),
	}
}
