#!/usr/bin/env bash
# Fraud-signal detection benchmark (docs/benchmarks.md, "Fraud signals"; ADR 0029), on its own:
# one compliance-audit-service on :$PORT (default 8194) with its own PostgreSQL database ($DB,
# dropped and created here), its own Redis key prefix ($PREFIX) and keys generated into a temporary
# directory the way scripts/run.sh generates them. Never the `make run` stack.
#
#  1. start the service with detection off, so that Flyway creates the schema, and stop it;
#  2. fill the ledger with N rows, set-based in SQL, at the ingest rate ($RATE rows/s of
#     occurred_at, default 8,800, the line-rate figure): per binding BINDING_CREATED, CALL_ROUTED,
#     CALL_EVENT (the hang-up), BINDING_RELEASED, and the holding and call_record rows the ledger
#     keeps in step with them. 20 platforms; couriers (A) with about 10 bindings each, customers (B)
#     with about 2, one virtual number per binding; 3 % of calls refused (CALLER_NOT_PARTY, by
#     callers with one refusal each), 5 % very short: ordinary traffic, which raises no signal. The
#     rows are NOT a valid hash chain (hash and prev_hash are filler): verify would fail on them,
#     the detector never reads them;
#  3. start the service with detection on (its first run starts when it is ready) and wait until
#     the detector's cursor reaches the last seq; the service's own log line gives the run's time.
#
# HITS (per mille, default 0, at most 333): of every 1,000 bindings, 3 * HITS are a customer's
# three in a row on three platforms, HITS PARTY_MANY_PLATFORMS hits per 1,000 bindings: a fraud
# wave, in which a run computes a baseline per hit's window (before 2026-12-02 one per hit).
# Usage: bench/signals.sh [rows, default 10000000]. Prints
# SIGNALS rows=.. secs=.. rows_per_s=.. signals=.. ingest_rate=.. load=.. per_kind_ms=KIND=ms,...
# KEEP=1 keeps the database, keys and log for a look; AUDIT_JAR runs another build of the service.
set -euo pipefail
source "$(dirname "$0")/../scripts/common.sh"
N="${1:-10000000}"
RATE="${RATE:-8800}"
HITS="${HITS:-0}"
PORT="${PORT:-8194}"
DB="${DB:-numshield_signals_bench}"
PREFIX="${PREFIX:-sgb:}"
cd "$ROOT"
pick_jdk
ensure_servers
R="redis-cli -h 127.0.0.1 -p 6379"
PSQL="psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -qtA"
case "$PREFIX" in ns:) echo "the prefix ns: belongs to make run" >&2; exit 1 ;; esac
case "$DB" in numshield|numshield_audit|numshield_gateway) echo "$DB belongs to make run" >&2; exit 1 ;; esac

AUDIT_JAR=${AUDIT_JAR:-$(ls compliance-audit-service/target/compliance-audit-service-*.jar 2>/dev/null | grep -v original | head -n1 || true)}
if [ -z "$AUDIT_JAR" ] || [ -n "${BUILD:-}" ]; then
  ./mvnw -B -q -ntp -pl compliance-audit-service -am -DskipTests package
  AUDIT_JAR=$(ls compliance-audit-service/target/compliance-audit-service-*.jar | grep -v original | head -n1)
fi
AUDIT_JAR=$(realpath "$AUDIT_JAR")
WORK=$(mktemp -d /tmp/signals-bench.XXXXXX)
PID=""
drop_keys() {
  $R --scan --pattern "${PREFIX}*" | xargs -r -n 500 $R del >/dev/null
}
stop_service() {
  if [ -n "$PID" ]; then
    kill "$PID" 2>/dev/null || true
    wait "$PID" 2>/dev/null || true
    PID=""
  fi
}
cleanup() {
  stop_service
  if [ -z "${KEEP:-}" ]; then
    drop_keys
    $PSQL -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null || true
    rm -rf "$WORK"
  else
    echo "kept: database $DB, keys ${PREFIX}*, $WORK (log: $WORK/service.log)"
  fi
}
trap cleanup EXIT

"$JAVA_HOME/bin/java" -cp "$AUDIT_JAR" -Dloader.main=io.numshield.core.crypto.KeyTool \
  org.springframework.boot.loader.launch.PropertiesLauncher generate "$WORK/keys" >/dev/null
