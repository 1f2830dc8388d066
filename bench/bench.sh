#!/usr/bin/env bash
# make bench: every figure of issue 10 ("line rate") in one run on this machine, next to
# redis-benchmark, with the target beside each (docs/benchmarks.md, "make bench"):
#   0. cold start: `make stop` + `make run`, then binds and routes direct for 10 s from the moment
#      both services report healthy; compared at the end with the same mix, warm;
#   1. raw Redis: redis-benchmark EVALSHA of the lease-like script (bench/raw-lease.lua) and GET;
#   2. binds direct to binding-service at full load (32 connections), with Redis bytes per new
#      binding, the audit lag of its ledger rows and the CPU of every process; then paced at half;
#   3. routes direct to call-routing at full load, then paced at half; call events at full load
#      (their CPU per request, for docs/capacity.md);
#   4. both through the gateway: full load (throughput loss) and paced light load (added p50).
# Usage: bench/bench.sh [seconds per measured run, default 20]. WARMUP (s, default 60) of load on
# each endpoint before measuring; COLD=0 skips step 0 (and the restart); PACE (default 400) is the
# light load of step 4 in requests/s over 4 connections. Run it alone: every process shares 2 cores.
set -euo pipefail
source "$(dirname "$0")/../scripts/common.sh"
pick_jdk
SECS="${1:-20}"; WARMUP="${WARMUP:-60}"; COLD="${COLD:-1}"; PACE="${PACE:-400}"
cd "$ROOT"
command -v wrk >/dev/null && command -v jq >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk jq >/dev/null; }
healthy() { curl -fsS -m 2 "http://127.0.0.1:$1/actuator/health" 2>/dev/null | grep -q '"status":"UP"'; }
healthy 8081 && healthy 8082 && curl -fsS -m 2 http://127.0.0.1:8080/readyz >/dev/null 2>&1 || make run >/dev/null
set -a; source "$LOCAL/secrets.env"; set +a
source "$ROOT/bench/lib.sh"
WORK=$(mktemp -d /tmp/numshield-bench.XXXX)
trap 'rm -rf "$WORK"' EXIT
RUN=$(date +%s%N | tail -c 9)
phase() { run_phase "$RUN" "$WORK" "$@"; }
echo "make bench $(date -u +%FT%TZ), commit $(git rev-parse --short HEAD), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), JDK $(java_major "$JAVA_HOME")"
echo "== setup: pool gw-$RUN (${BLOCKS:-100} blocks), platform, keys; 500 AXB bindings to route to"
bench_setup "$RUN"
lease_route_targets "$RUN" "$WORK/routes"

# mixed NAME SECS: binds and routes direct at once, 16 connections each; sets MIX_BIND and MIX_ROUTE
mixed() {
  local name=$1 secs=$2 bt rt
  bt=$(scripts/dev-token.sh BINDING PLATFORM bench "gw-$RUN"); rt=$(scripts/dev-token.sh ROUTING CARRIER bench "gw-$RUN")
  sign "$PK" bind $((secs * 6000)) "$WORK/mix-bind" "gw-$RUN"
  sign "$CK" route $((secs * 12000)) "$WORK/mix-route" "$WORK/routes"
  [ -n "${3:-}" ] && "$3"   # the cold run restarts the platform here, after the signing
  TOKEN=$bt PATH_=/v1/bindings SIGNED_FILE="$WORK/mix-bind" THREADS=1 \
    wrk -t1 -c16 -d"${secs}s" --timeout 5s -s bench/signed.lua http://127.0.0.1:8081 | grep WRK_RESULT > "$WORK/mix-bind.out" &
  local b=$!
  TOKEN=$rt PATH_=/v1/call-routes SIGNED_FILE="$WORK/mix-route" THREADS=1 \
    wrk -t1 -c16 -d"${secs}s" --timeout 5s -s bench/signed.lua http://127.0.0.1:8082 | grep WRK_RESULT > "$WORK/mix-route.out"
  wait "$b"
  MIX_BIND=$(cat "$WORK/mix-bind.out"); MIX_ROUTE=$(cat "$WORK/mix-route.out")
  echo "${name}_BINDS $MIX_BIND"
  echo "${name}_ROUTES $MIX_ROUTE"
}
restart() {
  make stop >/dev/null
  make run > "$WORK/run.log" 2>&1 &
  RUN_PID=$!
  local t0 i
  t0=$(date +%s.%N)
  for i in $(seq 1 1200); do healthy 8081 && healthy 8082 && break; sleep 0.1; done
  echo "  binding-service and call-routing-service healthy $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN {printf "%.1f", b - a}') s after make run began; measuring now"
}

