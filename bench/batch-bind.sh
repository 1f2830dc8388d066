#!/usr/bin/env bash
# Batch binds against single binds (issue 15, ADR 0023), direct to binding-service (8081), in one
# run on one pool: single binds (bench/bind.lua, one bind per POST /v1/bindings) for SECS seconds,
# then batches of ITEMS (bench/batch-bind.lua, POST /v1/bindings:batch) for SECS seconds, each after
# WARMUP seconds of the same load, and the ratio of bindings made per second. Bindings made are
# counted from the pool's activeBindings before and after each phase (a batch's 200 can hold failed
# items), so both figures are bindings per second. CONNS connections (default 32) for singles,
# BATCH_CONNS (default 4) for batches: enough requests in flight to keep the service busy either way.
# Then the same two loads from one client each (CLIENT_CONNS connections, default 1, for both): a
# platform's worker that waits for each answer, where a batch saves the 99 round trips and not only
# the machine's work (the RATIO_PER_CLIENT line; CLIENT_CONNS=0 skips it). Each phase also prints
# CPU_US_PER_REQUEST and REDIS_PER_REQUEST (bench/lib.sh) per binding made: what a binding costs each
# process, which says what a batch can share (the request) and what it cannot (the lease script,
# its event, its ledger row).
# Usage: bench/batch-bind.sh [SECS, default 20]. Starts `make run` if the services are not up; it
# leaves them running (`make stop` when done). Run it alone: every process shares the machine.
set -euo pipefail
source "$(dirname "$0")/../scripts/common.sh"
pick_jdk
SECS="${1:-20}"; WARMUP="${WARMUP:-15}"; ITEMS="${ITEMS:-100}"; CONNS="${CONNS:-32}"; BATCH_CONNS="${BATCH_CONNS:-4}"
CLIENT_CONNS="${CLIENT_CONNS:-1}"
cd "$ROOT"
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
healthy() { curl -fsS -m 2 "http://127.0.0.1:$1/actuator/health" 2>/dev/null | grep -q '"status":"UP"'; }
healthy 8081 && curl -fsS -m 2 http://127.0.0.1:8080/readyz >/dev/null 2>&1 || make run >/dev/null
set -a; source "$LOCAL/secrets.env"; set +a
source "$ROOT/bench/lib.sh"
RUN=$(date +%s%N | tail -c 9)
echo "batch-bind $(date -u +%FT%TZ), commit $(git rev-parse --short HEAD), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), JDK $(java_major "$JAVA_HOME")"
echo "== setup: pool gw-$RUN (${BLOCKS:-100} blocks), platform, keys"
bench_setup "$RUN"
export POOL="gw-$RUN" GRANTED ITEMS
GRANTED=$(date -u +%FT%TZ)
active() { ns "$NUMSHIELD_BOOTSTRAP_OPERATOR_KEY" call GET "/v1/pools/gw-$RUN" | num activeBindings; }

# measure NAME SCRIPT CONNS SECS: prints "NAME WRK_RESULT ... bindings=N bindings_per_s=R"; sets LAST_RATE
measure() {
  local name=$1 script=$2 conns=$3 secs=$4 before after line
  TOKEN=$(scripts/dev-token.sh BINDING PLATFORM bench "gw-$RUN"); export TOKEN
  before=$(active)
  cpu_mark
  line=$(wrk -t"$((conns < 2 ? 1 : 2))" -c"$conns" -d"${secs}s" --timeout 10s -s "$script" http://127.0.0.1:8081 | grep WRK_RESULT)
  CPU_LINES=$(cpu_per_request "$name" "requests=$(($(active) - before))")
  after=$(active)
  LAST_RATE=$(awk -v n=$((after - before)) -v s="$(wrk_of "$line" seconds)" 'BEGIN {printf "%.0f", n / s}')
  echo "$name $line bindings=$((after - before)) bindings_per_s=$LAST_RATE"
  echo "$CPU_LINES"
}

echo "== warm-up: ${WARMUP}s of each"
measure "  warm-up single" bench/bind.lua "$CONNS" "$WARMUP" >/dev/null
measure "  warm-up batch" bench/batch-bind.lua "$BATCH_CONNS" "$WARMUP" >/dev/null
echo "== single binds, $CONNS connections, ${SECS}s"
measure SINGLE bench/bind.lua "$CONNS" "$SECS"; SINGLE=$LAST_RATE
echo "== batches of $ITEMS, $BATCH_CONNS connections, ${SECS}s"
measure BATCH bench/batch-bind.lua "$BATCH_CONNS" "$SECS"; BATCH=$LAST_RATE
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
echo "RATIO batch_bindings_per_s=$BATCH single_bindings_per_s=$SINGLE ratio=$(ratio "$BATCH" "$SINGLE") (target >= 5)"
if [ "$CLIENT_CONNS" -gt 0 ]; then
  echo "== one client: single binds, then batches of $ITEMS, $CLIENT_CONNS connection(s) each, ${SECS}s"
  measure SINGLE_CLIENT bench/bind.lua "$CLIENT_CONNS" "$SECS"; SINGLE_CLIENT=$LAST_RATE
  measure BATCH_CLIENT bench/batch-bind.lua "$CLIENT_CONNS" "$SECS"; BATCH_CLIENT=$LAST_RATE
  echo "RATIO_PER_CLIENT batch_bindings_per_s=$BATCH_CLIENT single_bindings_per_s=$SINGLE_CLIENT ratio=$(ratio "$BATCH_CLIENT" "$SINGLE_CLIENT") ($CLIENT_CONNS connection(s) each)"
fi
echo "== done: load average $(cut -d' ' -f1-3 /proc/loadavg); pool gw-$RUN keeps its bindings until they expire"