"$JAVA_HOME/bin/java" -cp "$AUDIT_JAR" -Dloader.main=io.numshield.core.token.TokenKeys \
  org.springframework.boot.loader.launch.PropertiesLauncher generate "$WORK/token-keys" >/dev/null
drop_keys
$PSQL -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB" >/dev/null

start_service() { # detection on or off
  SERVER_PORT=$PORT NUMSHIELD_BIND_ADDRESS=127.0.0.1 NUMSHIELD_KEYS_DIR="$WORK/keys" \
    NUMSHIELD_TOKEN_PUBLIC_KEYS="$WORK/token-keys/token-public.jwks" \
    NUMSHIELD_REDIS_URL="redis://127.0.0.1:6379" NUMSHIELD_AUDIT_DB_URL="jdbc:postgresql://127.0.0.1:5432/$DB" \
    NUMSHIELD_AUDIT_DB_OWNER=postgres \
    "$JAVA_HOME/bin/java" -Xms512m -Xmx1g -Djava.security.egd=file:/dev/./urandom ${JAVA_OPTS:-} -jar "$AUDIT_JAR" \
    --numshield.redis.key-prefix="$PREFIX" --numshield.audit.consumer=signals-bench \
    --numshield.audit.signals.enabled="$1" --numshield.audit.signals.interval=1h >> "$WORK/service.log" 2>&1 &
  PID=$!
  for _ in $(seq 1 180); do
    curl -fsS "http://127.0.0.1:$PORT/actuator/health" 2>/dev/null | grep -q '"status":"UP"' && return 0
    kill -0 "$PID" 2>/dev/null || { tail -n 30 "$WORK/service.log" >&2; exit 1; }
    sleep 1
  done
  echo "the service did not start" >&2
  exit 1
}

# 1. the schema, as the service's migrations make it
start_service false
stop_service

# 2. the rows: B bindings, four ledger rows each, occurred_at advancing at RATE rows/s
B=$(( (N + 3) / 4 ))
echo "filling $DB with $((B * 4)) ledger rows ($B bindings) ..."
t0=$(date +%s)
$PSQL -d "$DB" <<SQL
SET synchronous_commit = off;
CREATE TEMP TABLE gen AS
SELECT b,
  date_trunc('minute', now()) - make_interval(secs => ($B * 4.0 / $RATE) + 600) + make_interval(secs => b * 4.0 / $RATE) AS t,
  'bench-p' || lpad((b % 20)::text, 2, '0') AS platform,
  lpad(to_hex(b), 16, '0') AS binding,
  'ORD-' || b AS order_id,
  '700' || lpad(b::text, 12, '0') AS x,
  'A' || lpad(((b::bigint * 7919) % greatest($B / 10, 1000))::text, 15, '0') AS a,
  CASE WHEN b % 1000 < 3 * $HITS THEN 'H' || lpad((b / 1000 * $HITS + b % 1000 / 3)::text, 15, '0')
    ELSE 'B' || lpad(((b::bigint * 104729) % greatest($B / 2, 1000))::text, 15, '0') END AS c,
  CASE WHEN (b / 20) % 100 < 3 THEN 'REJECT' ELSE 'CONNECT' END AS action,
  CASE WHEN (b / 20) % 100 BETWEEN 3 AND 7 THEN 2 ELSE 60 END AS talk
FROM generate_series(0, $B - 1) AS b;
INSERT INTO ledger (seq, event_id, type, occurred_at, recorded_at, platform_id, binding_id, order_id, virtual_number,
    party_a, party_b, party_a_index, party_b_index, parties, details, prev_hash, hash, hash_version)
SELECT 4 * b + k, e.event_id, e.type, e.at, e.at + interval '50 milliseconds', platform, binding, order_id, x,
    '138****' || right(a, 4), '139****' || right(c, 4), e.ai, e.bi, e.parties, e.details, repeat('0', 64), repeat('f', 64), 2
