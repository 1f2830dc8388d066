#!/usr/bin/env bash
# make demo: bind -> route -> call event -> trace, every step a signed call through the gateway
# (:8080) with the demo keys that make run created, printing each answer. Needs make run first.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
[ -f "$ROOT/.local/demo-keys.env" ] || { echo "no demo keys: run make run first" >&2; exit 1; }
# shellcheck disable=SC1091
source "$ROOT/.local/demo-keys.env"
ns() { local key=$1; shift; NUMSHIELD_KEY="$key" "$ROOT/scripts/numshield" "$@"; }
field() { sed -n "s/.*\"$1\":\"\([^\"]*\)\".*/\1/p"; }
step() { printf '\n== %s\n' "$*"; }

# Example parties from the 138000nnnnn / 139000nnnnn corner that test fixtures use (never a real
# person's), random so that reruns differ.
A="138000$(printf '%05d' $((RANDOM % 100000)))"
B="139000$(printf '%05d' $((RANDOM % 100000)))"
ORDER="DEMO-$(date +%s)"

step "1. the platform binds A and B (AXB, 30 minutes) -- POST /v1/bindings"
bound=$(ns "$NUMSHIELD_DEMO_PLATFORM_KEY" bind-axb "$ORDER" "$A" "$B" 1800)
echo "$bound"
X=$(printf '%s' "$bound" | field virtualNumber)
BID=$(printf '%s' "$bound" | field bindingId)
[ -n "$X" ] || { echo "no binding made" >&2; exit 1; }

step "2. the carrier asks where A's call to $X goes -- POST /v1/call-routes"
CALL="demo-call-$(date +%s)"
ns "$NUMSHIELD_DEMO_CARRIER_KEY" call POST /v1/call-routes \
  "{\"callId\":\"$CALL\",\"caller\":\"$A\",\"called\":\"$X\",\"type\":\"VOICE\"}"

step "3. the carrier reports the call -- POST /v1/call-events (ANSWERED, then HANGUP)"
now=$(date -u +%Y-%m-%dT%H:%M:%SZ)
ns "$NUMSHIELD_DEMO_CARRIER_KEY" call POST /v1/call-events \
  "{\"callId\":\"$CALL\",\"bindingId\":\"$BID\",\"caller\":\"$A\",\"called\":\"$X\",\"event\":\"ANSWERED\",\"occurredAt\":\"$now\"}"
ns "$NUMSHIELD_DEMO_CARRIER_KEY" call POST /v1/call-events \
  "{\"callId\":\"$CALL\",\"bindingId\":\"$BID\",\"caller\":\"$A\",\"called\":\"$X\",\"event\":\"HANGUP\",\"occurredAt\":\"$now\",\"durationSeconds\":42,\"releaseCause\":16,\"releaseDirection\":\"CALLER\"}"

step "4. a regulator traces who held $X -- GET /v1/audit/trace"
sleep 2 # the audit service ingests the event streams asynchronously
ns "$NUMSHIELD_DEMO_REGULATOR_KEY" call GET "/v1/audit/trace?virtualNumber=$X&at=$(date -u +%Y-%m-%dT%H:%M:%SZ)&reason=demo%20case" \
  || echo "(the trace endpoint answered an error: see compliance-audit-service)"

step "4b. the carrier's SIP server takes a 15-minute token for calling call-routing directly -- POST /v1/tokens"
token=$(ns "$NUMSHIELD_DEMO_CARRIER_KEY" token)
echo "token: ${token:0:24}... (ES256, aud numshield-routing, pools of the carrier key)"
curl -sS -X POST http://127.0.0.1:8082/v1/call-routes -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
  -d "{\"callId\":\"$CALL-direct\",\"caller\":\"$A\",\"called\":\"$X\",\"type\":\"VOICE\"}"; echo

step "5. what the gateway refuses"
echo "-- a platform reading another tenant's operator endpoint (GET /v1/pools/demo-pool):"
ns "$NUMSHIELD_DEMO_PLATFORM_KEY" call GET /v1/pools/demo-pool || true
echo "-- an unsigned request:"
curl -sS -i -X GET "http://127.0.0.1:8080/v1/bindings/$BID" | sed -n '1p;$p'; echo
echo "-- the platform releases its binding (DELETE /v1/bindings/$BID):"
ns "$NUMSHIELD_DEMO_PLATFORM_KEY" call DELETE "/v1/bindings/$BID"
