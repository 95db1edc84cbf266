package method

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/presyn/presyn/internal/optim"
	"github.com/presyn/presyn/internal/synapse"
)

// SGDSettings configure plain SGD on all trainable parameters (weights and learned
// biases): the "sgd" section.
type SGDSettings struct {
	LR       float64 `json:"lr"`
	L2       float64 `json:"l2"`       // weight decay, biases included (as torch.optim.SGD)
	Momentum float64 `json:"momentum"` // classical momentum; 0 for none
}

// DefaultSGD returns lr 0.01, no weight decay, no momentum.
func DefaultSGD() *SGDSettings { return &SGDSettings{LR: 0.01} }

// Validate implements Settings.
func (s *SGDSettings) Validate(synapse.Config) error {
	if err := checkLRAndL2(s.LR, s.L2); err != nil {
		return err
	}
	if !finite(s.Momentum) || s.Momentum < 0 || s.Momentum >= 1 {
		return fmt.Errorf("momentum is %v, want a value in [0, 1)", s.Momentum)
	}
	return nil
}

// LearnsRelease implements Settings: SGD leaves release probabilities alone.
func (s *SGDSettings) LearnsRelease() bool { return false }

// New implements Settings.
func (s *SGDSettings) New(net *synapse.Net, _ *rand.Rand) Method {
	return &optimizer{o: optim.NewSGD(len(net.Params()), optim.SGDSettings{
		LR: float32(s.LR), WeightDecay: float32(s.L2), Momentum: float32(s.Momentum)})}
}

// AdamSettings configure Adam on all trainable parameters: the "adam" section.
// Its moments are never reset between tasks, as in the published code.
type AdamSettings struct {
	LR float64 `json:"lr"`
	L2 float64 `json:"l2"` // L2 added to the gradient (torch.optim.Adam's weight_decay)
}

// DefaultAdam returns lr 0.001 without weight decay.
func DefaultAdam() *AdamSettings { return &AdamSettings{LR: 0.001} }

// Validate implements Settings.
func (s *AdamSettings) Validate(synapse.Config) error { return checkLRAndL2(s.LR, s.L2) }

// LearnsRelease implements Settings: Adam leaves release probabilities alone.
func (s *AdamSettings) LearnsRelease() bool { return false }

// New implements Settings.
func (s *AdamSettings) New(net *synapse.Net, _ *rand.Rand) Method {
	return &optimizer{o: optim.NewAdam(len(net.Params()), optim.AdamSettings{LR: float32(s.LR), WeightDecay: float32(s.L2)})}
}

// optimizer steps an optimiser from package optim on the Net's Params.
type optimizer struct {
	Hooks
	o optim.Optimizer
}

func (m *optimizer) AfterBackward(net *synapse.Net, _ int) { m.o.Step(net.Params(), net.Grads()) }

func checkLRAndL2(lr, l2 float64) error {
	if !finite(lr) || lr <= 0 {
		return fmt.Errorf("lr is %v, want a positive number", lr)
	}
	if !finite(l2) || l2 < 0 {
		return fmt.Errorf("l2 is %v, want 0 or more", l2)
	}
	return nil
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }
