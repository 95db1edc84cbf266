package lifelong

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"

	"github.com/presyn/presyn/internal/config"
	"github.com/presyn/presyn/internal/data"
	"github.com/presyn/presyn/internal/importance"
	"github.com/presyn/presyn/internal/results"
	"github.com/presyn/presyn/internal/study"
	"github.com/presyn/presyn/internal/synapse"
	"github.com/presyn/presyn/internal/train"
)

// ReferenceEpoch is a row of a published run's per-epoch log
// (../shared/reference-runs): the columns presyn's metrics.csv shares with it.
type ReferenceEpoch struct {
	Task    int     `csv:"task"`
	Epoch   int     `csv:"epoch"`
	Train   float64 `csv:"train_acc"`
	Current float64 `csv:"test_acc_current_task"`
	MeanP   float64 `csv:"mean_p"`
	Frozen  float64 `csv:"frac_frozen"`
}

// StabilityReport analyses a lifelong run trained with task checkpoints (presyn
// train --task-checkpoints): per task, how much of the network is frozen and how
// far the weights frozen by then moved by the end; and, on the first task's test
// set, what restoring groups of weights to their values after the first task gives
// back. reference, if not empty, is a published run's per-epoch log to set beside
// ours. It returns a Markdown report.
func StabilityReport(dir string, source data.Loader, samples int, reference string) (string, error) {
	var cfg config.Train
	m, err := results.ReadManifestConfig(dir, &cfg)
	if err != nil {
		return "", err
	}
	var states []synapse.State
	var pFreeze float32
	for t := 1; t <= cfg.NumTasks; t++ {
		name := train.TaskCheckpointFile(t)
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			if t == 1 {
				break // trained without --task-checkpoints: said below
			}
			// A run with task checkpoints has one after every task: a
			// missing one is named, not silently the end of the run.
			return "", fmt.Errorf("stability: %s has task checkpoints up to task %d but no %s (the run learnt %d tasks): the folder is damaged or the run unfinished", dir, t-1, name, cfg.NumTasks)
		}
		ck, err := train.LoadCheckpointFile(dir, name)
		if err != nil {
			return "", err
		}
		s, err := ck.State()
		if err != nil {
			return "", err
		}
		states, pFreeze = append(states, s), ck.PFreeze
	}
	if len(states) < 2 {
		return "", fmt.Errorf("stability: %s holds %d task checkpoints; train the run with --task-checkpoints (two tasks at least)", dir, len(states))
	}
	st, err := importance.NewStability(states, pFreeze)
	if err != nil {
		return "", err
	}
	var ref []ReferenceEpoch
	if reference != "" {
		if ref, err = results.ReadRows[ReferenceEpoch](reference); err != nil {
			return "", err
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "## Stability of consolidated synapses: %s (%s, seed %d, p_freeze %g)\n\n", dir, cfg.Name, m.Seed, pFreeze)
	header := []string{"after task", "mean p", "frozen", "frozen per layer", "newly frozen", "still frozen at end",
		"their drift by the end", "unchanged (< 10%)", "drift of the unfrozen"}
	if ref != nil {
		header = append(header, "published mean p", "published frozen")
	}
	var rows [][]string
	for _, t := range st.Tasks {
		var layers []string
		for _, f := range t.FrozenLayer {
			layers = append(layers, fmt.Sprintf("%.3f", f))
		}
		row := []string{fmt.Sprint(t.Task), fmt.Sprintf("%.4f", t.MeanP), fmt.Sprintf("%.4f", t.Frozen), strings.Join(layers, " / "),
			fmt.Sprint(t.NewlyFrozen), fmt.Sprintf("%.4f", t.StillFrozen), fmt.Sprintf("%.3f", t.Drift), fmt.Sprintf("%.3f", t.Unchanged),
			fmt.Sprintf("%.3f", t.DriftFree)}
		if ref != nil {
			mp, fr := "", ""
			for _, r := range ref {
				if r.Task == t.Task && r.Epoch == cfg.Epochs {
					mp, fr = fmt.Sprintf("%.4f", r.MeanP), fmt.Sprintf("%.4f", r.Frozen)
				}
			}
			row = append(row, mp, fr)
		}
		rows = append(rows, row)
	}
	b.WriteString(study.MarkdownTable(header, rows))
	b.WriteString("\nDrift: mean |w_end - w_task| over the synapses, relative to their mean |w_task|.\n\n")

	tasks, err := train.Tasks(cfg, m.Seed, source)
	if err != nil {
		return "", err
	}
	ev := train.NewEvaluator(cfg.Layers[0], cfg.Outputs(), cfg.EvalBatchSize, samples)
	first, last := states[0], states[len(states)-1]
	var frozen1 []bool
	for _, p := range first.Probs {
		for _, v := range p {
			frozen1 = append(frozen1, synapse.Frozen(v, pFreeze))
		}
	}
	acc := func(s synapse.State) (float64, error) {
		net, err := synapse.FromState(s, rand.New(rand.NewPCG(m.Seed, 7)))
		if err != nil {
			return 0, err
		}
		return ev.Accuracy(net, tasks[0].Test), nil
	}
	type variant struct {
		name  string
		state synapse.State
	}
	variants := []variant{
		{"after task 1", first},
		{"at the end", last},
		{"at the end, the synapses frozen after task 1 restored to their weights then", importance.Restore(last, first, func(i int) bool { return frozen1[i] })},
		{"at the end, every other synapse restored", importance.Restore(last, first, func(i int) bool { return !frozen1[i] })},
	}
	offset := 0
	for l, w := range first.Weights {
		lo, hi := offset, offset+len(w)
		variants = append(variants, variant{fmt.Sprintf("at the end, layer %d's synapses frozen after task 1 restored", l+1),
			importance.Restore(last, first, func(i int) bool { return i >= lo && i < hi && frozen1[i] })})
		variants = append(variants, variant{fmt.Sprintf("at the end, layer %d's other synapses restored", l+1),
			importance.Restore(last, first, func(i int) bool { return i >= lo && i < hi && !frozen1[i] })})
		offset = hi
	}
	rows = nil
	for _, v := range variants {
		a, err := acc(v.state)
		if err != nil {
			return "", err
		}
		rows = append(rows, []string{v.name, fmt.Sprintf("%.4f", a)})
	}
	fmt.Fprintf(&b, "Task 1's test accuracy (%d sampled networks), with weights restored to their values after task 1 (release probabilities as at the end):\n\n", samples)
	b.WriteString(study.MarkdownTable([]string{"network", "task 1 accuracy"}, rows))
	return b.String(), nil
}
