#!/usr/bin/env bash
# Gateway benchmark (docs/benchmarks.md): binds and routes sent directly to the service (internal
# token) and through the gateway (signed with an API key), same bodies, same wrk, same run, at full
# load (32 connections) and light load (4 connections), so the difference is what the gateway adds.
# wrk's Lua has no HMAC: bench/SignRequests.java pre-signs every request (fresh timestamp, own nonce)
# just before each phase. Needs `make run` up (started if not).
# Usage: bench/gateway.sh [seconds per run, default 15]; WARMUP seconds (default 30); PACE requests/s
# of the paced runs (default 400); ONLY_PACED=1 skips the full- and light-load runs. After each
# full-load run, CPU_US_PER_REQUEST gives each process's CPU per request (bench/lib.sh).
set -euo pipefail
source "$(dirname "$0")/../scripts/common.sh"
pick_jdk
SECS="${1:-15}"; WARMUP="${WARMUP:-30}"
cd "$ROOT"
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
curl -fsS -m 5 http://127.0.0.1:8080/readyz >/dev/null 2>&1 || make run >/dev/null
set -a; source "$LOCAL/secrets.env"; set +a
source "$ROOT/bench/lib.sh"
WORK=$(mktemp -d /tmp/numshield-gateway-bench.XXXX)
trap 'rm -rf "$WORK"' EXIT
RUN=$(date +%s%N | tail -c 9)

echo "== setup through the gateway: a pool of ${BLOCKS:-100} blocks, a platform, a platform and a carrier key (rate 1,000,000/s)"
bench_setup "$RUN"
echo "== leasing 500 AXB bindings to route to (direct)"
lease_route_targets "$RUN" "$WORK/routes"
phase() { run_phase "$RUN" "$WORK" "$@"; }

echo "== warm-up: ${WARMUP}s of binds and of routes, through the gateway (warms the gateway and the services)"
phase "  warm-up bind" bind gateway 32 "$WARMUP" $((WARMUP * 15000))
phase "  warm-up route" route gateway 32 "$WARMUP" $((WARMUP * 25000))
phase "  warm-up bind direct" bind direct 32 10 150000
phase "  warm-up route direct" route direct 32 10 250000

if [ -z "${ONLY_PACED:-}" ]; then
echo "== binds, ${SECS}s each"
phase BIND_DIRECT_FULL bind direct 32 "$SECS" $((SECS * 15000)); cpu_per_request BIND_DIRECT_FULL "$LAST"
phase BIND_GATEWAY_FULL bind gateway 32 "$SECS" $((SECS * 15000)); cpu_per_request BIND_GATEWAY_FULL "$LAST"
phase BIND_DIRECT_LIGHT bind direct 4 "$SECS" $((SECS * 12000))
phase BIND_GATEWAY_LIGHT bind gateway 4 "$SECS" $((SECS * 12000))
echo "== routes, ${SECS}s each"
phase ROUTE_DIRECT_FULL route direct 32 "$SECS" $((SECS * 25000)); cpu_per_request ROUTE_DIRECT_FULL "$LAST"
phase ROUTE_GATEWAY_FULL route gateway 32 "$SECS" $((SECS * 25000)); cpu_per_request ROUTE_GATEWAY_FULL "$LAST"
phase ROUTE_DIRECT_LIGHT route direct 4 "$SECS" $((SECS * 20000))
phase ROUTE_GATEWAY_LIGHT route gateway 4 "$SECS" $((SECS * 20000))
fi
PACE="${PACE:-400}"
echo "== paced: $PACE requests/s over 4 connections, ${SECS}s each (latency without queueing: the added-latency figure)"
RATE=$PACE phase BIND_DIRECT_PACED bind direct 4 "$SECS" $((SECS * PACE * 2))
RATE=$PACE phase BIND_GATEWAY_PACED bind gateway 4 "$SECS" $((SECS * PACE * 2))
RATE=$PACE phase ROUTE_DIRECT_PACED route direct 4 "$SECS" $((SECS * PACE * 2))
RATE=$PACE phase ROUTE_GATEWAY_PACED route gateway 4 "$SECS" $((SECS * PACE * 2))
echo "== the gateway's own check time (signature, key, nonce + rate in Redis), from its metrics"
curl -fsS http://127.0.0.1:8090/actuator/prometheus | grep -E '^gateway_edge_check_seconds\{.*quantile|^gateway_request_total' | sed 's/^/  /'
echo "== done: pool gw-$RUN keeps its bindings until they expire"
