#!/usr/bin/env bash
# Binding benchmark with the memory cases (see docs/benchmarks.md; `make bench` is bench/bench.sh):
#  1. redis-benchmark EVALSHA of a comparable lease script, and GET (raw Redis ceilings);
#  2. binds/s and p50/p99 through binding-service's HTTP API with wrk (full load, then light load);
#  3. Redis bytes per active AXB binding (used_memory delta, with and without the event streams);
#  4. where the time goes: Redis time per bind from INFO commandstats, CPU of java vs redis-server.
# Needs `make run` up (it starts it if not). Usage: bench/bind-memory.sh [seconds per run, default 20]
# WARMUP (seconds, default 90): load before measuring. The JVM reaches full speed only after C2 has
# compiled the request path: measured here, ~800 binds/s after 20 s of load, ~2,000 after 90 s.
set -euo pipefail
source "$(dirname "$0")/../scripts/common.sh"
SECS="${1:-20}"
cd "$ROOT"
command -v wrk >/dev/null && command -v jq >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk jq >/dev/null; }
curl -fsS http://127.0.0.1:8081/actuator/health >/dev/null 2>&1 || make run >/dev/null
set -a; source "$LOCAL/secrets.env"; set +a
R="redis-cli -h 127.0.0.1 -p 6379"
OP=$(scripts/dev-token.sh BINDING OPERATOR bench)
STAMP=$(date +%s)
POOL="bench-$STAMP"; PLATFORM="bench-$STAMP"
# No audit service consumes the streams yet: audit_caught_up (scripts/common.sh) stands in for one
# that has caught up, before every phase, so that the AUDIT_BACKLOG guard does not stop leasing midway.
source "$ROOT/bench/lib.sh"
# one pool of 20 blocks (200,000 numbers): blocks from the 7009xxxxxxx range, distinct per run
# shellcheck disable=SC2046 # twenty block numbers, one word each
direct_pool_platform "$POOL" $(run_blocks 7009)
export TOKEN=$(scripts/dev-token.sh BINDING PLATFORM bench "$PLATFORM") POOL GRANTED=$(date -u +%Y-%m-%dT%H:%M:%SZ)

echo "== 1. raw Redis on the same machine: redis-benchmark, 50 clients"
# EVALSHA, as the service runs its scripts (plain EVAL makes redis-benchmark cache a new script per call)
SHA=$($R script load "$(cat bench/raw-lease.lua)")
raw=$(redis-benchmark -h 127.0.0.1 -p 6379 -c 50 -n 200000 -r 100000000 --precision 3 \
  EVALSHA "$SHA" 1 "bench:{00}:__rand_int__" 2>/dev/null | tr '\r' '\n')
raw_rps=$(echo "$raw" | awk '/throughput summary/ {print $3; exit}')
raw_lat=$(echo "$raw" | awk '/latency summary/ {getline; getline; print "p50_ms=" $3 " p99_ms=" $5; exit}')
echo "RAW_EVALSHA rps=$raw_rps $raw_lat"
$R --scan --pattern 'bench:{00}:*' | xargs -r -n 500 $R del >/dev/null
get=$(redis-benchmark -h 127.0.0.1 -p 6379 -c 50 -n 500000 -r 100000000 --precision 3 GET "bench:get:__rand_int__" 2>/dev/null | tr '\r' '\n')
echo "RAW_GET rps=$(echo "$get" | awk '/throughput summary/ {print $3; exit}') $(echo "$get" | awk '/latency summary/ {getline; getline; print "p50_ms=" $3 " p99_ms=" $5; exit}')"

