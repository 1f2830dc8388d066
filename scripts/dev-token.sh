#!/usr/bin/env bash
# A five-minute internal token signed with the local gateway's own private key
# (.local/token-keys/token-signing.jwk, written by make run), for benchmarks and debugging that call
# a service directly on this host:
#   scripts/dev-token.sh BINDING|ROUTING|AUDIT ROLE [SUBJECT] [PLATFORM_ID | POOL,POOL...]
# It works only where the gateway's private key is: there is no shared secret to hand out. Carriers
# get their tokens from the gateway instead (scripts/mint-token.sh, POST /v1/tokens).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
source "$ROOT/scripts/common.sh"
pick_jdk
audience="${1:?usage: dev-token.sh BINDING|ROUTING|AUDIT ROLE [SUBJECT] [PLATFORM_ID|POOLS]}"
role="${2:?usage: dev-token.sh BINDING|ROUTING|AUDIT ROLE [SUBJECT] [PLATFORM_ID|POOLS]}"
subject="${3:-local-$(echo "$role" | tr 'A-Z' 'a-z')}"
key="${NUMSHIELD_TOKEN_SIGNING_KEY:-$LOCAL/token-keys/token-signing.jwk}"
[ -f "$key" ] || { echo "no gateway signing key at $key: run make run first" >&2; exit 1; }
jar=$(ls "$ROOT"/binding-service/target/binding-service-*.jar 2>/dev/null | grep -v original | head -n1 || true)
[ -n "$jar" ] || { echo "build first (make build)" >&2; exit 1; }
exec "$JAVA_HOME/bin/java" -XX:TieredStopAtLevel=1 -cp "$jar" -Dloader.main=io.numshield.core.token.TokenKeys \
  org.springframework.boot.loader.launch.PropertiesLauncher mint "$key" "$audience" "$role" "$subject" ${4:+"$4"}
