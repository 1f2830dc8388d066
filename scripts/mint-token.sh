#!/usr/bin/env bash
# Mints an internal token for local calls: scripts/mint-token.sh ROLE [SUBJECT] [PLATFORM_ID]
# ROLE is PLATFORM, CARRIER, REGULATOR or OPERATOR; PLATFORM needs PLATFORM_ID. Lives 5 minutes.
# The secret is $NUMSHIELD_INTERNAL_TOKEN_SECRET, else the one make run wrote to .local/secrets.env.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
if [ -z "${NUMSHIELD_INTERNAL_TOKEN_SECRET:-}" ] && [ -f "$ROOT/.local/secrets.env" ]; then
  # shellcheck disable=SC1091
  source "$ROOT/.local/secrets.env"
fi
: "${NUMSHIELD_INTERNAL_TOKEN_SECRET:?set NUMSHIELD_INTERNAL_TOKEN_SECRET or run make run first}"
role="${1:?usage: mint-token.sh ROLE [SUBJECT] [PLATFORM_ID]}"
sub="${2:-local-$(echo "$role" | tr 'A-Z' 'a-z')}"
platform="${3:-}"
case "$role" in PLATFORM|CARRIER|REGULATOR|OPERATOR) ;; *) echo "unknown role $role" >&2; exit 2 ;; esac
if [ "$role" = PLATFORM ] && [ -z "$platform" ]; then echo "PLATFORM needs a PLATFORM_ID" >&2; exit 2; fi
b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
now=$(date +%s)
header='{"alg":"HS256","typ":"JWT"}'
claims="{\"iss\":\"numshield-gateway\",\"aud\":\"numshield\",\"sub\":\"$sub\",\"role\":\"$role\""
[ -n "$platform" ] && claims="$claims,\"platformId\":\"$platform\""
claims="$claims,\"iat\":$now,\"exp\":$((now + 300))}"
input="$(printf '%s' "$header" | b64url).$(printf '%s' "$claims" | b64url)"
sig=$(printf '%s' "$input" | openssl dgst -sha256 -mac HMAC -macopt "key:$NUMSHIELD_INTERNAL_TOKEN_SECRET" -binary | b64url)
echo "$input.$sig"
