#!/bin/sh
# keep-runs.sh SRC DST: copy a study's results folder without its networks, to
# keep (or commit) what its runs measured. DST gets SRC's experiment.json,
# tables and report.md, and each finished run's folder without its checkpoints
# (checkpoint*.gob), its permutations.txt and its owner record. A study in DST
# is finished where SRC's was: `presyn collect DST` redraws it, and the same
# study command with --out DST goes on with the runs that are not there (copy
# DST back under results/ to resume).
set -eu
[ $# -eq 2 ] || { echo "usage: scripts/keep-runs.sh SRC DST" >&2; exit 2; }
src=$1 dst=$2
[ -f "$src/experiment.json" ] || { echo "keep-runs.sh: $src is not a study's folder (no experiment.json)" >&2; exit 2; }
mkdir -p "$dst/runs"
cp "$src/experiment.json" "$dst/"
for f in "$src"/*.csv "$src"/report.md; do [ -f "$f" ] && cp "$f" "$dst/"; done
for run in "$src"/runs/*/; do
	[ -d "$run" ] || continue
	name=$(basename "$run")
	case $name in .*) continue ;; esac # a run in progress
	mkdir -p "$dst/runs/$name"
	for f in "$run"*; do
		case $(basename "$f") in checkpoint*.gob | permutations.txt) continue ;; esac
		cp "$f" "$dst/runs/$name/"
	done
done
