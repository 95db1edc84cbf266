package config

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/presyn/presyn/internal/method"
)

// Own is a key=value a study sets itself (an energy run's l2, a sweep's grid
// value, a tune trial's drawn value), with the flag or search it comes from
// (--l2, --grid, "tune's search"), which errors name.
type Own struct {
	KV   string
	From string
}

// LoadOwn is Load for a study that sets some keys itself: user are the user's
// overrides (--set), own the study's, applied after them. What the user asked is
// what runs, so a key set twice under two spellings (l2 and presyn.l2), a key in
// both user and own, and a key of a method that is not the run's method
// (ewc.lambda on a presyn config) are errors naming both sides.
func LoadOwn(nameOrPath string, user []string, own []Own) (Train, error) {
	raw, source, err := readSource(nameOrPath)
	if err != nil {
		return Train{}, err
	}
	return ParseOwn(raw, source, user, own)
}

// LoadShared is LoadOwn for a study whose user overrides are shared by the
// configs of several methods (a lifelong benchmark's presyn, nocons, ewc, ...):
// a user's key of another method's section (presyn.lr on the ewc config) is left
// to the configs of that method. The study then checks with SectionsUsed that
// some config of it uses each such section.
func LoadShared(nameOrPath string, user []string, own []Own) (Train, error) {
	raw, source, err := readSource(nameOrPath)
	if err != nil {
		return Train{}, err
	}
	return parse(raw, source, user, own, true)
}

// SectionsUsed returns an error naming the first of the user's overrides that
// sets a key of a method's section (ewc.lambda) none of methods (those of a
// study's runs) is: it would change nothing.
func SectionsUsed(user []string, methods []string) error {
	for _, kv := range user {
		key, _, _ := strings.Cut(kv, "=")
		section, _, dotted := strings.Cut(strings.TrimSpace(key), ".")
		if dotted && !slices.Contains(methods, section) {
			return fmt.Errorf("config: --set %s sets a key of method %s, but no run uses %s (their methods: %s): it would not be used",
				kv, section, section, strings.Join(methods, ", "))
		}
	}
	return nil
}

// ParseOwn is LoadOwn of a config's JSON text; source names it in errors.
func ParseOwn(raw []byte, source string, user []string, own []Own) (Train, error) {
	return parse(raw, source, user, own, false)
}

func parse(raw []byte, source string, user []string, own []Own, shared bool) (Train, error) {
	fields, err := decodeObject(raw, source)
	if err != nil {
		return Train{}, err
	}
	fileMethod, err := methodOf(fields, Default().Method)
	if err != nil {
		return Train{}, fmt.Errorf("config: %s: %w", source, err)
	}
	if err := checkSpellings(fields, fileMethod, source); err != nil {
		return Train{}, err
	}
	sets := make([]setting, 0, len(user)+len(own))
	for _, kv := range user {
		sets = append(sets, setting{kv: kv, from: "--set " + kv})
	}
	for _, o := range own {
		sets = append(sets, setting{kv: o.KV, from: o.From + " (" + o.KV + ")", own: true})
	}
	for i := range sets {
		if err := override(fields, &sets[i]); err != nil {
			return Train{}, err
		}
	}
	runMethod, err := methodOf(fields, fileMethod)
	if err != nil {
		return Train{}, fmt.Errorf("config: %s: %w", source, err)
	}
	if err := checkOverrides(fields, sets, runMethod, shared); err != nil {
		return Train{}, err
	}
	cfg := Default()
	merged, _ := json.Marshal(fields) // a map of raw messages always marshals
	if err := json.Unmarshal(merged, &cfg); err != nil {
		return Train{}, fmt.Errorf("config: %s: %s", source, strings.TrimPrefix(err.Error(), "config: "))
	}
	if err := cfg.Validate(); err != nil {
		return Train{}, err
	}
	if cfg.PermutationsSHA256, err = fileSHA256(cfg.Permutations); err != nil {
		return Train{}, fmt.Errorf("config: permutations file: %w", err)
	}
	return cfg, nil
}

// setting is one override as applied: its text, where it came from, and the key
// it sets in one spelling for every way of writing it (a method's key as
// <method>.<key>, known once the run's method is).
type setting struct {
	kv, from string
	own      bool
	key      string // as given: epochs, lr, presyn.lr
	section  string // presyn for presyn.lr
	sub      string // lr for presyn.lr and for lr
	canon    string // presyn.lr for presyn.lr and for lr on a presyn run
}