if [ "$COLD" = 1 ]; then
  echo "== 0. cold start: make stop, make run, binds + routes direct (16 connections each) for the first 10 s after healthy"
  mixed COLD 10 restart
  wait "$RUN_PID" || { cat "$WORK/run.log"; exit 1; }
  COLD_BIND=$MIX_BIND; COLD_ROUTE=$MIX_ROUTE
fi

echo "== 1. raw Redis on the same machine: redis-benchmark, 50 clients"
SHA=$($R script load "$(cat bench/raw-lease.lua)")
raw=$(redis-benchmark -h 127.0.0.1 -p 6379 -c 50 -n 200000 -r 100000000 --precision 3 \
  EVALSHA "$SHA" 1 "bench:{00}:__rand_int__" 2>/dev/null | tr '\r' '\n')
RAW_EVAL=$(echo "$raw" | awk '/throughput summary/ {print int($3); exit}')
echo "RAW_EVALSHA rps=$RAW_EVAL $(echo "$raw" | awk '/latency summary/ {getline; getline; print "p50_ms=" $3 " p99_ms=" $5; exit}')"
$R --scan --pattern 'bench:{00}:*' | xargs -r -n 500 $R del >/dev/null
get=$(redis-benchmark -h 127.0.0.1 -p 6379 -c 50 -n 500000 -r 100000000 --precision 3 GET "bench:get:__rand_int__" 2>/dev/null | tr '\r' '\n')
RAW_GET=$(echo "$get" | awk '/throughput summary/ {print int($3); exit}')
echo "RAW_GET rps=$RAW_GET $(echo "$get" | awk '/latency summary/ {getline; getline; print "p50_ms=" $3 " p99_ms=" $5; exit}')"

echo "== warm-up: ${WARMUP}s of binds and of routes through the gateway, 10 s of each direct"
phase "  warm-up bind" bind gateway 32 "$WARMUP" $((WARMUP * 15000))
phase "  warm-up route" route gateway 32 "$WARMUP" $((WARMUP * 25000))
phase "  warm-up bind direct" bind direct 32 10 150000
phase "  warm-up route direct" route direct 32 10 250000

echo "== 2. binds direct, 32 connections, ${SECS}s: throughput, Redis bytes per binding, audit lag, CPU"
wait_audit_drained 120 || echo "  (the audit backlog did not drain within 120 s)"
active() { ns "$NUMSHIELD_BOOTSTRAP_OPERATOR_KEY" call GET "/v1/pools/gw-$RUN" | num activeBindings; }
a0=$(active); m0=$(used_memory); s0=$(stream_memory)
t0=$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ)
phase BIND_DIRECT_FULL bind direct 32 "$SECS" $((SECS * 15000)); BIND_FULL=$LAST
t1=$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ)
cpu_per_request BIND_DIRECT_FULL "$BIND_FULL"
m1=$(used_memory); s1=$(stream_memory); a1=$(active)
n=$((a1 - a0))
BYTES=$(( (m1 - m0 - (s1 - s0)) / (n > 0 ? n : 1) ))
echo "MEMORY new_bindings=$n used_memory_delta=$((m1 - m0)) streams_delta=$((s1 - s0)) bytes_per_binding_state_only=$BYTES bytes_per_binding_with_streams=$(( (m1 - m0) / (n > 0 ? n : 1) ))"
wait_audit_drained 300 || echo "  (the audit backlog did not drain within 300 s)"
LAG=$(audit_lag "gw-$RUN" "$t0" "$t1")
echo "AUDIT_LAG $LAG"
half=$(( $(wrk_of "$BIND_FULL" rps | cut -d. -f1) / 2 ))
RATE=$half phase BIND_DIRECT_HALF bind direct 16 "$SECS" $((SECS * half * 2)); BIND_HALF=$LAST

