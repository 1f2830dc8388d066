#!/usr/bin/env bash
# Rebuilds the live leases in Redis from the audit ledger, after Redis lost its data.
#   1. Start (or restart) binding-service first: at start it registers blocks, platforms and the
#      blocklist in Redis again from PostgreSQL (LiveStateRepair), and its sweeper records each
#      shard's expiry bucket width within a second. The rebuild needs both.
#   2. Run this script. It starts compliance-audit-service's jar as a one-shot command (no web
#      server, no ingestion), restores every binding the ledger knows as leased and not yet
#      released or expired (AXG bindings with their groups, which come back first: GROUP_OK,
#      GROUP_EXISTS), prints the outcome counts and exits 0, or 1 if some binding could not
#      be restored (CONFLICT: a lease made since the loss holds its number; BLOCK_UNKNOWN,
#      BUCKET_UNKNOWN: step 1).
# Safe to run twice: a binding that Redis has is left alone. Same environment as make run
# (NUMSHIELD_AUDIT_DB_URL, numshield.redis.*, NUMSHIELD_KEYS_DIR; .local/ defaults).
set -euo pipefail
source "$(dirname "$0")/common.sh"
pick_jdk
cd "$ROOT"
jar=$(ls compliance-audit-service/target/compliance-audit-service-*.jar 2>/dev/null | grep -v original | head -n1 || true)
if [ -z "$jar" ]; then
  ./mvnw -B -q -ntp -DskipTests -pl compliance-audit-service -am package
  jar=$(ls compliance-audit-service/target/compliance-audit-service-*.jar | grep -v original | head -n1)
fi
if [ -f "$LOCAL/secrets.env" ]; then set -a; source "$LOCAL/secrets.env"; set +a; fi
export NUMSHIELD_KEYS_DIR="${NUMSHIELD_KEYS_DIR:-$LOCAL/keys}"
# the ledger's owner as make run made it (scripts/run.sh), for Flyway's check of the schema
export NUMSHIELD_AUDIT_DB_OWNER="${NUMSHIELD_AUDIT_DB_OWNER:-numshield_audit}"
exec "$JAVA_HOME/bin/java" -jar "$jar" --spring.main.web-application-type=none \
  --numshield.audit.command=rebuild-leases --logging.level.root=warn \
  --logging.level.io.numshield.audit.rebuild=info "$@"
