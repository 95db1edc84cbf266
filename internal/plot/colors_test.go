package plot

import (
	"image/color"
	"strings"
	"testing"
)

// One colour per method in every figure: presynaptic consolidation is blue in
// Figure 4 and in Figure 5 alike, the two no-consolidation baselines share
// vermillion, and no two other methods look the same.
func TestColorOf(t *testing.T) {
	blue, vermillion := okabeIto[0], okabeIto[1]
	for _, tt := range []struct {
		name string
		want color.NRGBA
	}{
		{"presyn", blue},
		{"full", blue},
		{"nocons", vermillion},
		{"standard", vermillion},
		{"bgd", okabeIto[2]},
		{"ewc", okabeIto[3]},
		{"mlp", okabeIto[4]},
		{"mlp-fixed", okabeIto[5]},
		{"joint", okabeIto[7]},
	} {
		if got := ColorOf(tt.name); got != tt.want {
			t.Errorf("ColorOf(%q) = %v, want %v", tt.name, got, tt.want)
		}
	}
	// Names that share a colour on purpose; every other pair differs.
	same := map[[2]string]bool{
		{"full", "presyn"}: true, {"nocons", "standard"}: true, {"before", "shuffled"}: true,
	}
	names := ColorNames()
	for i, a := range names {
		for _, b := range names[i+1:] {
			if ColorOf(a) == ColorOf(b) && !same[[2]string{a, b}] {
				t.Errorf("%q and %q have the same colour %v", a, b, ColorOf(a))
			}
		}
	}
	// The ablated variants are greys, so that no method's colour means an
	// ablation.
	for _, v := range []string{"no-freeze", "no-mod", "no-freeze-no-mod", "fixed-p", "no-norm"} {
		c := ColorOf(v).(color.NRGBA)
		if c.R != c.G || c.G != c.B {
			t.Errorf("ablation %q has colour %v, want a grey", v, c)
		}
	}
}

func TestColorOfUnknownPanicsWithTheTable(t *testing.T) {
	if HasColor("adam") || !HasColor("ewc") {
		t.Error("HasColor disagrees with the table")
	}
	defer func() {
		msg, _ := recover().(string)
		if !strings.Contains(msg, `"adam"`) || !strings.Contains(msg, "presyn") {
			t.Errorf("panic %q does not name the method and the known ones", msg)
		}
	}()
	ColorOf("adam")
}
