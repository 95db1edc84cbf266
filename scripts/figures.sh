#!/usr/bin/env bash
# Regenerates every figure and table of the paper: runs each experiment into
# $RESULTS (default results/), then `presyn report` copies every artefact into
# $FIGURES (default figures/) as <id>.png|svg|pdf|csv with REPORT.md and
# index.html. With --quick, every command runs its smoke profile instead, into
# results/quick and figures/quick. Finished runs are reused: after an
# interruption the same command goes on where it stopped. Each experiment's
# wall time is appended to $RESULTS/wall_times.csv, which the report shows.
# SJOSTROM_DATA=FILE adds Appendix 1 figure 4 from the user's copy of the data.
set -euo pipefail
cd "$(dirname "$0")/.."

quick=()
if [ "${1:-}" = "--quick" ]; then
  quick=(--quick)
  RESULTS=${RESULTS:-results/quick}
  FIGURES=${FIGURES:-figures/quick}
fi
RESULTS=${RESULTS:-results}
FIGURES=${FIGURES:-figures}
presyn=${PRESYN:-bin/presyn}
mkdir -p "$RESULTS"
times="$RESULTS/wall_times.csv"
[ -f "$times" ] || echo "experiment,seconds,finished" > "$times"

step() { # step NAME COMMAND...: run a presyn command and record its wall time
  local name=$1
  shift
  local start
  start=$(date +%s)
  echo "figures: $name: $presyn $*" >&2
  "$presyn" "$@"
  echo "$name,$(( $(date +%s) - start )),$(date -u +%Y-%m-%dT%H:%M:%SZ)" >> "$times"
}

step energy energy "${quick[@]}" --out "$RESULTS/energy"
step energy-fixed-p energy fixed-p "${quick[@]}" --out "$RESULTS/energy-fixed-p"
step importance importance "${quick[@]}" --runs "$RESULTS/energy" --out "$RESULTS/importance"
for task in split-mnist split-fmnist perm-mnist perm-fmnist perm-mnist-cont; do
  step "lifelong/$task" lifelong --task "$task" "${quick[@]}" --out "$RESULTS/lifelong/$task"
done
"$presyn" lifelong table --results "$RESULTS/lifelong" > /dev/null
for task in split-mnist perm-mnist; do
  step "ablation/$task" ablation --task "$task" "${quick[@]}" --out "$RESULTS/ablation/$task"
done
step perceptron perceptron "${quick[@]}" --out "$RESULTS/perceptron"
if [ -n "${SJOSTROM_DATA:-}" ]; then
  step sjostrom sjostrom --data "$SJOSTROM_DATA" --out "$RESULTS/sjostrom"
fi
"$presyn" report --results "$RESULTS" --figures "$FIGURES"