# each phase starts on a drained audit backlog, so that it does not share the cores with the
# ingestion of the phase before (the gateway's phase ran while ~140,000 events of routes and call
# events drained: everything cost 1.7x more per request, the gateway 382 against 144 us per bind)
wait_audit_drained 300 || echo "  (the audit backlog did not drain within 300 s)"
echo "== 3. routes direct, 32 connections, ${SECS}s; then paced at half"
phase ROUTE_DIRECT_FULL route direct 32 "$SECS" $((SECS * 25000)); ROUTE_FULL=$LAST
cpu_per_request ROUTE_DIRECT_FULL "$ROUTE_FULL"
half=$(( $(wrk_of "$ROUTE_FULL" rps | cut -d. -f1) / 2 ))
RATE=$half phase ROUTE_DIRECT_HALF route direct 16 "$SECS" $((SECS * half * 2)); ROUTE_HALF=$LAST

wait_audit_drained 300 || echo "  (the audit backlog did not drain within 300 s)"
echo "== 3b. call events direct (ANSWERED, as carriers report them; the bench platform has no callback URL), 32 connections, ${SECS}s"
phase "  warm-up call events direct" event direct 32 10 250000
phase EVENT_DIRECT_FULL event direct 32 "$SECS" $((SECS * 25000)); EVENT_FULL=$LAST
cpu_per_request EVENT_DIRECT_FULL "$EVENT_FULL"

wait_audit_drained 300 || echo "  (the audit backlog did not drain within 300 s)"
echo "== 4. through the gateway: full load (32 connections), then paced at $PACE/s over 4 connections, each next to the same run direct"
phase BIND_GATEWAY_FULL bind gateway 32 "$SECS" $((SECS * 15000)); BIND_GW_FULL=$LAST
cpu_per_request BIND_GATEWAY_FULL "$BIND_GW_FULL"
phase ROUTE_GATEWAY_FULL route gateway 32 "$SECS" $((SECS * 25000)); ROUTE_GW_FULL=$LAST
cpu_per_request ROUTE_GATEWAY_FULL "$ROUTE_GW_FULL"
RATE=$PACE phase BIND_DIRECT_PACED bind direct 4 "$SECS" $((SECS * PACE * 2)); BIND_D_PACED=$LAST
RATE=$PACE phase BIND_GATEWAY_PACED bind gateway 4 "$SECS" $((SECS * PACE * 2)); BIND_G_PACED=$LAST
RATE=$PACE phase ROUTE_DIRECT_PACED route direct 4 "$SECS" $((SECS * PACE * 2)); ROUTE_D_PACED=$LAST
RATE=$PACE phase ROUTE_GATEWAY_PACED route gateway 4 "$SECS" $((SECS * PACE * 2)); ROUTE_G_PACED=$LAST

if [ "$COLD" = 1 ]; then
  echo "== 5. the cold start's mix again, warm"
  mixed WARM 10
fi

# summary: figure, target, verdict; a run with refused or failed requests measured something else
for v in COLD_BIND COLD_ROUTE BIND_FULL BIND_HALF ROUTE_FULL ROUTE_HALF EVENT_FULL BIND_GW_FULL ROUTE_GW_FULL BIND_D_PACED BIND_G_PACED \
    ROUTE_D_PACED ROUTE_G_PACED MIX_BIND MIX_ROUTE; do
  line=${!v:-}
  [ -z "$line" ] && continue
  if [ "$(wrk_of "$line" non2xx)" != 0 ] || [ "$(wrk_of "$line" errors)" != 0 ]; then
    echo "WARNING: $v had refused or failed requests ($line): its figures are not valid" >&2
  fi