WARMUP="${WARMUP:-90}"
echo "== 2. binding-service over HTTP: wrk, 2 threads, 32 connections, ${SECS}s (after ${WARMUP}s of warm-up load)"
audit_caught_up
wrk -t2 -c32 -d"${WARMUP}s" -s bench/bind.lua http://127.0.0.1:8081 | grep WRK_RESULT | sed 's/^/  warm-up: /'
audit_caught_up
$R config resetstat >/dev/null
mem0=$(used_memory)
streams0=$(stream_memory)
active0=$(curl -fsS -H "Authorization: Bearer $OP" "http://127.0.0.1:8081/v1/pools/$POOL" | jq .activeBindings)
JPID=$(cat "$LOCAL/run/binding-service.pid"); RPID=$(pgrep -x redis-server | head -n1)
cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; }
j0=$(cpu "$JPID"); r0=$(cpu "$RPID")
full=$(wrk -t2 -c32 -d"${SECS}s" --timeout 5s -s bench/bind.lua http://127.0.0.1:8081 | grep WRK_RESULT)
j1=$(cpu "$JPID"); r1=$(cpu "$RPID")
echo "HTTP_FULL $full"
stats=$($R info commandstats | tr -d '\r')
echo "$stats" | grep -E 'cmdstat_(evalsha|hget|hmget|set|get|del|exists|pexpire|eval):' | sed 's/^/  /'
active1=$(curl -fsS -H "Authorization: Bearer $OP" "http://127.0.0.1:8081/v1/pools/$POOL" | jq .activeBindings)
mem1=$(used_memory)
streams1=$(stream_memory)
hz=$(getconf CLK_TCK)
echo "CPU during the full run: binding-service java $(( (j1 - j0) * 100 / hz / SECS ))% of a core, redis-server $(( (r1 - r0) * 100 / hz / SECS ))% of a core (2 cores in all, wrk shares them)"
n=$((active1 - active0))
echo "MEMORY bindings=$n used_memory_delta=$((mem1 - mem0)) streams_delta=$((streams1 - streams0)) bytes_per_binding_with_streams=$(( (mem1 - mem0) / n )) bytes_per_binding_state_only=$(( (mem1 - mem0 - (streams1 - streams0)) / n ))"

echo "== 3. memory when pairs share numbers: a pool of one block (10,000 numbers), ${SECS}s of binds"
DENSE="dense-$STAMP"
direct_pool_platform "$DENSE" "7008$(printf '%03d' $((STAMP % 1000)))9999"
audit_caught_up
dmem0=$(used_memory)
dstreams0=$(stream_memory)
TOKEN=$(scripts/dev-token.sh BINDING PLATFORM bench "$DENSE") POOL=$DENSE wrk -t2 -c32 -d"${SECS}s" --timeout 5s -s bench/bind.lua http://127.0.0.1:8081 | grep WRK_RESULT | sed 's/^/  /'
dmem1=$(used_memory)
dstreams1=$(stream_memory)
dview=$(curl -fsS -H "Authorization: Bearer $OP" "http://127.0.0.1:8081/v1/pools/$DENSE")
dn=$(echo "$dview" | jq .activeBindings); dx=$(echo "$dview" | jq .numbersInUse)
echo "MEMORY_DENSE bindings=$dn numbers_in_use=$dx pairs_per_number=$(awk -v a="$dn" -v b="$dx" 'BEGIN {printf "%.2f", a / b}') bytes_per_binding_with_streams=$(( (dmem1 - dmem0) / dn )) bytes_per_binding_state_only=$(( (dmem1 - dmem0 - (dstreams1 - dstreams0)) / dn ))"

full_rps=$(echo "$full" | sed 's/.*rps=\([0-9]*\).*/\1/')
half=$((full_rps / 2))
echo "== 4. half load: $half binds/s paced over 16 connections, ${SECS}s"
audit_caught_up
light=$(RATE=$half CONNS=16 wrk -t2 -c16 -d"${SECS}s" --timeout 5s -s bench/bind.lua http://127.0.0.1:8081 | grep WRK_RESULT)
echo "HTTP_HALF $light"
echo "== done: pools $POOL and $DENSE keep their bindings until they expire (30 min)"
