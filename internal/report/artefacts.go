package report

// Source is where a study leaves an artefact: a folder of the results folder,
// the base name of the figure in it (saved as .png, .svg and .pdf; empty for a
// table) and the CSV behind it.
type Source struct {
	Study  string // e.g. "energy", "lifelong/split-mnist"
	Figure string // e.g. "fig1a"; "" for none
	CSV    string // e.g. "aggregate.csv"
	Suffix string // appended to the artefact's id for a second source, e.g. "-perm-mnist"
}

// Artefact is one figure or table of the paper.
type Artefact struct {
	ID      string
	What    string // what it shows
	Paper   string // the paper's value or claim
	Command string // what makes it
	Sources []Source
	// Rule says what the check compares; Check computes the finding from the
	// results folder (it is called only when every source's CSV is there).
	Rule  string
	Check func(results string) (Finding, error)
}

// Finding is a check's outcome: our numbers and the verdict.
type Finding struct {
	Ours    string
	Verdict Verdict
	Note    string // why it differs, or a caveat
}

// Verdict is the outcome of an artefact's check.
type Verdict string

// The verdicts (see the package comment).
const (
	Matches Verdict = "matches"
	Differs Verdict = "differs"
	NotRun  Verdict = "not run"
	NoClaim Verdict = "no claim"
)

// verdict returns Matches when ok, else Differs.
func verdict(ok bool) Verdict {
	if ok {
		return Matches
	}
	return Differs
}