// override applies one key=value to the raw fields of a config.
func override(fields map[string]json.RawMessage, s *setting) error {
	kv := s.kv
	key, value, ok := strings.Cut(kv, "=")
	key = strings.TrimSpace(key)
	if !ok || key == "" {
		return fmt.Errorf("config: override %q is not key=value", kv)
	}
	if key == legacyMethodKey {
		key = "method"
	}
	if key == "method" {
		delete(fields, legacyMethodKey)
	}
	v, err := overrideValue(value)
	if err != nil {
		return fmt.Errorf("config: override %q: %w", kv, err)
	}
	s.key, s.sub = key, key
	if section, sub, dotted := strings.Cut(key, "."); dotted {
		if _, err := method.Lookup(section); err != nil {
			return fmt.Errorf("config: override %q: %s is not a method's section (methods: %s)", kv, section, strings.Join(method.Names(), ", "))
		}
		s.section, s.sub = section, sub
		inner := map[string]json.RawMessage{}
		if raw, ok := fields[section]; ok {
			if err := json.Unmarshal(raw, &inner); err != nil || inner == nil {
				return fmt.Errorf("config: section %s is not a JSON object of %s's keys", section, section)
			}
		}
		inner[sub] = v
		fields[section], _ = json.Marshal(inner)
		return nil
	}
	if !topLevelKeys()[key] && !methodKeys()[key] {
		return fmt.Errorf("config: override %q: unknown key %q (known: %s; a method's keys as <method>.<key>: %s)",
			kv, key, strings.Join(sortedKeys(topLevelKeys()), ", "), strings.Join(sortedKeys(methodKeys()), ", "))
	}
	fields[key] = v
	return nil
}

// checkOverrides checks the applied overrides against the run's method m: a
// method's key given alone is m's; one given as <method>.<key> must be of m
// (unless shared: see LoadShared); a key
// set under two spellings, or by the user and by the study, is an error. A key of
// m given as m.<key> replaces that key given alone in the file.
func checkOverrides(fields map[string]json.RawMessage, sets []setting, m string, shared bool) error {
	bareMethodKey := func(k string) bool { return methodKeys()[k] && !topLevelKeys()[k] }
	byKey := map[string]setting{}
	for i, s := range sets {
		canon := s.key
		switch {
		case s.section != "" && s.section != m && shared && !s.own:
			continue // for the study's configs of that method
		case s.section != "" && s.section != m:
			return fmt.Errorf("config: %s sets a key of method %s, but the run's method is %s: it would not be used (add --set method=%s to train with %s)",
				s.from, s.section, m, s.section, s.section)
		case s.section != "":
			if !slices.Contains(method.Keys(m), s.sub) {
				return fmt.Errorf("config: %s: unknown key %q of method %s (its keys: %s)", s.from, s.sub, m, strings.Join(method.Keys(m), ", "))
			}
			canon = m + "." + s.sub
		case bareMethodKey(s.key):
			if !slices.Contains(method.Keys(m), s.key) {
				return fmt.Errorf("config: %s: %s is not a key of method %s, the run's method, so it would not be used (its keys: %s)",
					s.from, s.key, m, strings.Join(method.Keys(m), ", "))
			}
			canon = m + "." + s.key
		}
		sets[i].canon = canon
		if first, ok := byKey[canon]; ok && (first.key != s.key || first.own || s.own) {
			return fmt.Errorf("config: %s and %s both set %s: give it once", first.from, s.from, canon)
		}
		byKey[canon] = s
	}
	for _, s := range sets {
		// No override gives this key alone (that is an error above), so a flat
		// spelling of it is the file's.
		if s.section == m && s.sub != legacyMethodKey && !topLevelKeys()[s.sub] {
			delete(fields, s.sub)
		}
	}
	return nil
}

// checkSpellings refuses a config file that gives a key of its method m both
// alone (lr, the flat layout) and in m's section (presyn.lr): which one runs
// would be a rule to remember, not what the file says.
func checkSpellings(fields map[string]json.RawMessage, m, source string) error {
	raw, ok := fields[m]
	if !ok {
		return nil
	}
	inner := map[string]json.RawMessage{}
	if err := json.Unmarshal(raw, &inner); err != nil || inner == nil {
		return fmt.Errorf("config: %s: section %s is not a JSON object of %s's keys", source, m, m)
	}
	for _, k := range method.Keys(m) {
		_, flat := fields[k]
		_, sectioned := inner[k]
		if flat && sectioned && !topLevelKeys()[k] {
			return fmt.Errorf("config: %s: %s and %s.%s both set %s's %s: keep one", source, k, m, k, m, k)
		}
	}
	return nil
}

