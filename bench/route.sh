#!/usr/bin/env bash
# Routing benchmark (docs/benchmarks.md): redis-benchmark GET, then routes/s and p50/p99 of
# call-routing-service over HTTP (wrk, after a warm-up), then the latency of INVITEs through
# Kamailio (sequential sipsak). Needs `make run` up (started if not).
# Usage: bench/route.sh [seconds per run, default 20]; WARMUP seconds (default 60).
set -euo pipefail
source "$(dirname "$0")/../scripts/common.sh"
SECS="${1:-20}"; WARMUP="${WARMUP:-60}"
cd "$ROOT"
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
curl -fsS -m 5 http://127.0.0.1:8082/actuator/health >/dev/null 2>&1 || make run >/dev/null
set -a; source "$LOCAL/secrets.env"; set +a
audit_caught_up
WORK=$(mktemp -d /tmp/numshield-route-bench.XXXX)
KAM=""
trap '[ -n "$KAM" ] && kill "$KAM" 2>/dev/null; rm -rf "$WORK"' EXIT
RUN=$(date +%s%N | tail -c 9)
OP=$(scripts/dev-token.sh BINDING OPERATOR bench)
api() { curl -fsS -H "Authorization: Bearer $1" -H 'Content-Type: application/json' "${@:2}"; }
BLOCK="7007$(printf '%07d' $((10#$RUN % 10000000)))"
api "$OP" -X POST http://127.0.0.1:8081/v1/pools -d "{\"poolId\":\"route-$RUN\",\"numberKind\":\"SEGMENT_700\"}" >/dev/null
api "$OP" -X POST "http://127.0.0.1:8081/v1/pools/route-$RUN/blocks" -d "{\"managementNumbers\":[\"$BLOCK\"]}" >/dev/null
api "$OP" -X POST http://127.0.0.1:8081/v1/platforms -d "{\"platformId\":\"route-$RUN\",\"name\":\"bench\",\"pools\":[\"route-$RUN\"]}" >/dev/null
PT=$(scripts/dev-token.sh BINDING PLATFORM bench "route-$RUN"); GRANTED=$(date -u +%Y-%m-%dT%H:%M:%SZ)
echo "== leasing 500 AXB bindings to route to"
for i in $(seq 1 500); do
  a=$(printf '1380%07d' $(( (10#$RUN + i * 2) % 10000000 ))); b=$(printf '1390%07d' $(( (10#$RUN + i * 2 + 1) % 10000000 )))
  x=$(api "$PT" -X POST http://127.0.0.1:8081/v1/bindings -d "{\"mode\":\"AXB\",\"orderId\":\"R$i\",\"partyA\":\"$a\",\"partyB\":\"$b\",\"ttlSeconds\":3600,\"consent\":{\"reference\":\"bench\",\"grantedAt\":\"$GRANTED\"}}" \
    | sed -n 's/.*"virtualNumber":"\([0-9]*\)".*/\1/p')
  echo "$a $x" >> "$WORK/routes"; echo "$b $x" >> "$WORK/routes"
done

echo "== 1. raw Redis: redis-benchmark GET, 50 clients"
get=$(redis-benchmark -h 127.0.0.1 -p 6379 -c 50 -n 500000 -r 100000000 --precision 3 GET "bench:get:__rand_int__" 2>/dev/null | tr '\r' '\n')
echo "RAW_GET rps=$(echo "$get" | awk '/throughput summary/ {print $3; exit}') $(echo "$get" | awk '/latency summary/ {getline; getline; print "p50_ms=" $3 " p99_ms=" $5; exit}')"

export TOKEN=$(scripts/dev-token.sh ROUTING CARRIER bench "route-$RUN") ROUTES_FILE="$WORK/routes"
echo "== 2. call-routing-service over HTTP: wrk 2 threads, 32 connections, ${SECS}s after ${WARMUP}s warm-up"
wrk -t2 -c32 -d"${WARMUP}s" -s bench/route.lua http://127.0.0.1:8082 | grep WRK_RESULT | sed 's/^/  warm-up: /'
echo "HTTP_ROUTE $(wrk -t2 -c32 -d"${SECS}s" -s bench/route.lua http://127.0.0.1:8082 | grep WRK_RESULT)"
echo "== 3. light load: 4 connections, ${SECS}s"
echo "HTTP_ROUTE_LIGHT $(wrk -t1 -c4 -d"${SECS}s" -s bench/route.lua http://127.0.0.1:8082 | grep WRK_RESULT)"

echo "== 4. through Kamailio: 300 sequential INVITEs with sipsak (round trip as sipsak measures it)"
command -v kamailio >/dev/null && command -v sipsak >/dev/null || { apt-get update -qq && apt-get install -y -qq kamailio kamailio-utils-modules kamailio-json-modules sipsak >/dev/null; }
PORT=$((16060 + RANDOM % 1000))
kamailio -f deploy/kamailio/kamailio.cfg -P "$WORK/pid" -A "LISTEN=udp:127.0.0.1:$PORT" -A "CTL_SOCKET=\"unix:$WORK/ctl\"" -w "$WORK" -DD > "$WORK/kam.log" 2>&1 &
KAM=$!
for _ in $(seq 1 50); do [ -S "$WORK/ctl" ] && break; sleep 0.1; done
kamcmd -s "unix:$WORK/ctl" pv.shvSet token str "$TOKEN" >/dev/null
: > "$WORK/lat"
for i in $(seq 1 300); do
  line=$(sed -n "$(( (i % 1000) + 1 ))p" "$WORK/routes"); caller=${line% *}; called=${line#* }
  printf 'INVITE sip:%s@127.0.0.1:%s SIP/2.0\r\nFrom: <sip:%s@carrier.example>;tag=%s\r\nTo: <sip:%s@127.0.0.1>\r\nCall-ID: rb-%s-%s\r\nCSeq: 1 INVITE\r\nContact: <sip:%s@127.0.0.1>\r\nContent-Length: 0\r\n\r\n' \
    "$called" "$PORT" "$caller" "$i" "$called" "$RUN" "$i" "$caller" > "$WORK/inv"
  { sipsak -vv -d -f "$WORK/inv" -s "sip:$called@127.0.0.1:$PORT" 2>&1 || true; } | sed -n 's/.*reply received \([0-9.]*\) ms after first send.*/\1/p' | head -n1 >> "$WORK/lat"
done
kill "$KAM" 2>/dev/null || true; KAM=""
sort -n "$WORK/lat" | awk '{a[NR]=$1} END {printf "KAMAILIO_INVITE n=%d p50_ms=%.2f p99_ms=%.2f\n", NR, a[int(NR*0.5)], a[int(NR*0.99)]}'
