#!/usr/bin/env bash
# Audit benchmark (docs/benchmarks.md, "Audit"), all on this machine, against `make run`:
#  1. ingestion lag while binds run at full speed: recorded_at - occurred_at of the bench's own
#     ledger rows (p50/p99/max), and the rate the ledger grew;
#  2. ingestion ceiling: the audit service stopped while binds pile up a backlog, then restarted:
#     entries drained per second;
#  3. verify: entries per second over the real ledger;
#  4. a ledger of 10 million generated rows (2.5 million bindings over a year, 4 entries each) in
#     its own database, served by a second compliance-audit-service on :8093: trace and
#     party-search latency (1 connection, then 4), and the export rate of the whole year with the
#     service's memory before and after.
# Usage: bench/audit.sh [seconds per load run, default 20]. WARMUP (s, default 60) of binds first.
# ROWS_BINDINGS (default 2500000) sets the size of step 4 (4 ledger rows per binding). PARTS (default
# "1 2 3 4") picks the steps; step 4 reuses numshield_audit_bench when it already holds the rows
# (REGENERATE=1 builds it again).
set -euo pipefail
source "$(dirname "$0")/../scripts/common.sh"
SECS="${1:-20}"
WARMUP="${WARMUP:-60}"
BINDINGS="${ROWS_BINDINGS:-2500000}"
cd "$ROOT"
command -v wrk >/dev/null && command -v jq >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk jq >/dev/null; }
curl -fsS http://127.0.0.1:8083/actuator/health >/dev/null 2>&1 || make run >/dev/null
pick_jdk
set -a; source "$LOCAL/secrets.env"; set +a
export NUMSHIELD_KEYS_DIR="${NUMSHIELD_KEYS_DIR:-$LOCAL/keys}"
R="redis-cli -h 127.0.0.1 -p 6379"
PSQL="psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -qtA"
OP=$(scripts/dev-token.sh BINDING OPERATOR bench)
STAMP=$(date +%s)
POOL="abench-$STAMP"; PLATFORM="abench-$STAMP"
source "$ROOT/bench/lib.sh"
# shellcheck disable=SC2046 # twenty block numbers, one word each
direct_pool_platform "$POOL" $(run_blocks 7007)
export TOKEN=$(scripts/dev-token.sh BINDING PLATFORM bench "$PLATFORM") POOL GRANTED=$(date -u +%Y-%m-%dT%H:%M:%SZ)
AUDIT_JAR=$(ls compliance-audit-service/target/compliance-audit-service-*.jar | grep -v original | head -n1)
backlog() { audit_backlog; }
start_audit() { # port db-url extra-args...
  local port=$1 url=$2; shift 2
  SERVER_PORT=$port NUMSHIELD_AUDIT_DB_URL=$url nohup "$JAVA_HOME/bin/java" -Xms512m -Xmx1g \
    -Djava.security.egd=file:/dev/./urandom -jar "$AUDIT_JAR" "$@" > "$LOCAL/logs/compliance-audit-service-$port.log" 2>&1 &
  echo $!
}
wait_up() { for _ in $(seq 1 120); do curl -fsS "http://127.0.0.1:$1/actuator/health" 2>/dev/null | grep -q '"UP"' && return 0; sleep 1; done; return 1; }

cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; }
pg_cpu() { local t=0 p; for p in $(pgrep -x postgres); do t=$((t + $(cpu "$p" 2>/dev/null || echo 0))); done; echo $t; }
lag_run() { # label, then wrk environment (RATE/CONNS) already exported or not
  local label=$1 t0 t1 out a0 a1 p0 p1 hz
  for _ in $(seq 1 60); do [ "$(backlog)" -eq 0 ] && break; sleep 1; done
  t0=$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ)
  ( while sleep 0.5; do backlog; done ) > "$LOCAL/backlog.samples" & local sampler=$!
  a0=$(cpu "$(cat "$LOCAL/run/compliance-audit-service.pid")"); p0=$(pg_cpu)
  out=$(wrk -t2 -c"${CONNS:-32}" -d"${SECS}s" --timeout 5s -s bench/bind.lua http://127.0.0.1:8081 | grep WRK_RESULT)
  a1=$(cpu "$(cat "$LOCAL/run/compliance-audit-service.pid")"); p1=$(pg_cpu)
  t1=$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ)
  for _ in $(seq 1 120); do [ "$(backlog)" -eq 0 ] && break; sleep 0.5; done
  kill "$sampler" 2>/dev/null || true
  hz=$(getconf CLK_TCK)
  LAST_OUT=$out
  echo "BINDS_$label $out"
  $PSQL -d numshield_audit -c "SELECT 'LAG_$label entries=' || count(*)
      || ' p50_ms=' || round(percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM recorded_at - occurred_at) * 1000)::numeric, 1)
      || ' p99_ms=' || round(percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM recorded_at - occurred_at) * 1000)::numeric, 1)
      || ' max_ms=' || round(max(extract(epoch FROM recorded_at - occurred_at) * 1000)::numeric, 1)
      || ' ledger_rows_per_s=' || round(count(*) / extract(epoch FROM timestamptz '$t1' - timestamptz '$t0'))
    FROM ledger WHERE platform_id = '$PLATFORM' AND occurred_at BETWEEN '$t0' AND '$t1'"
  echo "  backlog peak (sampled every 0.5 s) $(sort -n "$LOCAL/backlog.samples" | tail -n1); CPU: audit java $(( (a1 - a0) * 100 / hz / SECS ))% of a core, postgres $(( (p1 - p0) * 100 / hz / SECS ))% (2 cores in all)"
}

part() { [[ " ${PARTS:-1 2 3 4} " == *" $1 "* ]]; }
if part 1; then
echo "== 1. ingestion while binds run: full speed (wrk, 2 threads, 32 connections, ${SECS}s, after ${WARMUP}s of warm-up), then half of it"
wrk -t2 -c32 -d"${WARMUP}s" --timeout 5s -s bench/bind.lua http://127.0.0.1:8081 | grep WRK_RESULT | sed 's/^/  warm-up: /'
lag_run FULL
export RATE=$(( $(grep -o 'rps=[0-9]*' <<< "$LAST_OUT" | cut -d= -f2) / 2 )) CONNS=16
lag_run HALF
unset RATE CONNS

fi
if part 2; then
echo "== 2. ingestion ceiling: audit service stopped for ${SECS}s of binds, then restarted"
AUDIT_PID=$(cat "$LOCAL/run/compliance-audit-service.pid")
kill "$AUDIT_PID"; while kill -0 "$AUDIT_PID" 2>/dev/null; do sleep 0.2; done
wrk -t2 -c32 -d"${SECS}s" --timeout 5s -s bench/bind.lua http://127.0.0.1:8081 | grep WRK_RESULT | sed 's/^/  binds meanwhile: /'
pile=$(backlog)
start_audit 8083 "jdbc:postgresql://127.0.0.1:5432/numshield_audit" > "$LOCAL/run/compliance-audit-service.pid"
wait_up 8083
d0=$(date +%s.%N); b0=$(backlog)
while [ "$(backlog)" -gt 0 ]; do sleep 0.2; done
d1=$(date +%s.%N)
echo "DRAIN backlog_at_restart=$b0 (piled $pile) seconds=$(awk -v a="$d0" -v b="$d1" 'BEGIN {printf "%.1f", b - a}') entries_per_s=$(awk -v n="$b0" -v a="$d0" -v b="$d1" 'BEGIN {printf "%.0f", n / (b - a)}')"

fi
if part 3; then
echo "== 3. verify over the real ledger"
REG=$(scripts/dev-token.sh AUDIT REGULATOR bench)
v0=$(date +%s.%N)
verify=$(curl -fsS -H "Authorization: Bearer $REG" "http://127.0.0.1:8083/v1/audit/verify?from=$(date -u -d '-30 days' +%Y-%m-%dT%H:%M:%SZ)&to=$(date -u -d '+1 minute' +%Y-%m-%dT%H:%M:%SZ)")
v1=$(date +%s.%N)
echo "VERIFY $(echo "$verify" | jq -c '{verified, entries}') seconds=$(awk -v a="$v0" -v b="$v1" 'BEGIN {printf "%.2f", b - a}') entries_per_s=$(awk -v n="$(echo "$verify" | jq .entries)" -v a="$v0" -v b="$v1" 'BEGIN {printf "%.0f", n / (b - a)}')"