// methodOf is the method the fields name ("method", or "optimizer" of the flat
// layout), def if none.
func methodOf(fields map[string]json.RawMessage, def string) (string, error) {
	for _, key := range []string{"method", legacyMethodKey} {
		if v, ok := fields[key]; ok {
			var name string
			if err := json.Unmarshal(v, &name); err != nil {
				return "", fmt.Errorf("%s must be a method's name (%s), not %s", key, strings.Join(method.Names(), ", "), v)
			}
			return name, nil
		}
	}
	return def, nil
}

// decodeObject reads a config file's top level: a JSON object whose keys, and
// those of its sections, each appear once.
func decodeObject(raw []byte, source string) (map[string]json.RawMessage, error) {
	if !json.Valid(raw) {
		var fields map[string]json.RawMessage
		err := json.Unmarshal(raw, &fields)
		var syn *json.SyntaxError
		if errors.As(err, &syn) {
			return nil, fmt.Errorf("config: %s is not valid JSON (at byte %d: %s)", source, syn.Offset, describeSyntax(syn))
		}
		return nil, fmt.Errorf("config: %s is not valid JSON", source)
	}
	trimmed := bytes.TrimSpace(raw)
	if len(trimmed) == 0 || trimmed[0] != '{' {
		return nil, fmt.Errorf("config: %s is not a JSON object of config keys ({\"epochs\": 10, ...}), but %s", source, jsonKind(trimmed))
	}
	if key := duplicateKey(raw); key != "" {
		return nil, fmt.Errorf("config: %s gives %s twice: keep one", source, key)
	}
	fields := map[string]json.RawMessage{}
	if err := json.Unmarshal(raw, &fields); err != nil {
		return nil, fmt.Errorf("config: %s is not a JSON object of config keys", source)
	}
	return fields, nil
}

// describeSyntax is a JSON syntax error without the bytes it met, which may be
// anything a file holds.
func describeSyntax(err *json.SyntaxError) string {
	msg := err.Error()
	if strings.HasPrefix(msg, "invalid character") {
		return "an unexpected character"
	}
	return msg
}

// jsonKind names the kind of a JSON value, for errors.
func jsonKind(v []byte) string {
	switch {
	case len(v) == 0:
		return "empty"
	case v[0] == '[':
		return "a list"
	case v[0] == '"':
		return "a string"
	case bytes.Equal(v, []byte("null")):
		return "null"
	case bytes.Equal(v, []byte("true")) || bytes.Equal(v, []byte("false")):
		return "a boolean"
	default:
		return "a number"
	}
}

// duplicateKey returns the first key that appears twice in one object of the
// valid JSON text raw, as a path (presyn.lr), or "".
func duplicateKey(raw []byte) string {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	type frame struct {
		object bool
		keys   map[string]bool
		path   string
		want   bool // an object's next token is a key
	}
	var stack []*frame
	var lastKey string
	for {
		tok, err := dec.Token()
		if err == io.EOF || err != nil {
			return ""
		}
		var top *frame
		if len(stack) > 0 {
			top = stack[len(stack)-1]
		}
		if top != nil && top.object && top.want {
			if d, ok := tok.(json.Delim); ok && d == '}' {
				stack = stack[:len(stack)-1]
				if len(stack) > 0 && stack[len(stack)-1].object {
					stack[len(stack)-1].want = true
				}
				continue
			}
			key, _ := tok.(string)
			path := key
			if top.path != "" {
				path = top.path + "." + key
			}
			if top.keys[key] {
				return path
			}
			top.keys[key] = true
			top.want, lastKey = false, path
			continue
		}
		// a value
		path := ""
		if top != nil && top.object {
			path = lastKey
		}
		switch d, _ := tok.(json.Delim); d {
		case '{':
			stack = append(stack, &frame{object: true, keys: map[string]bool{}, path: path, want: true})
			continue
		case '[':
			stack = append(stack, &frame{path: path})
			continue
		case ']':
			stack = stack[:len(stack)-1]
		}
		if len(stack) > 0 && stack[len(stack)-1].object {
			stack[len(stack)-1].want = true
		}
	}
}

// overrideValue turns the text of a --set value into JSON: numbers, booleans,
// arrays and quoted strings pass through, anything else becomes a string. NaN
// and infinities are not numbers a config can hold.
func overrideValue(value string) (json.RawMessage, error) {
	value = strings.TrimSpace(value)
	if json.Valid([]byte(value)) {
		return json.RawMessage(value), nil
	}
	if x, err := strconv.ParseFloat(value, 64); err == nil && (math.IsNaN(x) || math.IsInf(x, 0)) {
		return nil, fmt.Errorf("%s is not a finite number", value)
	}
	quoted, _ := json.Marshal(value)
	return quoted, nil
}
