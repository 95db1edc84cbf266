package datatest

import (
	"fmt"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"sync"

	"github.com/presyn/presyn/internal/data"
)

// Defaults for the zero Options.
const (
	DefaultTrain        = 2000
	DefaultTest         = 500
	DefaultNoise        = 0.9
	DefaultSeed  uint64 = 0x73796e7468657469 // "syntheti"
)

// Options size a synthetic data set. The zero value gives the defaults.
type Options struct {
	Train, Test int // samples; 0 means DefaultTrain and DefaultTest
	// Noise is the standard deviation of the per-pixel noise, in (0, 1]; 0 means
	// DefaultNoise (for nearly noise-free data, ask for a small value such as 1e-3).
	// The prototypes are scaled by sqrt(1-Noise²), so every pixel has standard
	// deviation 1 whatever the noise: Noise 1 is pure noise, nothing to learn.
	Noise float64
	Seed  uint64 // 0 means DefaultSeed
}

// withDefaults returns o with its zero fields replaced by the defaults. It panics if
// a field is out of range.

func (o Options) withDefaults() Options {
	if o.Train < 0 || o.Test < 0 {
		panic(fmt.Sprintf("datatest: %d training and %d test samples, want at least 0", o.Train, o.Test))
	}
	if !(o.Noise >= 0 && o.Noise <= 1) {
		panic(fmt.Sprintf("datatest: noise %v, want 0 to 1", o.Noise))
	}
	if o.Train == 0 {
		o.Train = DefaultTrain
	}
	if o.Test == 0 {
		o.Test = DefaultTest
	}
	if o.Noise == 0 {
		o.Noise = DefaultNoise
	}
	if o.Seed == 0 {
		o.Seed = DefaultSeed
	}
	return o
}

// Each part of a data set has its own PCG stream, so the prototypes do not depend
// on the sizes, nor the test set on the size of the training set.
const (
	streamPrototypes uint64 = 0x70726f746f747970 // "prototyp"
	streamTrain      uint64 = 0x747261696e736574 // "trainset"
	streamTest       uint64 = 0x7465737473657473 // "testsets"
)

// rng returns the generator of one part of the named data set.
func rng(seed uint64, name data.Name, part uint64) *rand.Rand {
	h := fnv.New64a()
	h.Write([]byte(name))
	return rand.New(rand.NewPCG(seed, h.Sum64()^part))
}

// New returns the named synthetic data set (see the package comment). It panics
// for a name data.ParseName rejects or for Options out of range: both are
// programming errors here. Each call generates the data afresh; Source keeps them.
func New(name data.Name, opts Options) *data.Dataset {
	if _, err := data.ParseName(string(name)); err != nil {
		panic("datatest: " + err.Error())
	}
	opts = opts.withDefaults()
	signal := math.Sqrt(1 - opts.Noise*opts.Noise)
	r := rng(opts.Seed, name, streamPrototypes)
	var protos [classes][data.Pixels]float32
	for c := range protos {
		for j := range protos[c] {
			protos[c][j] = float32(signal * r.NormFloat64())
		}
	}
	return &data.Dataset{
		Name:  name,
		Train: newSet(&protos, opts.Train, opts.Noise, rng(opts.Seed, name, streamTrain)),
		Test:  newSet(&protos, opts.Test, opts.Noise, rng(opts.Seed, name, streamTest)),
	}
}

const classes = 10

// newSet draws n samples: sample i has class i%10 before the order is shuffled, and
// is its class's prototype plus noise.
func newSet(protos *[classes][data.Pixels]float32, n int, noise float64, r *rand.Rand) *data.Set {
	labels := make([]uint8, n)
	for i := range labels {
		labels[i] = uint8(i % classes)
	}
	r.Shuffle(n, func(i, j int) { labels[i], labels[j] = labels[j], labels[i] })
	x := make([]float32, n*data.Pixels)
	for i, c := range labels {
		img := x[i*data.Pixels : (i+1)*data.Pixels]
		for j, p := range protos[c] {
			img[j] = p + float32(noise*r.NormFloat64())
		}
	}
	return data.NewSet(x, labels)
}

// Source is a data.Loader of synthetic data sets: every name (data.MNIST,
// data.FashionMNIST) gets its own set, generated from Options by New on the first
// Load of that name and kept, so every Load of a name returns the same *Dataset.
// Set Options before the first Load; a Source must not be copied after first use.
// It is safe for concurrent use: sweeps load from many goroutines. The zero value
// is ready to use, with the default Options.
type Source struct {
	Options Options

	mu   sync.Mutex
	sets map[data.Name]*lazySet
}

// lazySet is one name's data set, generated once.
type lazySet struct {
	once sync.Once
	ds   *data.Dataset
}

var _ data.Loader = (*Source)(nil)

// Load returns the named data set, generating it on first use. A name
// data.ParseName rejects is an error.
func (s *Source) Load(name data.Name) (*data.Dataset, error) {
	if _, err := data.ParseName(string(name)); err != nil {
		return nil, err
	}
	s.mu.Lock()
	if s.sets == nil {
		s.sets = map[data.Name]*lazySet{}
	}
	e, ok := s.sets[name]
	if !ok {
		e = &lazySet{}
		s.sets[name] = e
	}
	opts := s.Options
	s.mu.Unlock()
	// Check the Options before the Once: a panic inside it would leave the name
	// marked as done with no data set.
	opts.withDefaults()
	e.once.Do(func() { e.ds = New(name, opts) })
	return e.ds, nil
}

// smallSource is the Source Small returns.
var smallSource = &Source{Options: Options{Train: 1000, Test: 200}}

// Small returns the Source the logic tests of the experiments train on: 1000
// training and 200 test samples a data set, the other Options at their
// defaults. It is one Source for the whole test binary, so each data set is
// generated once however many tests load it; its Options must not be changed.
func Small() *Source { return smallSource }
