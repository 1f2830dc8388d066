#!/usr/bin/env bash
# The floor under a route on this machine (docs/benchmarks.md, "The floor"): what the same embedded
# Tomcat answers when the servlet does nothing (noop), and when it does one EVALSHA through
# Redisson's async API (redis), with the route benchmark's load (bench/route.lua, 32 connections),
# next to redis-benchmark GET. A route of call-routing-service costs this floor plus NumShield's
# own work; the floor is what no change inside the service can go below with Tomcat and Redisson.
#
# MODES (default "noop redis lettuce netty netty-redis"): lettuce is redis on Lettuce (ADR 0009); netty* are the same two on a bare Netty HTTP server.
# Runs alone (never beside make run's load): its own port ($PORT, default 18099), its own Redis keys
# (floor:*). Usage: bench/http-floor.sh [seconds, default 20]; WARMUP seconds (default 20) first.
# Prints one HTTP_FLOOR line per mode: rps, p50/p99, and the CPU of the JVM, of wrk and of Redis per
# request (µs).
set -euo pipefail
source "$(dirname "$0")/../scripts/common.sh"
SECS="${1:-20}"
WARMUP="${WARMUP:-20}"
PORT="${PORT:-18099}"
cd "$ROOT"
pick_jdk
ensure_servers
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
HZ=$(getconf CLK_TCK)
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
CP="$LOCAL/http-floor.classpath"
[ -s "$CP" ] || ./mvnw -B -q -ntp -pl call-routing-service dependency:build-classpath -Dmdep.outputFile="$CP" >/dev/null
# the bare Netty server's HTTP codec, of the Netty version Redisson brings (not a dependency of any service)
NETTY=$(basename "$(dirname "$(grep -o '[^:]*netty-handler-[^:]*.jar' "$CP" | head -n1)")")
HTTP_CODEC="$HOME/.m2/repository/io/netty/netty-codec-http/$NETTY/netty-codec-http-$NETTY.jar"
[ -f "$HTTP_CODEC" ] || ./mvnw -B -q -ntp dependency:get -Dartifact="io.netty:netty-codec-http:$NETTY" -Dtransitive=false >/dev/null
WORK=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"; redis-cli -h 127.0.0.1 -p 6379 del "floor:{0}" >/dev/null' EXIT
# route.lua's pairs: any fifteen-digit numbers; the floor never reads them
for i in $(seq 1 100); do printf '1380000%04d 70012345%07d\n' "$i" "$i"; done > "$WORK/routes"
REDIS_PID=$(pgrep -x redis-server | head -n1)

echo "== redis-benchmark GET, 50 clients"
redis-benchmark -h 127.0.0.1 -p 6379 -c 50 -n 500000 -r 100000000 -q GET "floor:get:__rand_int__" 2>/dev/null | tr '\r' '\n' | grep 'requests per second' | tail -n1 | sed 's/.*: \([0-9.]*\) requests per second.*/REDIS_GET rps=\1/'

for mode in ${MODES:-noop redis lettuce netty netty-redis}; do
  : > "$WORK/$mode.log"
  "$JAVA_HOME/bin/java" -Xms512m -Xmx1g -cp "$(cat "$CP"):$HTTP_CODEC" bench/HttpFloor.java "$mode" "$PORT" ${NETTY_THREADS:-} \
    > "$WORK/$mode.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 60); do grep -q 'HTTP_FLOOR ready' "$WORK/$mode.log" && break; sleep 1; done
  grep -q 'HTTP_FLOOR ready' "$WORK/$mode.log" || { cat "$WORK/$mode.log"; exit 1; }
  TOKEN=x ROUTES_FILE="$WORK/routes" wrk -t2 -c32 -d"${WARMUP}s" -s bench/route.lua "http://127.0.0.1:$PORT" >/dev/null
  j0=$(cpu_ticks "$pid"); r0=$(cpu_ticks "$REDIS_PID")
  TIMEFORMAT='WRK_CPU %U %S'
  { time TOKEN=x ROUTES_FILE="$WORK/routes" wrk -t2 -c32 -d"${SECS}s" -s bench/route.lua "http://127.0.0.1:$PORT" > "$WORK/wrk.out"; } 2> "$WORK/wrk.cpu"
  j1=$(cpu_ticks "$pid"); r1=$(cpu_ticks "$REDIS_PID")
  line=$(grep WRK_RESULT "$WORK/wrk.out")
  reqs=$(grep -o 'requests=[0-9]*' <<< "$line" | cut -d= -f2)
  wcpu=$(awk '/WRK_CPU/ {print $2 + $3}' "$WORK/wrk.cpu")
  awk -v l="$line" -v m="$mode" -v n="$reqs" -v j=$((j1 - j0)) -v r=$((r1 - r0)) -v w="$wcpu" -v hz="$HZ" \
    'BEGIN { printf "HTTP_FLOOR mode=%s %s jvm_us_per_req=%.0f redis_us_per_req=%.0f wrk_us_per_req=%.0f\n", m, substr(l, index(l, "requests=")), j * 1e6 / hz / n, r * 1e6 / hz / n, w * 1e6 / n }'
  kill "$pid"; wait "$pid" 2>/dev/null || true
done
