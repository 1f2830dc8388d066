#!/usr/bin/env bash
# Gateway benchmark (docs/benchmarks.md): binds and routes sent directly to the service (internal
# token) and through the gateway (signed with an API key), same bodies, same wrk, same run, at full
# load (32 connections) and light load (4 connections), so the difference is what the gateway adds.
# wrk's Lua has no HMAC: bench/SignRequests.java pre-signs every request (fresh timestamp, own nonce)
# just before each phase. Needs `make run` up (started if not).
# Usage: bench/gateway.sh [seconds per run, default 15]; WARMUP seconds (default 30); PACE requests/s
# of the paced runs (default 400); ONLY_PACED=1 skips the full- and light-load runs.
set -euo pipefail
source "$(dirname "$0")/../scripts/common.sh"
pick_jdk
SECS="${1:-15}"; WARMUP="${WARMUP:-30}"
cd "$ROOT"
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
curl -fsS -m 5 http://127.0.0.1:8080/readyz >/dev/null 2>&1 || make run >/dev/null
set -a; source "$LOCAL/secrets.env"; set +a
WORK=$(mktemp -d /tmp/numshield-gateway-bench.XXXX)
trap 'rm -rf "$WORK"' EXIT
CLIJAR=$(ls numshield-client/target/numshield-client-*-cli.jar | head -n1)
ns() { local key=$1; shift; NUMSHIELD_KEY="$key" scripts/numshield "$@"; }
sign() { "$JAVA_HOME/bin/java" -cp "$CLIJAR" bench/SignRequests.java "$@"; }
field() { sed -n "s/.*\"$1\":\"\([^\"]*\)\".*/\1/p"; }
RUN=$(date +%s%N | tail -c 9)
OPK="$NUMSHIELD_BOOTSTRAP_OPERATOR_KEY"