fi
part 4 || exit 0
echo "== 4. $((BINDINGS * 4)) generated ledger rows ($BINDINGS bindings over a year) in numshield_audit_bench, served on :8093"
NUMBERS=20000; BASE=900000000000; SPAN=$(( 365 * 86400 ))
T0=""
if [ -z "${REGENERATE:-}" ] && [ -n "$($PSQL -d postgres -c "SELECT 1 FROM pg_database WHERE datname = 'numshield_audit_bench'")" ]; then
  T0=$($PSQL -d numshield_audit_bench -c "SELECT t0 FROM bench_meta WHERE bindings = $BINDINGS" 2>/dev/null || true)
fi
if [ -n "$T0" ]; then
  echo "  reusing numshield_audit_bench as generated before (T0=$T0; REGENERATE=1 builds it again)"
  BENCH_PID=$(start_audit 8093 "jdbc:postgresql://127.0.0.1:5432/numshield_audit_bench" --numshield.redis.key-prefix=benchaudit: \
    --numshield.audit.query.max-span=400d --numshield.audit.query.max-rows=100000000)
  trap 'kill $BENCH_PID 2>/dev/null || true' EXIT
  wait_up 8093
else
# real ciphertexts and blind indexes to reuse: 50 bindings of known fixture parties, through the real path
for i in $(seq 1 50); do
  curl -fsS -o /dev/null -X POST http://127.0.0.1:8081/v1/bindings -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    -d "{\"mode\":\"AXB\",\"orderId\":\"seed-$STAMP-$i\",\"partyA\":\"138000$(printf '%05d' $i)\",\"partyB\":\"139000$(printf '%05d' $i)\",\"ttlSeconds\":1800,\"consent\":{\"reference\":\"bench\",\"grantedAt\":\"$GRANTED\"}}"
done
for _ in $(seq 1 60); do
  [ "$($PSQL -d numshield_audit -c "SELECT count(*) FROM holding WHERE order_id LIKE 'seed-$STAMP-%'")" -ge 50 ] && break; sleep 0.5
done
$PSQL -d postgres -c "DROP DATABASE IF EXISTS numshield_audit_bench" -c "CREATE DATABASE numshield_audit_bench"
BENCH_PID=$(start_audit 8093 "jdbc:postgresql://127.0.0.1:5432/numshield_audit_bench" --numshield.redis.key-prefix=benchaudit: \
    --numshield.audit.query.max-span=400d --numshield.audit.query.max-rows=100000000)
trap 'kill $BENCH_PID 2>/dev/null || true' EXIT
wait_up 8093
$PSQL -d numshield_audit -c "COPY (SELECT split_part(order_id, '-', 3)::int, parties, party_a_index, party_b_index
  FROM holding WHERE order_id LIKE 'seed-$STAMP-%' ORDER BY 1) TO STDOUT" > "$LOCAL/seeds.tsv"
T0=$(( $(date +%s) - 400 * 86400 ))
g0=$(date +%s)
$PSQL -d numshield_audit_bench <<SQL
CREATE TABLE bench_seed (n int, parties text, ia text, ib text);
\copy bench_seed FROM '$LOCAL/seeds.tsv'
DO \$\$
DECLARE
  m timestamp := date_trunc('month', to_timestamp($T0) AT TIME ZONE 'UTC');
  t text;
  name text;
