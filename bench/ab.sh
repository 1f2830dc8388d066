#!/usr/bin/env bash
# Before/after of one benchmark, alternating: for each round, the "before" checkout's platform then
# the "after" one's, each on dropped databases (numshield, numshield_gateway, numshield_audit), a
# flushed Redis and NUMSHIELD_AOT_CACHE=0, started fresh by the benchmark itself and stopped after.
# Each checkout must have its jars built (./mvnw -DskipTests package) and is used as it stands.
# Usage: bench/ab.sh BEFORE_DIR AFTER_DIR [rounds, default 2] [benchmark, default "bench/batch-bind.sh 20"]
# Each run's whole output is in /tmp/numshield-ab-<label>.log. Run it alone: it flushes Redis and
# drops the platform's databases.
set -uo pipefail
BEFORE="$(cd "$1" && pwd)"; AFTER="$(cd "$2" && pwd)"; ROUNDS="${3:-2}"; BENCH="${4:-bench/batch-bind.sh 20}"
export WARMUP="${WARMUP:-20}"
PSQL="psql -h ${NUMSHIELD_DB_HOST:-127.0.0.1} -p ${NUMSHIELD_DB_PORT:-5432} -U postgres -qAt"
stop_both() { (cd "$BEFORE" && scripts/stop.sh >/dev/null 2>&1); (cd "$AFTER" && scripts/stop.sh >/dev/null 2>&1); }
one() { # dir label
  stop_both
  for db in numshield numshield_gateway numshield_audit; do
    $PSQL -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null
  done
  redis-cli -h "${NUMSHIELD_REDIS_HOST:-127.0.0.1}" -p "${NUMSHIELD_REDIS_PORT:-6379}" FLUSHALL >/dev/null
  sleep 5
  echo "== $2: $1 at $(git -C "$1" rev-parse --short HEAD), $(date -u +%T), load $(cut -d' ' -f1-3 /proc/loadavg)"
  (cd "$1" && NUMSHIELD_AOT_CACHE=0 $BENCH > "/tmp/numshield-ab-$2.log" 2>&1)
  grep -E "^(SINGLE|BATCH|RATIO|[A-Z_]+ WRK_RESULT)" "/tmp/numshield-ab-$2.log" | sed 's/ errors=.*bindings=/ bindings=/'
  grep -h "signal detection" "$1"/.local/logs/compliance-audit-service.log 2>/dev/null | tail -2 | sed 's/.*SignalDetector *: /  audit: /'
  stop_both
}
for r in $(seq 1 "$ROUNDS"); do
  one "$BEFORE" "before$r"
  one "$AFTER" "after$r"
done
echo "== done $(date -u +%T)"