// Artefacts lists every artefact of ../shared/PAPER_RESULTS.md in its order.
func Artefacts() []Artefact {
	energy := func(fig string) []Source { return []Source{{Study: "energy", Figure: fig, CSV: "aggregate.csv"}} }
	importance := func(fig, csv string) []Source { return []Source{{Study: "importance", Figure: fig, CSV: csv}} }
	split := func(fig, csv string) []Source {
		return []Source{{Study: "lifelong/split-mnist", Figure: fig, CSV: csv}}
	}
	return []Artefact{
		{ID: "fig1a", What: "mutual information against synaptic energy over the L2 sweep, 3 models, SE over 3 seeds",
			Paper:   "presynaptic model reaches the same information at clearly lower energy than both controls; fixed-p control needs more energy than the deterministic one",
			Command: "presyn energy", Sources: energy("fig1a"),
			Rule:  "the lowest energy at which each model reaches T bits, T the smallest of the models' best information: presyn lowest, fixed p above deterministic",
			Check: checkFig1a},
		{ID: "fig1b", What: "best information per energy per model, SE bars", Paper: "presynaptic > deterministic > fixed p",
			Command: "presyn energy", Sources: energy("fig1b"),
			Rule: "best mean information per synaptic energy over the L2 strengths, per model: the order of the means", Check: checkFig1b},
		{ID: "fig2a", What: "release probabilities before and after learning", Paper: "most p low, a sparse set high",
			Command: "presyn importance", Sources: importance("fig2a", "synapse_groups.csv"),
			Rule: "p from p_min: mean p below 0.5 and under a third of synapses at p >= 0.9, in every seed", Check: checkSparseP(false)},
		{ID: "fig2b", What: "lesion: accuracy against the fraction of synapses removed, low p first against random", Paper: "low-p-first keeps accuracy far longer",
			Command: "presyn importance", Sources: importance("fig2b", "lesion_aggregate.csv"),
			Rule: "low p first above random at every fraction from 10% to 90%", Check: checkLesion},
		{ID: "fig2c", What: "synaptic energy of synapses with p >= 0.9 against p < 0.9", Paper: "high-p synapses consume much more",
			Command: "presyn importance", Sources: importance("fig2c", "synapse_groups.csv"),
			Rule: "mean |w| of high-p synapses more than twice that of low-p ones, in every seed", Check: checkEnergyHighLow},
		{ID: "fig2d", What: "Fisher information of high against low p", Paper: "high p has high Fisher",
			Command: "presyn importance", Sources: importance("fig2d", "fisher.csv"),
			Rule: "median Fisher of high-p synapses above that of low-p ones and a positive Pearson r (Fisher, p) with p < 0.01, in every seed", Check: checkFisher},
		{ID: "fig3a", What: "important inputs per neuron, layer 2, learned against shuffled", Paper: "KS test D = 0.505, p < 0.01",
			Command: "presyn importance", Sources: importance("fig3a", "sparsity.csv"),
			Rule: "layer 2: KS p < 0.01 in every seed and D within tolerance of 0.505", Check: checkKS},
		{ID: "fig3b", What: "low, medium and high importance neurons, learned against shuffled, SE over 3 seeds", Paper: "many more high and low neurons than shuffled",
			Command: "presyn importance", Sources: importance("fig3b", "sparsity.csv"),
			Rule: "layer 2: low plus high neurons at least twice the shuffled count, mean over seeds", Check: checkNeuronCounts},
		{ID: "fig3c", What: "important inputs against outputs per first-layer neuron", Paper: "Pearson r = 0.9390",
			Command: "presyn importance", Sources: importance("fig3c", "sparsity.csv"),
			Rule: "layer 1 r within tolerance of 0.9390", Check: checkInOut(1, 0.9390)},
		{ID: "fig4b", What: "Split MNIST: the first task's accuracy while later tasks are learnt", Paper: "consolidation forgets more slowly",
			Command: "presyn lifelong --task split-mnist", Sources: split("fig4b", "final_tasks.csv"),
			Rule: "task 1's accuracy after the last task: presyn above no consolidation", Check: checkFirstTask},
		{ID: "fig4c", What: "Split MNIST mean accuracy over 5 tasks per method, with t-tests", Paper: "82.90, 77.68, 80.44, 70.41, 98.55 (presyn, no consolidation, BGD, EWC, joint)",
			Command: "presyn lifelong --task split-mnist", Sources: split("fig4c", "aggregate.csv"),
			Rule: "every method's mean within tolerance of the paper's (aggregate.csv's verdicts)", Check: checkBenchmark("split-mnist")},
		{ID: "fig5a", What: "ablation on Split and Permuted MNIST", Paper: "every part helps; the fixed-p control drops 1.4 points on Split (t = 3.44, p < 0.05) and 5.6 points on Permuted (t = 6.72, p < 0.01)",
			Command: "presyn ablation --task split-mnist; presyn ablation --task perm-mnist",
			Sources: []Source{{Study: "ablation/split-mnist", Figure: "fig5a", CSV: "aggregate.csv"}, {Study: "ablation/perm-mnist", Figure: "fig5a", CSV: "aggregate.csv", Suffix: "-perm-mnist"}},
			Rule:    "on both benchmarks every variant below the full model, and the fixed-p drop within tolerance of 1.4 and 5.6 points and significant (p < 0.05, p < 0.01)",
			Check:   checkAblation},
		{ID: "fig5b", What: "perceptron: the first task's accuracy over the 5 tasks, SE over 10 seeds", Paper: "consolidated perceptron keeps task 1 better",
			Command: "presyn perceptron", Sources: []Source{{Study: "perceptron", Figure: "fig5b", CSV: "curves.csv"}},
			Rule: "task 1's mean accuracy after the last pass: consolidated above standard", Check: checkPerceptronFirst},
		{ID: "fig5c", What: "perceptron: mean accuracy over 5 tasks, t-test", Paper: "consolidated > standard, significant",
			Command: "presyn perceptron", Sources: []Source{{Study: "perceptron", Figure: "fig5c", CSV: "summary.csv"}},
			Rule: "mean over seeds consolidated above standard, Student's t-test p < 0.05", Check: checkPerceptronMean},
		{ID: "app1a", What: "information per energy for each L2 strength, 3 models", Paper: "as fig1",
			Command: "presyn energy", Sources: energy("app1a"),
			Rule: "presyn has the highest information per synaptic energy at every L2 strength", Check: checkPerStrength("info_per_energy")},
		{ID: "app1b", What: "the same with energy measured as neuron activity", Paper: "presynaptic still most efficient",
			Command: "presyn energy", Sources: energy("app1b"),
			Rule: "presyn has the highest best information per neuron energy", Check: checkBestNeuron},
		{ID: "app1c", What: "information per energy against a fixed release probability at L2 = 0.01, best learning rate per p",
			Paper:   "an optimum at low to intermediate p, in line with Harris et al. 2012 (no number stated)",
			Command: "presyn energy fixed-p", Sources: []Source{{Study: "energy-fixed-p", Figure: "app1c", CSV: "app1c.csv"}},
			Rule:  "the largest mean information per energy at a p strictly inside the grid",
			Check: checkFixedP},
		{ID: "app1d", What: "fig2a with p initialised uniformly in [0.25, 1]", Paper: "the same sparse outcome",
			Command: "presyn importance", Sources: importance("app1d", "synapse_groups.csv"),
			Rule: "p from uniform: mean p below 0.5 and under a third of synapses at p >= 0.9", Check: checkSparseP(true)},
		{ID: "app2a", What: "important synapses per neuron for every layer, learned against shuffled, KS tests", Paper: "p < 0.01 for all layers except the output layer (p = 0.41)",
			Command: "presyn importance", Sources: importance("app2a", "sparsity.csv"),
			Rule: "KS p < 0.01 in every seed for layers 1 and 2, and not below 0.01 (mean over seeds) for the output layer", Check: checkKSLayers},
		{ID: "app2b", What: "inputs against outputs for both hidden layers", Paper: "r = 0.9390 (layer 1), r = 0.7999 (layer 2)",
			Command: "presyn importance", Sources: importance("app2b", "sparsity.csv"),
			Rule: "both layers' r within tolerance", Check: checkInOutBoth},
		{ID: "app3a", What: "Split MNIST per-task accuracy after all tasks, all methods", Paper: "(shown without a claim)",
			Command: "presyn lifelong --task split-mnist", Sources: split("app3a", "final_tasks.csv"),
			Rule: "none", Check: checkShown},
		{ID: "app3b", What: "mean release probability and percentage of frozen weights while learning 10 Permuted MNIST tasks", Paper: "both rise task by task",
			Command: "presyn lifelong --task perm-mnist", Sources: []Source{{Study: "lifelong/perm-mnist", Figure: "app3b", CSV: "app3b.csv"}},
			Rule: "presyn runs: mean p and frozen fraction after each task, mean over seeds, never falling from one task to the next", Check: checkRelease},
		{ID: "app4", What: "relative change of strength against initial release probability (Sjöström et al. 2001 data)", Paper: "r = -0.4416, p < 0.01",
			Command: "presyn sjostrom --data FILE", Sources: []Source{{Study: "sjostrom", Figure: "app4", CSV: "app4-stats.csv"}},
			Rule: "negative r with p < 0.01", Check: checkSjostrom},
		{ID: "tab1", What: "mean accuracy over all tasks, 4 benchmarks x 5 methods (Appendix 1 table 1)", Paper: "the table of PAPER_RESULTS.md",
			Command: "presyn lifelong table", Sources: []Source{{Study: "lifelong", CSV: "tab1.csv"}},
			Rule: "every cell within tolerance (tab1.csv's verdicts)", Check: checkTab1},
		{ID: "cont", What: "continuous Permuted MNIST, presynaptic consolidation", Paper: "85.39 ± 0.6",
			Command: "presyn lifelong --task perm-mnist-cont", Sources: []Source{{Study: "lifelong/perm-mnist-cont", Figure: "mean-accuracy", CSV: "aggregate.csv"}},
			Rule: "presyn's mean within tolerance", Check: checkBenchmark("perm-mnist-cont")},
	}
}
