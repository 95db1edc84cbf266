// Package plot turns results into figures: it wraps gonum/plot with the pieces every
// presyn figure needs and gonum/plot lacks.
//
//   - New starts a plot in the house style: axes that meet, and a Ticker on each
//     that labels about five round values with no more digits than they need.
//   - ColorOf gives every method one colour in every figure (blue is presynaptic
//     consolidation everywhere); Palette colours series that are not methods.
//   - Save writes one plot as PNG at 300 dpi, SVG and PDF, each atomically.
//   - Band draws a mean line with a shaded standard-error band (a polygon; gonum/plot
//     has no band plotter, and its MeanAndConf95 uses a population SD and 1.96).
//   - Bars draws simple or grouped bar charts with standard-error bars, in data units,
//     so that Significance can put a bracket with a marker ("**") over any two bars.
//     Bars and the y axis start at 0; an axis a caller truncates shows a break.
//   - Legend entries show what is drawn: a swatch for a bar or a band, a line alone
//     for a curve whose band is empty (one seed).
//   - Histogram overlays distributions binned on shared edges (from raw values, or
//     from counts summed over seeds with BinCounts), as densities, fractions or
//     counts, with log-spaced bins for a log axis; Scatter draws point clouds with
//     optional least-squares lines.
//   - LogX and LogY put an axis on a log scale without gonum's panics on values
//     <= 0 or labels that vanish within a decade; NewRefLine marks a threshold such
//     as p = 0.9 with a dashed line, NewVLines marks task boundaries faintly.
//   - Finite drops NaN and Inf points, which every gonum plotter rejects, and says
//     what it dropped; every plotter here uses it and returns its Dropped, which also
//     counts values <= 0 a log scale cannot show and values outside a histogram's
//     edges.
//
// Figure-specific code (which numbers, which labels) lives with its experiment.
package plot