BEGIN
  WHILE m < date_trunc('month', now() AT TIME ZONE 'UTC') - interval '1 month' LOOP
    FOREACH t IN ARRAY ARRAY['ledger', 'holding'] LOOP
      name := format('%s_y%sm%s', t, to_char(m, 'YYYY'), to_char(m, 'MM'));
      IF to_regclass(name) IS NULL THEN
        EXECUTE format('CREATE TABLE %I PARTITION OF %I FOR VALUES FROM (%L) TO (%L)', name, t,
          m AT TIME ZONE 'UTC', (m + interval '1 month') AT TIME ZONE 'UTC');
      END IF;
    END LOOP;
    m := m + interval '1 month';
  END LOOP;
END \$\$;
SQL
CHUNK=250000
for lo in $(seq 1 $CHUNK "$BINDINGS"); do
  hi=$(( lo + CHUNK - 1 )); [ "$hi" -gt "$BINDINGS" ] && hi=$BINDINGS
  $PSQL -d numshield_audit_bench <<SQL
INSERT INTO holding (binding_id, valid_from, valid_to, leased_at, expires_at, released_at, release_reason,
  virtual_number, platform_id, order_id, mode, pool_id, direction, recording, party_a_index, party_b_index, parties)
SELECT 'BH' || lpad(i::text, 14, '0'), g.ts, g.ts + g.dur - interval '60 s', g.ts, g.ts + g.dur,
  g.ts + g.dur - interval '60 s', 'DELETED', '700' || lpad(($BASE + (i::bigint * 7919) % $NUMBERS)::text, 12, '0'),
  'bench-p' || (i % 20), 'O' || i, 'AXB', 'benchpool', 'BOTH', false,
  CASE WHEN i % 50000 = 7 THEN s.ia ELSE 'ga' || (i % 500000) END, 'gb' || (i % 700000), s.parties
FROM generate_series($lo, $hi) i
CROSS JOIN LATERAL (SELECT to_timestamp($T0 + (i - 1)::float8 * $SPAN / $BINDINGS) AS ts,
  make_interval(secs => 1800 + (i::bigint * 7919) % 5400) AS dur) g
JOIN bench_seed s ON s.n = 1 + i % 50;
INSERT INTO ledger (seq, event_id, type, occurred_at, recorded_at, platform_id, binding_id, order_id, virtual_number,
  party_a, party_b, party_a_index, party_b_index, parties, details, prev_hash, hash, hash_version)
SELECT (i - 1) * 4 + k + 1, (ARRAY['created:', 'routed:', 'evt_', 'released:'])[k + 1] || 'BH' || lpad(i::text, 14, '0'),
  (ARRAY['BINDING_CREATED', 'CALL_ROUTED', 'CALL_EVENT', 'BINDING_RELEASED'])[k + 1], g.occ, g.occ + interval '50 ms',
  'bench-p' || (i % 20), 'BH' || lpad(i::text, 14, '0'), 'O' || i, '700' || lpad(($BASE + (i::bigint * 7919) % $NUMBERS)::text, 12, '0'),
  CASE WHEN k IN (0, 3) THEN '138****0000' END, CASE WHEN k IN (0, 3) THEN '139****0000' END,
  CASE WHEN k IN (0, 3) THEN 'ga' || (i % 500000) END, CASE WHEN k IN (0, 3) THEN 'gb' || (i % 700000) END,
  NULL, '{"direction":"BOTH","mode":"AXB","poolId":"benchpool","recording":"0"}',
  encode(sha256(((i - 1) * 4 + k)::text::bytea), 'hex'), encode(sha256(((i - 1) * 4 + k + 1)::text::bytea), 'hex'), 1
FROM generate_series($lo, $hi) i CROSS JOIN generate_series(0, 3) k
CROSS JOIN LATERAL (SELECT to_timestamp($T0 + (i - 1)::float8 * $SPAN / $BINDINGS)
  + CASE k WHEN 0 THEN interval '0' WHEN 1 THEN interval '30 s' WHEN 2 THEN interval '60 s'
    ELSE make_interval(secs => 1800 + (i::bigint * 7919) % 5400 - 60) END AS occ) g;
SQL
  echo "  generated bindings $lo..$hi ($(( $(date +%s) - g0 )) s so far)"
