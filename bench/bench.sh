#!/usr/bin/env bash
# Binding benchmark, all in one run on this machine (see docs/benchmarks.md):
#  1. redis-benchmark EVAL of a comparable lease script (raw Redis ceiling);
#  2. binds/s and p50/p99 through binding-service's HTTP API with wrk (full load, then light load);
#  3. Redis bytes per active AXB binding (used_memory delta, with and without the event streams);
#  4. where the time goes: Redis time per bind from INFO commandstats, CPU of java vs redis-server.
# Needs `make run` up (it starts it if not). Usage: bench/bench.sh [seconds per run, default 20]
set -euo pipefail
source "$(dirname "$0")/../scripts/common.sh"
SECS="${1:-20}"
cd "$ROOT"
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
curl -fsS http://127.0.0.1:8081/actuator/health >/dev/null 2>&1 || make run >/dev/null
set -a; source "$LOCAL/secrets.env"; set +a
R="redis-cli -h 127.0.0.1 -p 6379"
OP=$(scripts/mint-token.sh OPERATOR bench)
STAMP=$(date +%s)
POOL="bench-$STAMP"; PLATFORM="bench-$STAMP"
api() { curl -fsS -o /dev/null -H "Authorization: Bearer $OP" -H 'Content-Type: application/json' "$@"; }
# one pool of 20 blocks (200,000 numbers): blocks from the 7009xxxxxxx range, distinct per run
blocks=$(for i in $(seq 0 19); do printf '"7009%03d%04d",' $((STAMP % 1000)) $i; done | sed 's/,$//')
api -X POST http://127.0.0.1:8081/v1/pools -d "{\"poolId\":\"$POOL\",\"numberKind\":\"SEGMENT_700\"}"
api -X POST "http://127.0.0.1:8081/v1/pools/$POOL/blocks" -d "{\"managementNumbers\":[$blocks]}"
api -X POST http://127.0.0.1:8081/v1/platforms -d "{\"platformId\":\"$PLATFORM\",\"name\":\"bench\",\"pools\":[\"$POOL\"]}"
export TOKEN=$(scripts/mint-token.sh PLATFORM bench "$PLATFORM") POOL GRANTED=$(date -u +%Y-%m-%dT%H:%M:%SZ)

echo "== 1. raw Redis: redis-benchmark EVAL of a comparable lease script (50 clients, ${SECS}s worth)"
SCRIPT=$(cat bench/raw-lease.lua)
$R del bench:{00}:b bench:{00}:n bench:{00}:o bench:{00}:ev >/dev/null
raw=$(redis-benchmark -h 127.0.0.1 -p 6379 -c 50 -n 200000 -r 100000000 --precision 3 \
  EVAL "$SCRIPT" 1 "bench:{00}:__rand_int__" 2>/dev/null | tr '\r' '\n')
raw_rps=$(echo "$raw" | awk '/requests per second/ {print $1; exit}')
raw_lat=$(echo "$raw" | awk '/latency summary/ {getline; getline; print "p50_ms=" $3 " p99_ms=" $5; exit}')
echo "RAW_RESULT rps=$raw_rps $raw_lat"
$R --scan --pattern 'bench:{00}:*' | xargs -r -n 500 $R del >/dev/null

echo "== 2. binding-service over HTTP: wrk, 2 threads, 32 connections, ${SECS}s (warm-up 5s first)"
wrk -t2 -c16 -d5s -s bench/bind.lua http://127.0.0.1:8081 >/dev/null 2>&1 || true
$R config resetstat >/dev/null
mem0=$($R info memory | awk -F: '/^used_memory:/ {print $2}' | tr -d '\r')
streams0=0; for s in $(seq -w 0 63); do v=$($R memory usage "ns:{$s}:ev" 2>/dev/null | tr -d '\r'); streams0=$((streams0 + ${v:-0})); done
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
mem1=$($R info memory | awk -F: '/^used_memory:/ {print $2}' | tr -d '\r')
streams1=0; for s in $(seq -w 0 63); do v=$($R memory usage "ns:{$s}:ev" 2>/dev/null | tr -d '\r'); streams1=$((streams1 + ${v:-0})); done
hz=$(getconf CLK_TCK)
echo "CPU during the full run: binding-service java $(( (j1 - j0) * 100 / hz / SECS ))% of a core, redis-server $(( (r1 - r0) * 100 / hz / SECS ))% of a core (2 cores in all, wrk shares them)"
n=$((active1 - active0))
echo "MEMORY bindings=$n used_memory_delta=$((mem1 - mem0)) streams_delta=$((streams1 - streams0)) bytes_per_binding_with_streams=$(( (mem1 - mem0) / n )) bytes_per_binding_state_only=$(( (mem1 - mem0 - (streams1 - streams0)) / n ))"

echo "== 3. light load: wrk 1 thread, 2 connections, ${SECS}s"
light=$(wrk -t1 -c2 -d"${SECS}s" --timeout 5s -s bench/bind.lua http://127.0.0.1:8081 | grep WRK_RESULT)
echo "HTTP_LIGHT $light"
echo "== done: bench pool $POOL and platform $PLATFORM keep their bindings until they expire (30 min)"