echo "== setup through the gateway: a pool of 20 blocks, a platform, a platform and a carrier key (rate 1,000,000/s)"
blocks=$(for i in $(seq 0 19); do printf '"7005%03d%04d",' $((10#$RUN % 1000)) $i; done | sed 's/,$//')
ns "$OPK" call POST /v1/pools "{\"poolId\":\"gw-$RUN\",\"numberKind\":\"SEGMENT_700\"}" >/dev/null
ns "$OPK" call POST "/v1/pools/gw-$RUN/blocks" "{\"managementNumbers\":[$blocks]}" >/dev/null
ns "$OPK" call POST /v1/platforms "{\"platformId\":\"gw-$RUN\",\"name\":\"gateway bench\",\"pools\":[\"gw-$RUN\"]}" >/dev/null
key() { local a; a=$(ns "$OPK" call POST /v1/api-keys "$1"); echo "$(printf '%s' "$a" | field keyId):$(printf '%s' "$a" | field secret)"; }
PK=$(key "{\"role\":\"PLATFORM\",\"platformId\":\"gw-$RUN\",\"ratePerSecond\":1000000,\"description\":\"bench\"}")
CK=$(key "{\"role\":\"CARRIER\",\"pools\":[\"gw-$RUN\"],\"ratePerSecond\":1000000,\"description\":\"bench\"}")
PT=$(scripts/dev-token.sh BINDING PLATFORM bench "gw-$RUN")

echo "== leasing 500 AXB bindings to route to (direct)"
GRANTED=$(date -u +%Y-%m-%dT%H:%M:%SZ)
for i in $(seq 1 500); do
  a=$(printf '1380%07d' $(( (10#$RUN + i * 2) % 10000000 ))); b=$(printf '1390%07d' $(( (10#$RUN + i * 2 + 1) % 10000000 )))
  x=$(curl -fsS -H "Authorization: Bearer $PT" -H 'Content-Type: application/json' -X POST http://127.0.0.1:8081/v1/bindings \
    -d "{\"mode\":\"AXB\",\"orderId\":\"GR$i\",\"partyA\":\"$a\",\"partyB\":\"$b\",\"ttlSeconds\":3600,\"poolId\":\"gw-$RUN\",\"consent\":{\"reference\":\"bench\",\"grantedAt\":\"$GRANTED\"}}" \
    | field virtualNumber)
  echo "$a $x" >> "$WORK/routes"; echo "$b $x" >> "$WORK/routes"
done

# phase NAME KIND TARGET CONNS SECS COUNT [direct]; RATE (requests/s over all connections) paces wrk
phase() {
  local name=$1 kind=$2 target=$3 conns=$4 secs=$5 count=$6 direct=${7:-}
  local path=/v1/bindings arg="gw-$RUN" key=$PK port=8081 token
  token=$(scripts/dev-token.sh BINDING PLATFORM bench "gw-$RUN") # tokens live 5 minutes: one per phase
  if [ "$kind" = route ]; then path=/v1/call-routes; arg="$WORK/routes"; key=$CK; token=$(scripts/dev-token.sh ROUTING CARRIER bench "gw-$RUN"); port=8082; fi
  [ "$target" = gateway ] && port=8080
  [ "$kind" = bind ] && audit_caught_up
  sign "$key" "$kind" "$count" "$WORK/signed" "$arg"
  local threads=2; [ "$conns" -lt 2 ] && threads=1
  local result
  if [ -n "$direct" ]; then
    result=$(RATE=${RATE:-} CONNS=$conns TOKEN=$token PATH_=$path SIGNED_FILE="$WORK/signed" THREADS=$threads wrk -t$threads -c"$conns" -d"${secs}s" --timeout 5s -s bench/signed.lua "http://127.0.0.1:$port" | grep WRK_RESULT)
  else
    result=$(RATE=${RATE:-} CONNS=$conns PATH_=$path SIGNED_FILE="$WORK/signed" THREADS=$threads wrk -t$threads -c"$conns" -d"${secs}s" --timeout 5s -s bench/signed.lua "http://127.0.0.1:$port" | grep WRK_RESULT)
  fi
  echo "$name $result"
}

echo "== warm-up: ${WARMUP}s of binds and of routes, through the gateway (warms the gateway and the services)"
phase "  warm-up bind" bind gateway 32 "$WARMUP" $((WARMUP * 4000))
phase "  warm-up route" route gateway 32 "$WARMUP" $((WARMUP * 8000))
phase "  warm-up bind direct" bind direct 32 10 40000 direct
phase "  warm-up route direct" route direct 32 10 80000 direct

if [ -z "${ONLY_PACED:-}" ]; then
echo "== binds, ${SECS}s each"
phase BIND_DIRECT_FULL bind direct 32 "$SECS" $((SECS * 4000)) direct
phase BIND_GATEWAY_FULL bind gateway 32 "$SECS" $((SECS * 4000))
phase BIND_DIRECT_LIGHT bind direct 4 "$SECS" $((SECS * 3000)) direct
phase BIND_GATEWAY_LIGHT bind gateway 4 "$SECS" $((SECS * 3000))
echo "== routes, ${SECS}s each"
phase ROUTE_DIRECT_FULL route direct 32 "$SECS" $((SECS * 8000)) direct
phase ROUTE_GATEWAY_FULL route gateway 32 "$SECS" $((SECS * 8000))
phase ROUTE_DIRECT_LIGHT route direct 4 "$SECS" $((SECS * 6000)) direct
phase ROUTE_GATEWAY_LIGHT route gateway 4 "$SECS" $((SECS * 6000))
fi
PACE="${PACE:-400}"
echo "== paced: $PACE requests/s over 4 connections, ${SECS}s each (latency without queueing: the added-latency figure)"
RATE=$PACE phase BIND_DIRECT_PACED bind direct 4 "$SECS" $((SECS * PACE * 2)) direct
RATE=$PACE phase BIND_GATEWAY_PACED bind gateway 4 "$SECS" $((SECS * PACE * 2))
RATE=$PACE phase ROUTE_DIRECT_PACED route direct 4 "$SECS" $((SECS * PACE * 2)) direct
RATE=$PACE phase ROUTE_GATEWAY_PACED route gateway 4 "$SECS" $((SECS * PACE * 2))
echo "== the gateway's own check time (signature, key, nonce + rate in Redis), from its metrics"
curl -fsS http://127.0.0.1:8090/actuator/prometheus | grep -E '^gateway_edge_check_seconds\{.*quantile|^gateway_request_total' | sed 's/^/  /'
echo "== done: pool gw-$RUN keeps its bindings until they expire"
