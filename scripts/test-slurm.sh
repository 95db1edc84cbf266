#!/usr/bin/env bash
# End-to-end test of `presyn slurm`: starts a one-node Slurm cluster on this machine
# (slurmctld and slurmd on 127.0.0.1, AuthType=auth/none, everything in a temporary
# folder), runs `presyn energy --quick` as a job array of 4 shards plus the
# collector through `presyn slurm --submit`, and checks that the collected
# summary.csv and aggregate.csv hold every run once and equal those of an
# unsharded `presyn energy --quick`. Stops every daemon it started and removes its
# folder, also on failure. Needs root (slurmd runs jobs as root here); installs
# slurm-wlm with apt-get when it is missing.
#
# Environment: PRESYN, the binary to test (default: bin/presyn, built by
# `make build`); SLURM_TEST_TIMEOUT, seconds to wait for the jobs (default 1200).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
start=$SECONDS
timeout=${SLURM_TEST_TIMEOUT:-1200}
shards=4

tmp=""
ctld_pid=""
slurmd_pid=""
failed_msg=""

say() { echo "test-slurm: $*"; }
fail() {
  failed_msg="$*"
  exit 1
}

cleanup() {
  local status=$?
  set +e
  if [ -n "$ctld_pid" ] && kill -0 "$ctld_pid" 2>/dev/null; then
    # Jobs still there (after a failure): cancel them and let their steps end
    # before the daemons go, so that no shard outlives the test.
    if [ -n "$(squeue -h -o %i 2>/dev/null)" ]; then
      scancel --user=root >/dev/null 2>&1
      for _ in $(seq 60); do
        [ -z "$(squeue -h -o %i 2>/dev/null)" ] && break
        sleep 1
      done
    fi
  fi
  for pid in $slurmd_pid $ctld_pid; do
    kill "$pid" 2>/dev/null
  done
  for pid in $slurmd_pid $ctld_pid; do
    for _ in $(seq 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.2
    done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
  done
  if [ "$status" -ne 0 ] && [ -n "$tmp" ]; then
    for log in "$tmp"/slurmctld.log "$tmp"/slurmd.log "$tmp"/scripts/*.out; do
      [ -f "$log" ] || continue
      echo "--- last lines of $log" >&2
      tail -n 15 "$log" >&2
    done
  fi
  [ -n "$tmp" ] && rm -rf "$tmp"
  if [ "$status" -eq 0 ]; then
    say "PASS ($((SECONDS - start)) s)"
  else
    say "FAIL: ${failed_msg:-a command failed (exit $status)} ($((SECONDS - start)) s)" >&2
  fi
}
trap cleanup EXIT
trap 'failed_msg="interrupted"; exit 130' INT TERM

[ "$(id -u)" -eq 0 ] || fail "needs root: slurmd runs the jobs, here as root"

if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null || ! command -v sbatch >/dev/null; then
  say "installing slurm-wlm"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq slurm-wlm >/dev/null
fi

presyn=${PRESYN:-}
if [ -z "$presyn" ]; then
  make build >/dev/null
  presyn=$repo/bin/presyn
fi
presyn=$(realpath "$presyn")
"$presyn" slurm --help >/dev/null 2>&1 || fail "$presyn has no slurm command"

tmp=$(mktemp -d /tmp/presyn-test-slurm.XXXXXX)
chmod 755 "$tmp"

# The unsharded reference, before any daemon runs.
say "reference: presyn energy --quick (unsharded)"
"$presyn" energy --quick --out "$tmp/whole" >"$tmp/whole.log" 2>&1 || fail "the unsharded presyn energy --quick failed: $(tail -n 1 "$tmp/whole.log")"

# A one-node cluster: this host's short name, the real CPU count, free ports.
free_port() {
  local p
  for _ in $(seq 100); do
    p=$((20000 + RANDOM % 40000))
    if [ -z "$(ss -Hltn "sport = :$p" 2>/dev/null)" ]; then
      echo "$p"
      return
    fi
  done
  fail "no free port"
}
host=$(hostname -s)
ctld_port=$(free_port)
slurmd_port=$(free_port)
[ "$ctld_port" != "$slurmd_port" ] || slurmd_port=$((ctld_port + 1))
mkdir -p "$tmp/state" "$tmp/spool"
cat >"$tmp/slurm.conf" <<EOF
ClusterName=presyntest
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
AuthType=auth/none
CredType=cred/none
SlurmUser=root
SlurmdUser=root
StateSaveLocation=$tmp/state
SlurmdSpoolDir=$tmp/spool
SlurmctldPidFile=$tmp/slurmctld.pid
SlurmdPidFile=$tmp/slurmd.pid
SlurmctldLogFile=$tmp/slurmctld.log
SlurmdLogFile=$tmp/slurmd.log
MailProg=/bin/true
ProctrackType=proctrack/pgid
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
MinJobAge=3600
JobCompType=jobcomp/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MpiDefault=none
NodeName=$host NodeAddr=127.0.0.1 CPUs=$(nproc) State=UNKNOWN
PartitionName=presyn Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
export SLURM_CONF=$tmp/slurm.conf

say "starting slurmctld and slurmd (ports $ctld_port, $slurmd_port, $(nproc) CPUs)"
slurmctld -D -f "$SLURM_CONF" >"$tmp/slurmctld.out" 2>&1 &
ctld_pid=$!
slurmd -D -f "$SLURM_CONF" >"$tmp/slurmd.out" 2>&1 &
slurmd_pid=$!
for i in $(seq 60); do
  [ "$(sinfo -h -o %t 2>/dev/null)" = idle ] && break
  kill -0 "$ctld_pid" 2>/dev/null || fail "slurmctld stopped: $(tail -n 1 "$tmp/slurmctld.out")"
  kill -0 "$slurmd_pid" 2>/dev/null || fail "slurmd stopped: $(tail -n 1 "$tmp/slurmd.out")"
  [ "$i" -lt 60 ] || fail "the node is not idle after 30 s: $(sinfo -h -o %t 2>&1)"
  sleep 0.5
done

say "presyn slurm --shards $shards --submit -- energy --quick --out $tmp/sharded"
"$presyn" slurm --shards "$shards" --cpus-per-task 1 --out "$tmp/scripts" --submit -- \
  energy --quick --out "$tmp/sharded" >"$tmp/submit.log" 2>&1 || fail "presyn slurm: $(tail -n 1 "$tmp/submit.log")"
cat "$tmp/submit.log"
array_id=$(sed -n 's/^array job \([0-9]*\):.*/\1/p' "$tmp/submit.log")
collect_id=$(sed -n 's/^collect job \([0-9]*\):.*/\1/p' "$tmp/submit.log")
[ -n "$array_id" ] && [ -n "$collect_id" ] || fail "presyn slurm printed no job IDs"

say "waiting for jobs $array_id (array) and $collect_id (collect), at most $timeout s"
waited=0
while [ -n "$(squeue -h -j "$array_id,$collect_id" -o %i 2>/dev/null)" ]; do
  kill -0 "$ctld_pid" 2>/dev/null || fail "slurmctld stopped while the jobs ran"
  [ "$waited" -lt "$timeout" ] || fail "the jobs did not finish in $timeout s: $(squeue -h -j "$array_id,$collect_id" -o '%i %T %r' | tr '\n' ' ')"
  sleep 5
  waited=$((waited + 5))
done

states() { scontrol -o show job "$1" | grep -o 'JobState=[A-Z_]*' | cut -d= -f2; }
array_states=$(states "$array_id" | sort | uniq -c | tr -s ' \n' ' ')
[ "$(states "$array_id" | grep -c '^COMPLETED$')" -eq "$shards" ] || fail "array job $array_id: states$array_states, want $shards COMPLETED"
[ "$(states "$collect_id")" = COMPLETED ] || fail "collect job $collect_id: $(states "$collect_id"), want COMPLETED"
say "array job $array_id:$array_states; collect job $collect_id: COMPLETED"

# Every run ran exactly once, in one of the shards.
ran=$(cat "$tmp"/scripts/presyn-energy-"$array_id"_*.out | awk '/^energy: shard [0-9]+\/[0-9]+ ran [0-9]+ runs/ { n += $5; k++ } END { if (k) print n }')
planned=$(find "$tmp/whole/runs" -mindepth 1 -maxdepth 1 -type d -not -name '.*' | wc -l)
[ "$ran" = "$planned" ] || fail "the shards ran ${ran:-no} runs, the study has $planned"
finished=$(find "$tmp/sharded/runs" -mindepth 1 -maxdepth 1 -type d -not -name '.*' | wc -l)
[ "$finished" = "$planned" ] || fail "$tmp/sharded/runs holds $finished runs, want $planned"
leftovers=$(find "$tmp/sharded/runs" -mindepth 1 -maxdepth 1 -name '.partial-*' | wc -l)
[ "$leftovers" -eq 0 ] || fail "$tmp/sharded/runs holds $leftovers partial runs"

# The collected tables: one row per run, equal to the unsharded ones. A column of
# wall times would legitimately differ; summary.csv has none, and a new one must
# be named here rather than compared.
for table in summary.csv aggregate.csv; do
  [ -f "$tmp/sharded/$table" ] || fail "the collector wrote no $table"
  header=$(head -n 1 "$tmp/sharded/$table")
  if tr ',' '\n' <<<"$header" | grep -Eq '(^|_)(seconds|secs|time|wall)(_|$)'; then
    fail "$table has a timing column ($header): compare it without it"
  fi
  cmp -s "$tmp/sharded/$table" "$tmp/whole/$table" || fail "$table of the shards differs from the unsharded one: $(diff "$tmp/sharded/$table" "$tmp/whole/$table" | head -n 4 | tr '\n' ' ')"
done
rows=$(tail -n +2 "$tmp/sharded/summary.csv" | wc -l)
keys=$(tail -n +2 "$tmp/sharded/summary.csv" | cut -d, -f1-3 | sort -u | wc -l)
[ "$rows" -eq "$planned" ] && [ "$keys" -eq "$planned" ] || fail "summary.csv has $rows rows and $keys distinct runs, want $planned"
say "summary.csv: $rows runs, each once ($(head -n 1 "$tmp/sharded/summary.csv")); summary.csv and aggregate.csv equal the unsharded run's"