done
verdict() { awk -v v="$1" -v t="$2" -v op="$3" 'BEGIN { ok = (op == "ge") ? (v + 0 >= t + 0) : (v + 0 <= t + 0); print ok ? "met" : "NOT met" }'; }
pct() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.1f", (b > 0) ? 100 * a / b : 0}'; }
row() { printf '%-48s %-28s %-14s %s\n' "$1" "$2" "$3" "$4"; }
echo
echo "== summary (targets: issue 10)"
row "figure" "measured" "target" "verdict"
b=$(wrk_of "$BIND_FULL" rps); p=$(pct "$b" "$RAW_EVAL")
row "binds direct, % of raw lease EVALSHA ($RAW_EVAL/s)" "$b/s = $p %" ">= 25 %" "$(verdict "$p" 25 ge)"
v=$(wrk_of "$BIND_HALF" p99_ms); row "binds direct at half load, p99" "$v ms ($(wrk_of "$BIND_HALF" rps)/s)" "<= 5 ms" "$(verdict "$v" 5 le)"
r=$(wrk_of "$ROUTE_FULL" rps); p=$(pct "$r" "$RAW_GET")
row "routes direct, % of raw GET ($RAW_GET/s)" "$r/s = $p %" ">= 30 %" "$(verdict "$p" 30 ge)"
v=$(wrk_of "$ROUTE_HALF" p99_ms); row "routes direct at half load, p99" "$v ms ($(wrk_of "$ROUTE_HALF" rps)/s)" "<= 2 ms" "$(verdict "$v" 2 le)"
for k in BIND ROUTE; do
  d=$([ $k = BIND ] && echo "$BIND_D_PACED" || echo "$ROUTE_D_PACED"); g=$([ $k = BIND ] && echo "$BIND_G_PACED" || echo "$ROUTE_G_PACED")
  v=$(awk -v a="$(wrk_of "$g" p50_ms)" -v b="$(wrk_of "$d" p50_ms)" 'BEGIN {printf "%.2f", a - b}')
  row "gateway added p50, ${k,,}s at $PACE/s" "+$v ms" "<= 1 ms" "$(verdict "$v" 1 le)"
  d=$([ $k = BIND ] && echo "$BIND_FULL" || echo "$ROUTE_FULL"); g=$([ $k = BIND ] && echo "$BIND_GW_FULL" || echo "$ROUTE_GW_FULL")
  v=$(awk -v a="$(wrk_of "$g" rps)" -v b="$(wrk_of "$d" rps)" 'BEGIN {printf "%.1f", 100 * (b - a) / b}')
  row "gateway throughput loss, ${k,,}s, 32 connections" "$v % ($(wrk_of "$g" rps)/s)" "<= 20 %" "$(verdict "$v" 20 le)"
done
v=$(grep -o 'p99_ms=[0-9.]*' <<< "$LAG" | cut -d= -f2)
row "audit lag p99 at full bind speed" "$v ms" "<= 1000 ms" "$(verdict "$v" 1000 le)"
# the streams' estimate (MEMORY USAGE samples) is only good for a small share: when the audit trail fell
# behind during the run and the streams took most of the growth, the difference says nothing
if [ $(( (s1 - s0) * 2 )) -gt $(( m1 - m0 )) ]; then
  row "Redis bytes per active AXB binding" "not measured: streams grew $((s1 - s0)) B" "<= 400 B" "rerun (MemoryPerBindingIT)"
else
  row "Redis bytes per active AXB binding" "$BYTES B" "<= 400 B" "$(verdict "$BYTES" 400 le)"
fi
if [ "$COLD" = 1 ]; then
  p=$(pct "$(wrk_of "$COLD_BIND" rps)" "$(wrk_of "$MIX_BIND" rps)")
  row "cold binds, first 10 s after healthy, % of warm" "$(wrk_of "$COLD_BIND" rps)/s = $p %" ">= 50 %" "$(verdict "$p" 50 ge)"
  p=$(pct "$(wrk_of "$COLD_ROUTE" rps)" "$(wrk_of "$MIX_ROUTE" rps)")
  row "cold routes, first 10 s after healthy, % of warm" "$(wrk_of "$COLD_ROUTE" rps)/s = $p %" ">= 50 %" "$(verdict "$p" 50 ge)"
fi
echo "== done: load average $(cut -d' ' -f1-3 /proc/loadavg); pool gw-$RUN keeps its bindings until they expire"