FROM gen CROSS JOIN LATERAL (VALUES
  (1, 'created:' || binding, 'BINDING_CREATED', t, a, c, 'bench-ciphertext',
      '{"createdAt":"' || (extract(epoch FROM t) * 1000)::bigint || '","direction":"BOTH","mode":"AXB","poolId":"bench","recording":"0","v":"1"}'),
  (2, 'routed:c-' || b, 'CALL_ROUTED', t + interval '1 second', NULL, NULL, NULL,
      '{"action":"' || action || '","callId":"c-' || b || '","callType":"VOICE","callerIndex":"'
      || CASE WHEN action = 'REJECT' THEN 'R' || lpad(b::text, 15, '0') ELSE a END
      || '","reason":"' || CASE WHEN action = 'REJECT' THEN 'CALLER_NOT_PARTY' ELSE '' END || '","v":"1"}'),
  (3, 'evt_' || b, 'CALL_EVENT', t + make_interval(secs => 6 + talk), NULL, NULL, NULL,
      '{"callId":"c-' || b || '","callerIndex":"' || a || '","callerRole":"A","v":"1"}'),
  (4, 'released:' || binding, 'BINDING_RELEASED', t + interval '120 seconds', a, c, 'bench-ciphertext',
      '{"reason":"DELETED","releasedAt":"' || (extract(epoch FROM t + interval '120 seconds') * 1000)::bigint || '","v":"1"}')
) AS e(k, event_id, type, at, ai, bi, parties, details)
WHERE e.type <> 'CALL_EVENT' OR action = 'CONNECT';
INSERT INTO holding (binding_id, valid_from, valid_to, leased_at, expires_at, released_at, release_reason, virtual_number,
    platform_id, order_id, mode, pool_id, direction, recording, party_a_index, party_b_index, parties)
SELECT binding, t, t + interval '120 seconds', t, t + interval '1 hour', t + interval '120 seconds', 'DELETED', x,
    platform, order_id, 'AXB', 'bench', 'BOTH', false, a, c, 'bench-ciphertext'
FROM gen;
INSERT INTO call_record (call_id, binding_id, platform_id, order_id, virtual_number, call_type, caller_index, caller,
    caller_role, action, reason, started_at, answered_at, ended_at, talk_seconds)
SELECT 'c-' || b, binding, platform, order_id, x, 'VOICE',
    CASE WHEN action = 'REJECT' THEN 'R' || lpad(b::text, 15, '0') ELSE a END, '138****' || right(a, 4), 'A', action,
    CASE WHEN action = 'REJECT' THEN 'CALLER_NOT_PARTY' END, t + interval '1 second',
    CASE WHEN action = 'CONNECT' THEN t + interval '6 seconds' END,
    CASE WHEN action = 'CONNECT' THEN t + make_interval(secs => 6 + talk) END,
    CASE WHEN action = 'CONNECT' THEN talk END
FROM gen;
ANALYZE ledger; ANALYZE holding; ANALYZE call_record;
SQL
ROWS=$($PSQL -d "$DB" -c "SELECT count(*) FROM ledger")
HEAD=$($PSQL -d "$DB" -c "SELECT max(seq) FROM ledger")
echo "filled: $ROWS ledger rows in $(( $(date +%s) - t0 )) s"

# 3. one detection run over all of it
start_service true
while :; do
  LAST=$($PSQL -d "$DB" -c "SELECT coalesce(max(last_seq), 0) FROM signal_cursor")
  [ "$LAST" -ge "$HEAD" ] && grep -q 'signal detection:' "$WORK/service.log" && break
  kill -0 "$PID" 2>/dev/null || { tail -n 30 "$WORK/service.log" >&2; exit 1; }
  sleep 1
done
LINE=$(grep 'signal detection:' "$WORK/service.log" | tail -n1)
# "signal detection: N ledger rows read in M ms (per kind, ms: {...}), K signals raised"
PATTERN='.*signal detection: ([0-9]+) ledger rows read in ([0-9]+) ms( \(per kind, ms: \{([^}]*)\}\))?, ([0-9]+) signals.*'
READ=$(sed -E "s/$PATTERN/\1/" <<< "$LINE")
MS=$(sed -E "s/$PATTERN/\2/" <<< "$LINE")
KINDS=$(sed -E "s/$PATTERN/\4/" <<< "$LINE" | tr -d ' ')
RAISED=$(sed -E "s/$PATTERN/\5/" <<< "$LINE")
echo "SIGNALS rows=$READ secs=$(awk -v ms="$MS" 'BEGIN { printf "%.1f", ms / 1000 }') rows_per_s=$(awk -v r="$READ" -v ms="$MS" 'BEGIN { printf "%d", r * 1000 / (ms > 0 ? ms : 1) }') signals=$RAISED hits_per_mille=$HITS ingest_rate=$RATE load=$(cut -d' ' -f1 /proc/loadavg) per_kind_ms=$KINDS"