done
$PSQL -d numshield_audit_bench -c "ANALYZE ledger" -c "ANALYZE holding" -c "CREATE TABLE bench_meta AS SELECT $T0::bigint AS t0, $BINDINGS AS bindings"
echo "GENERATED ledger_rows=$($PSQL -d numshield_audit_bench -c "SELECT count(*) FROM ledger") holdings=$($PSQL -d numshield_audit_bench -c "SELECT count(*) FROM holding") seconds=$(( $(date +%s) - g0 )) size=$($PSQL -d postgres -c "SELECT pg_size_pretty(pg_database_size('numshield_audit_bench'))")"

fi
export MODE=trace NUMBERS BASE T0 SPAN BINDINGS PARTY=${PARTY:-13800000008}  # seed 8: A of every 50,000th generated binding
fresh() { export TOKEN=$(scripts/dev-token.sh AUDIT REGULATOR bench); REG=$TOKEN; }  # tokens live 5 minutes
fresh
wrk -t1 -c1 -d5s -s bench/trace.lua http://127.0.0.1:8093 >/dev/null
fresh
echo "TRACE_1CONN $(wrk -t1 -c1 -d"${SECS}s" -s bench/trace.lua http://127.0.0.1:8093 | grep WRK_RESULT)"
fresh
echo "TRACE_4CONN $(wrk -t2 -c4 -d"${SECS}s" -s bench/trace.lua http://127.0.0.1:8093 | grep WRK_RESULT)"
fresh
sample=$(curl -fsS -H "Authorization: Bearer $REG" "http://127.0.0.1:8093/v1/audit/trace?virtualNumber=700$(printf '%012d' $((BASE + (1000 * 7919) % NUMBERS)))&at=$(date -u -d @$((T0 + 999 * SPAN / BINDINGS + 900)) +%Y-%m-%dT%H:%M:%SZ)&reason=bench")
echo "  a trace answers $(echo "$sample" | jq '.holders | length') holder(s), e.g. $(echo "$sample" | jq -c '.holders[0] | {bindingId, platformId, orderId}')"
export MODE=party
fresh
echo "PARTY_1CONN $(wrk -t1 -c1 -d"${SECS}s" -s bench/trace.lua http://127.0.0.1:8093 | grep WRK_RESULT)"
fresh
echo "  party-search holders per 30-day window: $(curl -fsS -H "Authorization: Bearer $REG" -H 'Content-Type: application/json' -X POST http://127.0.0.1:8093/v1/audit/party-search \
  -d "{\"party\":\"$PARTY\",\"from\":\"$(date -u -d @$T0 +%Y-%m-%dT%H:%M:%SZ)\",\"to\":\"$(date -u -d @$((T0 + 30 * 86400)) +%Y-%m-%dT%H:%M:%SZ)\",\"reason\":\"bench\"}" | jq '.holders | length')"

fresh
rss0=$(ps -o rss= -p "$BENCH_PID" | tr -d ' ')
e0=$(date +%s.%N)
bytes=$(curl -fsS -H "Authorization: Bearer $REG" -o /dev/null -w '%{size_download}' \
  "http://127.0.0.1:8093/v1/audit/events?from=$(date -u -d @$((T0 - 86400)) +%Y-%m-%dT%H:%M:%SZ)&to=$(date -u +%Y-%m-%dT%H:%M:%SZ)&format=jsonl&reason=bench")
e1=$(date +%s.%N)
rss1=$(ps -o rss= -p "$BENCH_PID" | tr -d ' ')
rows=$($PSQL -d numshield_audit_bench -c "SELECT count(*) FROM ledger")
echo "EXPORT_JSONL rows=$rows bytes=$bytes seconds=$(awk -v a="$e0" -v b="$e1" 'BEGIN {printf "%.1f", b - a}') rows_per_s=$(awk -v n="$rows" -v a="$e0" -v b="$e1" 'BEGIN {printf "%.0f", n / (b - a)}') service_rss_kb_before=$rss0 after=$rss1"
echo "== done: numshield_audit_bench is kept for further looks (drop it with: psql -h 127.0.0.1 -U postgres -c 'DROP DATABASE numshield_audit_bench')"
