#!/usr/bin/env bash
# A token for calling call-routing-service directly (the carriers' low-latency path), the way a
# carrier gets one: POST /v1/tokens at the gateway, signed with a CARRIER API key. Lives 15 minutes.
#   scripts/mint-token.sh            # with $NUMSHIELD_KEY, else the demo carrier key of make run
# No other role gets tokens: platforms, regulators and operators call through the gateway.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
if [ -z "${NUMSHIELD_KEY:-}" ] && [ -f "$ROOT/.local/demo-keys.env" ]; then
  # shellcheck disable=SC1091
  source "$ROOT/.local/demo-keys.env"
  NUMSHIELD_KEY="$NUMSHIELD_DEMO_CARRIER_KEY"
fi
: "${NUMSHIELD_KEY:?set NUMSHIELD_KEY=<carrier keyId>:<secret> or run make run first}"
NUMSHIELD_KEY="$NUMSHIELD_KEY" exec "$ROOT/scripts/numshield" token
