package importance

import (
	"fmt"
	"math"

	"github.com/presyn/presyn/internal/synapse"
)

// Stability describes what the tasks of a sequence did to the synapses that
// consolidation froze: for a network saved after every task (states[k] after task
// k+1) and the freezing threshold, per task the frozen share of every layer, and
// for the synapses frozen by the end of each task how far their weights moved by
// the end of the sequence.
type Stability struct {
	Tasks []TaskStability
}

// TaskStability is the state after one task.
type TaskStability struct {
	Task        int       // from 1
	MeanP       float64   // over all synapses
	Frozen      float64   // share of synapses frozen
	FrozenLayer []float64 // per weight matrix
	// Of the synapses frozen first at the end of this task (not before):
	NewlyFrozen int     // how many
	StillFrozen float64 // share still frozen at the end of the sequence
	// Drift is the mean of |w_end - w_task| over those synapses, relative to the
	// mean of |w_task|; Unchanged is the share whose |w_end - w_task| is below 10%
	// of |w_task|.
	Drift, Unchanged float64
	// DriftFree and UnchangedFree are the same for the synapses not frozen at the
	// end of this task, for comparison.
	DriftFree, UnchangedFree float64
}

// NewStability computes it from the states after each task.
func NewStability(states []synapse.State, pFreeze float32) (Stability, error) {
	if len(states) == 0 {
		return Stability{}, fmt.Errorf("importance: no task states")
	}
	flat := func(m [][]float32) []float32 {
		var out []float32
		for _, x := range m {
			out = append(out, x...)
		}
		return out
	}
	end := len(states) - 1
	wEnd, pEnd := flat(states[end].Weights), flat(states[end].Probs)
	if pEnd == nil {
		return Stability{}, fmt.Errorf("importance: the network has no release probabilities")
	}
	var st Stability
	var frozenBefore []bool
	for k, s := range states {
		w, p := flat(s.Weights), flat(s.Probs)
		if len(w) != len(wEnd) || len(p) != len(pEnd) {
			return Stability{}, fmt.Errorf("importance: the state after task %d has %d weights, the last %d", k+1, len(w), len(wEnd))
		}
		ts := TaskStability{Task: k + 1}
		for _, layer := range s.Probs {
			n := 0
			for _, v := range layer {
				if synapse.Frozen(v, pFreeze) {
					n++
				}
			}
			ts.FrozenLayer = append(ts.FrozenLayer, float64(n)/float64(len(layer)))
		}
		var sumP float64
		var frozen, stillFrozen, unchanged, unchangedFree, nFree int
		var drift, base, driftFree, baseFree float64
		for i, v := range p {
			sumP += float64(v)
			d, a := math.Abs(float64(wEnd[i]-w[i])), math.Abs(float64(w[i]))
			isFrozen := synapse.Frozen(v, pFreeze)
			if isFrozen {
				frozen++
			}
			switch {
			case isFrozen && (frozenBefore == nil || !frozenBefore[i]):
				ts.NewlyFrozen++
				if synapse.Frozen(pEnd[i], pFreeze) {
					stillFrozen++
				}
				drift, base = drift+d, base+a
				if d < 0.1*a {
					unchanged++
				}
			case !isFrozen:
				nFree++
				driftFree, baseFree = driftFree+d, baseFree+a
				if d < 0.1*a {
					unchangedFree++
				}
			}
		}
		n := float64(len(p))
		ts.MeanP, ts.Frozen = sumP/n, float64(frozen)/n
		if ts.NewlyFrozen > 0 {
			k := float64(ts.NewlyFrozen)
			ts.StillFrozen, ts.Drift, ts.Unchanged = float64(stillFrozen)/k, drift/base, float64(unchanged)/k
		}
		if nFree > 0 {
			ts.DriftFree, ts.UnchangedFree = driftFree/baseFree, float64(unchangedFree)/float64(nFree)
		}
		st.Tasks = append(st.Tasks, ts)
		frozenBefore = make([]bool, len(p))
		for i, v := range p {
			frozenBefore[i] = synapse.Frozen(v, pFreeze)
		}
	}
	return st, nil
}

// Restore returns a copy of to in which the synapses selected by keep (an index
// into the flat weights) take their weight from from: what the network would be
// had those synapses not moved since from.
func Restore(to, from synapse.State, keep func(i int) bool) synapse.State {
	out := to
	out.Weights = make([][]float32, len(to.Weights))
	i := 0
	for l := range to.Weights {
		out.Weights[l] = append([]float32(nil), to.Weights[l]...)
		for j := range out.Weights[l] {
			if keep(i) {
				out.Weights[l][j] = from.Weights[l][j]
			}
			i++
		}
	}
	return out
}
