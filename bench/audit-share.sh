#!/usr/bin/env bash
# Audit lag at full bind speed with and without a CPU share kept for ingestion (issue 10): binds
# direct at 32 connections for SECS, then the ledger rows' lag (recorded_at - occurred_at), in
# alternating rounds: "default" (every process at nice 0) and "share" (binding-service at NICE, so
# that the audit JVM and PostgreSQL win the CPU when both want it). Run it alone, after `make run`.
# Usage: bench/audit-share.sh [seconds per run, default 15] [rounds, default 2]; NICE (default 5).
set -euo pipefail
source "$(dirname "$0")/../scripts/common.sh"
pick_jdk
SECS="${1:-15}"; ROUNDS="${2:-2}"; NICE="${NICE:-5}"
cd "$ROOT"
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
set -a; source "$LOCAL/secrets.env"; set +a
source "$ROOT/bench/lib.sh"
WORK=$(mktemp -d /tmp/numshield-share.XXXX)
BPID=$(service_pid binding-service)
trap 'renice -n 0 -p "$BPID" >/dev/null; for t in /proc/$BPID/task/*; do renice -n 0 -p "${t##*/}" >/dev/null 2>&1 || true; done; rm -rf "$WORK"' EXIT
RUN=$(date +%s%N | tail -c 9)
phase() { run_phase "$RUN" "$WORK" "$@"; }
prio() { # the nice value of every thread of binding-service
  local t; for t in /proc/$BPID/task/*; do renice -n "$1" -p "${t##*/}" >/dev/null 2>&1 || true; done
}
echo "audit-share $(date -u +%FT%TZ), commit $(git rev-parse --short HEAD), load $(cut -d' ' -f1-3 /proc/loadavg), NICE=$NICE"
bench_setup "$RUN"
phase "warm-up" bind direct 32 20 $((20 * 6000)) >/dev/null
wait_audit_drained 120 || true
for r in $(seq 1 "$ROUNDS"); do
  for mode in default share; do
    [ "$mode" = share ] && prio "$NICE" || prio 0
    wait_audit_drained 300 || echo "  (backlog did not drain)"
    t0=$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ)
    phase "BIND_$mode" bind direct 32 "$SECS" $((SECS * 6000)) >/dev/null
    t1=$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ)
    line=$(cpu_per_request "BIND_$mode" "$LAST")
    prio 0
    wait_audit_drained 300 || echo "  (backlog did not drain)"
    echo "round $r $mode rps=$(wrk_of "$LAST" rps) p99_ms=$(wrk_of "$LAST" p99_ms) $(audit_lag "gw-$RUN" "$t0" "$t1") | ${line#*CPU_US_PER_REQUEST }"
    echo "  lag by second (s:max ms): $(audit_lag_curve "gw-$RUN" "$t0" "$t1")"
  done
done
