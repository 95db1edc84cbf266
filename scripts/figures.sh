#!/usr/bin/env bash
# Regenerates every figure and table of the paper through `presyn paper`: every
# study's runs on one queue into $RESULTS (default results/), then every study's
# tables and figures, Appendix 1 table 1 and the report, which copies every
# artefact into $FIGURES (default figures/) as <id>.png|svg|pdf|csv with
# REPORT.md and index.html. With --quick, every study runs its smoke profile
# instead, into results/quick and figures/quick. Finished runs are reused: after
# an interruption the same command goes on where it stopped; each invocation's
# wall time goes into $RESULTS/wall_times.csv, which the report sums.
# SJOSTROM_DATA=FILE adds Appendix 1 figure 4 from the user's copy of the data.
set -euo pipefail
cd "$(dirname "$0")/.."

args=()
if [ "${1:-}" = "--quick" ]; then
  args=(--quick)
  RESULTS=${RESULTS:-results/quick}
  FIGURES=${FIGURES:-figures/quick}
fi
RESULTS=${RESULTS:-results}
FIGURES=${FIGURES:-figures}
if [ -n "${SJOSTROM_DATA:-}" ]; then
  args+=(--sjostrom-data "$SJOSTROM_DATA")
fi
exec "${PRESYN:-bin/presyn}" paper "${args[@]}" --out "$RESULTS" --figures "$FIGURES" ${WORKERS:+--workers "$WORKERS"}
