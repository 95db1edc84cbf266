// Package runkit holds what the experiments share to turn a training config into a
// finished run folder and back: TrainRun trains one (config, seed) into a run's
// folder and marks a diverged run as an outcome (DivergedFile) rather than a
// fault; CollectTrained reads a finished training run's last and best epochs;
// Tables writes a study's CSV tables and lists them; FigureNotes turns the
// figures' warnings into a report paragraph.
//
// It is the layer the experiment packages (energy, sweep, ...) build on and knows
// none of them.
package runkit
