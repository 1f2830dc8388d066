#!/usr/bin/env bash
# Prints a fresh CARRIER token for call-routing's direct path (POST /v1/tokens at the gateway,
# signed with the carrier's API key); kamailio.cfg runs it at start and every TOKEN_REFRESH seconds.
#   fetch-token.sh KEY_FILE     KEY_FILE holds NUMSHIELD_KEY=<keyId>:<secret> (and optionally NUMSHIELD_URL)
# The carrier's SIP server keeps its own API key; no NumShield secret is ever handed out.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
# shellcheck disable=SC1090
set -a; source "${1:?usage: fetch-token.sh KEY_FILE}"; set +a
exec "$HERE/../../scripts/numshield" token
