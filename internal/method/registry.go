package method

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
)

// Definition introduces a method: its name (the config's "method" value and the
// name of its section) and its default settings.
type Definition struct {
	Name     string
	Summary  string          // one line for help texts
	Defaults func() Settings // a fresh pointer to the default settings
}

// definitions lists every method; adding a method adds a line here.
var definitions = []Definition{
	{Name: "presyn", Summary: "the presynaptic rule: SGD on w with learning-rate modulation, release probabilities, freezing", Defaults: func() Settings { return DefaultPresyn() }},
	{Name: "sgd", Summary: "stochastic gradient descent (torch.optim.SGD)", Defaults: func() Settings { return DefaultSGD() }},
	{Name: "adam", Summary: "Adam (torch.optim.Adam), its moments kept across tasks", Defaults: func() Settings { return DefaultAdam() }},
	{Name: "bgd", Summary: "Bayesian Gradient Descent (Zeno et al. 2018): Gaussian weights, K sampled passes per batch", Defaults: func() Settings { return DefaultBGD() }},
	{Name: "ewc", Summary: "Elastic Weight Consolidation (Kirkpatrick et al. 2017): a Fisher-weighted pull to each past task's weights", Defaults: func() Settings { return DefaultEWC() }},
}

// Names returns the methods' names in the order of the definitions.
func Names() []string {
	names := make([]string, len(definitions))
	for i, d := range definitions {
		names[i] = d.Name
	}
	return names
}

// Lookup returns the named method's definition; an unknown name is an error that
// lists the known ones.
func Lookup(name string) (Definition, error) {
	for _, d := range definitions {
		if d.Name == name {
			return d, nil
		}
	}
	return Definition{}, fmt.Errorf("unknown method %q (want %s)", name, strings.Join(Names(), ", "))
}

// Keys returns the JSON keys of the named method's settings, in field order.
func Keys(name string) []string {
	d, err := Lookup(name)
	if err != nil {
		return nil
	}
	t := reflect.TypeOf(d.Defaults()).Elem()
	var keys []string
	for i := range t.NumField() {
		if key, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ","); key != "" && key != "-" {
			keys = append(keys, key)
		}
	}
	return keys
}

// Decode returns the named method's settings: its defaults overlaid with the keys
// of the section raw (nil or empty for none). Unknown keys and values of the wrong
// type are errors naming the key.
func Decode(name string, raw json.RawMessage) (Settings, error) {
	d, err := Lookup(name)
	if err != nil {
		return nil, err
	}
	s := d.Defaults()
	if len(bytes.TrimSpace(raw)) == 0 {
		return s, nil
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(s); err != nil {
		var typeErr *json.UnmarshalTypeError
		if errors.As(err, &typeErr) {
			return nil, fmt.Errorf("%s must be %s, not %s", typeErr.Field, typeErr.Type, typeErr.Value)
		}
		if key, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
			return nil, fmt.Errorf("unknown key %s (known: %s)", key, strings.Join(Keys(name), ", "))
		}
		return nil, err
	}
	return s, nil
}

// NameOf returns the name of the method whose settings s are ("" if none is).
func NameOf(s Settings) string {
	for _, d := range definitions {
		if reflect.TypeOf(d.Defaults()) == reflect.TypeOf(s) {
			return d.Name
		}
	}
	return ""
}
