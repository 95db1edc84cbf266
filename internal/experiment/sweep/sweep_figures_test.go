package sweep

import (
	"strings"
	"testing"
)

func TestDropCommonPrefix(t *testing.T) {
	for _, tc := range []struct {
		in     []string
		want   []string
		prefix string
	}{
		{[]string{"split-mnist-presyn", "split-mnist-ewc", "split-mnist-bgd"}, []string{"presyn", "ewc", "bgd"}, "split-mnist-"},
		{[]string{"split-mnist-ewc", "split-fmnist-ewc"}, []string{"mnist-ewc", "fmnist-ewc"}, "split-"},
		{[]string{"adam", "adagrad"}, []string{"adam", "adagrad"}, ""}, // no separator in "ada"
		{[]string{"a-b", "a-"}, []string{"a-b", "a-"}, ""},             // "a-" would be left empty
		{[]string{"only-one"}, []string{"only-one"}, ""},
	} {
		got, prefix := dropCommonPrefix(tc.in)
		if prefix != tc.prefix || strings.Join(got, ",") != strings.Join(tc.want, ",") {
			t.Errorf("dropCommonPrefix(%v) = %v, %q; want %v, %q", tc.in, got, prefix, tc.want, tc.prefix)
		}
	}
}
