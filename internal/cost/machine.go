package cost

import (
	"bufio"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/presyn/presyn/internal/synapse"
	"github.com/presyn/presyn/internal/tensor"
	"github.com/presyn/presyn/internal/version"
)

// Machine is a calibration: the machine it was made on and how fast that
// machine does each kind of work, with one BLAS thread. Calibrate makes one;
// Cached keeps it.
type Machine struct {
	CPU     string `json:"cpu"`            // the CPU's model name
	Cores   int    `json:"cores"`          // logical CPUs, the workers 0 means
	Core    string `json:"blas_core"`      // tensor.Core(): openblas/<core> or gonum/purego
	Kernels string `json:"kernels"`        // synapse.Kernels(): avx2 or go
	Version string `json:"presyn_version"` // the presyn that calibrated

	Calibrated         time.Time `json:"calibrated"`
	CalibrationSeconds float64   `json:"calibration_seconds"` // how long calibrating took
	// The load the calibration met, which its rates include: the 1-minute
	// load average before it (other work on the cores), and the share of the
	// CPUs' time a virtual machine's host took while it ran (steal, from
	// /proc/stat). A run meets the load of its own time.
	LoadAverage float64 `json:"load_average"`
	StealShare  float64 `json:"steal_share"`

	// SGEMM alone on the 784-200-200-10 network's products: a training step's
	// (batch 100) and a test pass's (batch 1000), in GFLOPS.
	SGEMMTrainGFLOPS float64 `json:"sgemm_train_gflops"`
	SGEMMEvalGFLOPS  float64 `json:"sgemm_eval_gflops"`

	Rates map[Kind]Rate `json:"rates"`

	// ParallelSlowdown is how much longer a run takes while every core runs
	// one (as a study's workers do) than alone on an idle machine, where
	// the rates were timed: measured on the energy model's training steps.
	// 0 in a calibration made before it was measured counts as 1.
	ParallelSlowdown float64 `json:"parallel_slowdown"`
}

// slowdown is how much longer each of workers runs at once takes than alone:
// none for one worker, the measured ParallelSlowdown with every core busy,
// and in between in proportion to the other cores busy.
func (m Machine) slowdown(workers int) float64 {
	if m.ParallelSlowdown <= 1 || m.Cores < 2 || workers < 2 {
		return 1
	}
	busy := float64(min(workers, m.Cores)-1) / float64(m.Cores-1)
	return 1 + (m.ParallelSlowdown-1)*busy
}

// RunSeconds predicts how long a run of work w takes on one core while
// workers runs run at once (Seconds, times the slowdown of sharing the
// machine).
func (m Machine) RunSeconds(w Work, workers int) (float64, error) {
	s, err := m.Seconds(w)
	return s * m.slowdown(workers), err
}

// Rate is how fast a machine does one kind of work.
type Rate struct {
	// GFLOPS is the rate of the kind's matrix products; 0 when NsPerElement
	// prices the whole of the kind's work (one-sample gradients, whose
	// products are matrix-vector ones).
	GFLOPS float64 `json:"gflops,omitempty"`
	// NsPerElement is the time per element of the kind's element-wise work,
	// in nanoseconds.
	NsPerElement float64 `json:"ns_per_element"`
}

// Seconds is it at the rate.
func (r Rate) Seconds(it Item) float64 {
	s := it.Elements * r.NsPerElement * 1e-9
	if r.GFLOPS > 0 {
		s += it.FLOPs / (r.GFLOPS * 1e9)
	}
	return s
}

// Seconds predicts how long w takes on the machine, on one core.
func (m Machine) Seconds(w Work) (float64, error) {
	var s float64
	for _, it := range w {
		r, err := m.rate(it.Kind)
		if err != nil {
			return 0, err
		}
		s += r.Seconds(it)
	}
	return s, nil
}

// rate returns the kind's rate. A training kind the calibration did not time
// (a method on synapses no config pairs it with) takes the rate of the
// calibrated training kind nearest to it: presynaptic synapses and rule for
// stochastic synapses, Adam for deterministic ones.
func (m Machine) rate(k Kind) (Rate, error) {
	if r, ok := m.Rates[k]; ok {
		return r, nil
	}
	if rest, ok := strings.CutPrefix(string(k), "train/"); ok {
		synapses, _, _ := strings.Cut(rest, "/")
		near := Kind("train/presyn/presyn")
		if synapses == "deterministic" {
			near = "train/deterministic/adam"
		}
		if r, ok := m.Rates[near]; ok {
			return r, nil
		}
	}
	return Rate{}, fmt.Errorf("cost: the calibration of %s has no rate for %s work; calibrate again (presyn bench --calibrate)", m.CPU, k)
}

// Current describes this machine and this presyn, without rates: what a
// calibration must match to be used (Matches).
func Current() Machine {
	return Machine{CPU: cpuModel(), Cores: runtime.NumCPU(), Core: tensor.Core(), Kernels: synapse.Kernels(), Version: version.String()}
}

// Matches reports whether m was calibrated on the machine and presyn o
// describes (the same CPU model, BLAS core, kernels and presyn version).
func (m Machine) Matches(o Machine) bool {
	return m.CPU == o.CPU && m.Core == o.Core && m.Kernels == o.Kernels && m.Version == o.Version
}

// cpuModel reads the CPU's model name from /proc/cpuinfo ("model name", or
// "Model" or "Processor" on ARM), or says the architecture where there is none.
func cpuModel() string {
	f, err := os.Open("/proc/cpuinfo")
	if err == nil {
		defer f.Close()
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			key, value, ok := strings.Cut(sc.Text(), ":")
			switch strings.TrimSpace(key) {
			case "model name", "Model", "Processor":
				if v := strings.TrimSpace(value); ok && v != "" {
					return v
				}
			}
		}
	}
	return runtime.GOOS + "/" + runtime.GOARCH
}

// loadAverage is the 1-minute load average (/proc/loadavg), 0 where there is
// none.
func loadAverage() float64 {
	raw, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return 0
	}
	fields := strings.Fields(string(raw))
	if len(fields) == 0 {
		return 0
	}
	v, _ := strconv.ParseFloat(fields[0], 64)
	return v
}

// cpuTimes returns the CPUs' total and stolen time so far (/proc/stat's cpu
// line, in ticks), zeros where there is none.
func cpuTimes() (total, steal float64) {
	raw, err := os.ReadFile("/proc/stat")
	if err != nil {
		return 0, 0
	}
	line, _, _ := strings.Cut(string(raw), "\n")
	fields := strings.Fields(line)
	if len(fields) < 9 || fields[0] != "cpu" {
		return 0, 0
	}
	for i, f := range fields[1:] {
		v, _ := strconv.ParseFloat(f, 64)
		if i < 8 { // user nice system idle iowait irq softirq steal; guest is in user
			total += v
		}
		if i == 7 {
			steal = v
		}
	}
	return total, steal
}
