package method_test

import (
	"fmt"
	"math/rand/v2"

	"github.com/presyn/presyn/internal/method"
	"github.com/presyn/presyn/internal/synapse"
)

// A method comes from its config section: decode it over the defaults, validate it
// against the network, build it, and let the training loop call its hooks.
func Example() {
	settings, err := method.Decode("presyn", []byte(`{"p_freeze": 0.9353, "lr_modulation": true}`))
	if err != nil {
		panic(err)
	}
	netCfg := synapse.Config{Sizes: []int{784, 200, 200, 10}, Synapses: synapse.Presynaptic, Bias: synapse.BiasFixed}
	if err := settings.Validate(netCfg); err != nil {
		panic(err)
	}
	net := synapse.New(netCfg, rand.New(rand.NewPCG(2019, 0)))
	m := settings.New(net, rand.New(rand.NewPCG(2019, 1)))
	fmt.Println(method.Keys("presyn"))
	fmt.Println("passes per batch:", m.Passes(), "freezes at", method.FreezeThreshold(m))
	// Output:
	// [lr l2 p_up p_down g_lim p_freeze lr_modulation]
	// passes per batch: 1 freezes at 0.9353
}
