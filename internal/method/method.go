package method

import (
	"math/rand/v2"

	"github.com/presyn/presyn/internal/data"
	"github.com/presyn/presyn/internal/synapse"
)

// Method is a training method. Hooks get the Net being trained; they run on the
// training goroutine and must not allocate per step.
type Method interface {
	// BeginTask is called before the first step of task t (from 0).
	BeginTask(net *synapse.Net, t int)
	// Passes is the number of forward/backward passes per batch: 1, or K for a
	// method that averages K sampled passes.
	Passes() int
	// BeforeForward is called before training forward pass k of a batch.
	BeforeForward(net *synapse.Net, k int)
	// AfterBackward is called when net.Grads holds the gradient of the batch loss
	// of pass k; a method updates the parameters here (after the last pass).
	AfterBackward(net *synapse.Net, k int)
	// EndTask is called after the last step of task t with its training set.
	EndTask(net *synapse.Net, t int, train *data.View) error
}

// Hooks is a Method's no-op hooks and a single pass per batch, to embed: a method
// overrides the hooks it needs.
type Hooks struct{}

// BeginTask does nothing.
func (Hooks) BeginTask(*synapse.Net, int) {}

// Passes is 1.
func (Hooks) Passes() int { return 1 }

// BeforeForward does nothing.
func (Hooks) BeforeForward(*synapse.Net, int) {}

// AfterBackward does nothing.
func (Hooks) AfterBackward(*synapse.Net, int) {}

// EndTask does nothing.
func (Hooks) EndTask(*synapse.Net, int, *data.View) error { return nil }

// Freezer is implemented by a method, and its settings, that freeze synapses: a
// synapse whose release probability has reached FreezeThreshold is frozen
// (synapse.Frozen).
type Freezer interface {
	FreezeThreshold() float32
}

// FreezeThreshold returns the freezing threshold of a Method or Settings, or 1
// (nothing freezes below p = 1) for one that does not freeze.
func FreezeThreshold(methodOrSettings any) float32 {
	if f, ok := methodOrSettings.(Freezer); ok {
		return f.FreezeThreshold()
	}
	return 1
}

// Settings are a method's config section. Implementations are pointers to structs
// whose fields carry json tags (the section's keys).
type Settings interface {
	// Validate names the first bad setting ("lr is -1, want a positive
	// number"); net is the network the method will train.
	Validate(net synapse.Config) error
	// LearnsRelease reports whether the method updates release probabilities. A
	// network whose probabilities are learned (presynaptic synapses, or a ghost
	// p) needs one that does.
	LearnsRelease() bool
	// New returns the method for net, its state allocated; rng is the method's
	// own random stream (for methods that draw: BGD's weight samples, EWC's
	// sampled labels).
	New(net *synapse.Net, rng *rand.Rand) Method
}
