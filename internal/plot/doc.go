// Package plot turns results into figures: it wraps gonum/plot with the pieces every
// presyn figure needs and gonum/plot lacks.
//
//   - Save writes one plot as PNG at 300 dpi, SVG and PDF, each atomically.
//   - Band draws a mean line with a shaded standard-error band (a polygon; gonum/plot
//     has no band plotter, and its MeanAndConf95 uses a population SD and 1.96).
//   - Bars draws simple or grouped bar charts with standard-error bars, in data units,
//     so that Significance can put a bracket with a marker ("**") over any two bars.
//   - Finite drops NaN and Inf points, which every gonum plotter rejects, and says
//     what it dropped; Band and Bars use it and return what they dropped.
//
// Figure-specific code (which numbers, which labels) lives with its experiment.
package plot
