package plot

import (
	"fmt"
	"image/color"
	"slices"
	"sort"
)

// methodColors gives each method one colour in every figure, so that blue always
// means presynaptic consolidation: Figure 1's models, Figure 4's lifelong methods,
// Figure 5's perceptrons and ablations. The colours are Okabe-Ito's (see Palette),
// readable with every common colour-vision deficiency; the ablated variants of the
// presynaptic model are greys, darker the more of the model they keep, so that no
// colour of a method elsewhere comes to mean an ablation.
var methodColors = map[string]color.NRGBA{
	// The presynaptic model, and its full form in the ablation (Figure 5a).
	"presyn": okabeIto[0], // blue
	"full":   okabeIto[0],
	// Baselines without consolidation: the plain network of Figure 4 and the
	// standard perceptron of Figure 5b-c play the same part, and share vermillion.
	"nocons":   okabeIto[1],
	"standard": okabeIto[1],
	"bgd":      okabeIto[2], // bluish green
	"ewc":      okabeIto[3], // orange
	// Figure 1's deterministic MLP and stochastic net with fixed p.
	"mlp":       okabeIto[4], // reddish purple
	"mlp-fixed": okabeIto[5], // sky blue
	// The upper bound, drawn as a reference line.
	"joint": okabeIto[7], // black
	// Ablated variants (Figure 5a).
	"no-norm":          {0x44, 0x44, 0x44, 0xff},
	"no-mod":           {0x66, 0x66, 0x66, 0xff},
	"no-freeze":        {0x88, 0x88, 0x88, 0xff},
	"no-freeze-no-mod": {0xaa, 0xaa, 0xaa, 0xff},
	"fixed-p":          {0xcc, 0xcc, 0xcc, 0xff},
	// Controls of the importance analyses: synapses shuffled between neurons, and
	// the network before learning. A mid grey, not black, so that their bars and
	// outlines do not outweigh the learned ones.
	"shuffled": {0x80, 0x80, 0x80, 0xff},
	"before":   {0x80, 0x80, 0x80, 0xff},
}

// ColorOf returns the colour of a method (or control) by the name presyn's configs
// and result files give it: "presyn", "nocons", "bgd", "ewc", "joint", "mlp",
// "mlp-fixed", "standard", the ablation variants ("full", "no-freeze", "no-mod",
// "no-freeze-no-mod", "fixed-p", "no-norm") and the controls "shuffled" and
// "before". Series that are not methods (seeds, grid values) take Palette. It panics
// on a name not in the table, which ColorNames lists: a new method needs a colour
// of its own here, not one borrowed from a series index.
func ColorOf(name string) color.Color {
	c, ok := methodColors[name]
	if !ok {
		panic(fmt.Sprintf("plot: no colour for method %q; the table has %v", name, ColorNames()))
	}
	return c
}

// HasColor reports whether ColorOf knows name.
func HasColor(name string) bool {
	_, ok := methodColors[name]
	return ok
}

// ColorNames returns the names ColorOf knows, sorted.
func ColorNames() []string {
	names := make([]string, 0, len(methodColors))
	for n := range methodColors {
		names = append(names, n)
	}
	sort.Strings(names)
	return slices.Clip(names)
}
