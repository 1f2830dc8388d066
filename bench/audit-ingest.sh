#!/usr/bin/env bash
# Audit ingestion benchmark (docs/benchmarks.md, "Audit ingestion (issue 10, point 7)"), on its own:
# one compliance-audit-service on :$PORT (default 8193), its own PostgreSQL database
# ($DB, dropped and created here), its own Redis key prefix ($PREFIX) and keys generated into a
# temporary directory the way scripts/run.sh generates them. Never the `make run` stack.
#
#  1. start the service on empty streams and wait until its consumer groups exist;
#  2. stop it (SIGSTOP) and fill the 128 shard streams with N events exactly as binding-service and
#     call-routing-service write them (bench/AuditEvents.java: per binding BINDING_CREATED,
#     CALL_ROUTED, CALL_EVENT, BINDING_RELEASED; parties encrypted and blind-indexed with the
#     service's own keys);
#  3. let it go (SIGCONT) and time it until the group's lag + pending is 0 on every stream,
#     counting the JVM's CPU and that of the database's backends (/proc/<pid>/stat ticks).
#
# Usage: bench/audit-ingest.sh [events, default 200000]; WARMUP events (default 20000) are drained
# first and left out of the figures. Prints one line
# AUDIT_INGEST events=.. secs=.. events_per_s=.. jvm_cpu_us_per_event=.. pg_cpu_us_per_event=.. redis_cpu_us_per_event=..
# (pg: the service's own backends only, not the WAL writer or checkpointer). Drops its database and
# its keys when done; KEEP=1 keeps them for a look. JAVA_OPTS go to the service (a profiler, say);
# AUDIT_JAR runs another build of the service (a "before" jar, say).
# REDIS_PORT=<port> starts a Redis of its own on that port (no persistence) for the run and stops it
# afterwards: its CPU is then the run's alone. Without it the shared Redis on 6379 is used and its
# redis_cpu_us_per_event counts whatever else that Redis served meanwhile (other tests, make run).
#
# Lag mode: RATE=<events/s> bench/audit-ingest.sh [events] does not stop the service; after the
# warm-up, bench/AuditEvents.java writes the events straight to Redis at that steady rate, each
# stamped with the time it is written, while the service ingests; when the backlog is 0 it prints
# AUDIT_LAG rate=.. events=.. secs=.. p50_ms=.. p99_ms=.. max_ms=.. jvm_cpu_us_per_event=.. pg_cpu_us_per_event=..
# redis_cpu_us_per_event=..
# (lag = recorded_at - occurred_at of those rows, as make bench's audit_lag).
# Both modes then print AUDIT_COMMANDS: the ingestion's Redis commands per event over the run
# (INFO commandstats: xreadgroup, xack, evalsha, xautoclaim; calls and Redis µs per event).
#
# Idle mode: IDLE=<seconds> bench/audit-ingest.sh writes nothing after the warm-up and prints
# AUDIT_IDLE secs=.. jvm_cpu_ms_per_s=.. redis_cpu_ms_per_s=.. (what polling empty streams costs; the
# Redis figure is the service's polling alone when the Redis is the run's own: REDIS_PORT).
set -euo pipefail
source "$(dirname "$0")/../scripts/common.sh"
N="${1:-200000}"
WARMUP="${WARMUP:-20000}"
PORT="${PORT:-8193}"
DB="${DB:-numshield_audit_ingest_bench}"
PREFIX="${PREFIX:-aib:}"
cd "$ROOT"
pick_jdk
ensure_servers
REDIS_PORT_OWN="${REDIS_PORT:-}"
export REDIS_PORT="${REDIS_PORT:-6379}"
R="redis-cli -h 127.0.0.1 -p $REDIS_PORT"
PSQL="psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -qtA"
case "$PREFIX" in ns:) echo "the prefix ns: belongs to make run" >&2; exit 1 ;; esac
case "$DB" in numshield|numshield_audit|numshield_gateway) echo "$DB belongs to make run" >&2; exit 1 ;; esac

AUDIT_JAR=${AUDIT_JAR:-$(ls compliance-audit-service/target/compliance-audit-service-*.jar 2>/dev/null | grep -v original | head -n1 || true)}
if [ -z "$AUDIT_JAR" ] || [ -n "${BUILD:-}" ]; then
  ./mvnw -B -q -ntp -pl compliance-audit-service -am -DskipTests package
  AUDIT_JAR=$(ls compliance-audit-service/target/compliance-audit-service-*.jar | grep -v original | head -n1)
fi
AUDIT_JAR=$(realpath "$AUDIT_JAR")
WORK=$(mktemp -d /tmp/audit-ingest.XXXXXX)
PID=""
REDIS_PID=""
drop_keys() {
  $R --scan --pattern "${PREFIX}*" | xargs -r -n 500 $R del >/dev/null
}
cleanup() {
  [ -n "$PID" ] && { kill -CONT "$PID" 2>/dev/null; kill "$PID" 2>/dev/null; wait "$PID" 2>/dev/null; } || true
  if [ -z "${KEEP:-}" ]; then
    drop_keys
    $PSQL -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null || true
    rm -rf "$WORK"
  else
    echo "kept: database $DB, keys ${PREFIX}*, $WORK (log: $WORK/service.log)"
  fi
}
trap cleanup EXIT
if [ -n "$REDIS_PORT_OWN" ]; then
  # a Redis of the run's own (before the trap's cleanup needs it, after it is set: stopped last)
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
    --pidfile "$WORK/redis.pid" --logfile "$WORK/redis.log" --dir "$WORK" >/dev/null
  for _ in $(seq 1 50); do $R ping 2>/dev/null | grep -q PONG && break; sleep 0.1; done
  REDIS_PID=$(cat "$WORK/redis.pid")
  trap 'cleanup; kill "$REDIS_PID" 2>/dev/null || true' EXIT
else
  REDIS_PID=$(pgrep -x redis-server | head -n1)
fi

# keys and token keys as scripts/run.sh makes them, into the temporary directory
mkdir -p "$WORK/lib"
(cd "$WORK/lib" && unzip -q -j "$AUDIT_JAR" 'BOOT-INF/lib/*.jar')
"$JAVA_HOME/bin/java" -cp "$AUDIT_JAR" -Dloader.main=io.numshield.core.crypto.KeyTool \
  org.springframework.boot.loader.launch.PropertiesLauncher generate "$WORK/keys" >/dev/null
"$JAVA_HOME/bin/java" -cp "$AUDIT_JAR" -Dloader.main=io.numshield.core.token.TokenKeys \
  org.springframework.boot.loader.launch.PropertiesLauncher generate "$WORK/token-keys" >/dev/null

drop_keys
$PSQL -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB" >/dev/null

# the events, as Redis protocol, made while nothing is being measured
[ -n "${RATE:-}" ] || "$JAVA_HOME/bin/java" -cp "$WORK/lib/*" "$ROOT/bench/AuditEvents.java" "$WORK/keys" "$PREFIX" "$N" > "$WORK/events.resp"
"$JAVA_HOME/bin/java" -cp "$WORK/lib/*" "$ROOT/bench/AuditEvents.java" "$WORK/keys" "$PREFIX" "$WARMUP" > "$WORK/warmup.resp"
EVENTS=$(( (N + 3) / 4 * 4 ))

source "$ROOT/bench/lib.sh"
R="redis-cli -h 127.0.0.1 -p $REDIS_PORT"   # lib.sh's is make run's Redis
backlog() { audit_backlog; }
ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
pg_ticks() { # every backend of the bench database (its pids are read each time: the pool may open one)
  local t=0 p
  for p in $($PSQL -d postgres -c "SELECT pid FROM pg_stat_activity WHERE datname = '$DB' AND pid <> pg_backend_pid()"); do
    t=$((t + $(ticks "$p")))
  done
  echo $t
}

SERVER_PORT=$PORT NUMSHIELD_BIND_ADDRESS=127.0.0.1 NUMSHIELD_KEYS_DIR="$WORK/keys" \
  NUMSHIELD_TOKEN_PUBLIC_KEYS="$WORK/token-keys/token-public.jwks" \
  NUMSHIELD_REDIS_URL="redis://127.0.0.1:$REDIS_PORT" NUMSHIELD_AUDIT_DB_URL="jdbc:postgresql://127.0.0.1:5432/$DB" NUMSHIELD_AUDIT_DB_OWNER=postgres \
  "$JAVA_HOME/bin/java" -Xms512m -Xmx1g -Djava.security.egd=file:/dev/./urandom ${JAVA_OPTS:-} -jar "$AUDIT_JAR" \
  --numshield.redis.key-prefix="$PREFIX" --numshield.audit.consumer=audit-ingest-bench > "$WORK/service.log" 2>&1 &
PID=$!
for _ in $(seq 1 120); do
  curl -fsS "http://127.0.0.1:$PORT/actuator/health" 2>/dev/null | grep -q '"status":"UP"' && break
  kill -0 "$PID" 2>/dev/null || { tail -n 30 "$WORK/service.log" >&2; exit 1; }
  sleep 1
done
for _ in $(seq 1 60); do  # the groups exist once the first round ran
  $R xinfo groups "${PREFIX}{63}:calls" 2>/dev/null | grep -q audit && break
  sleep 0.5
done
# a warm-up the measurement leaves out (JIT, pools): WARMUP events (default 20,000), drained
$R --pipe < "$WORK/warmup.resp" > /dev/null
while [ "$(backlog)" -gt 0 ]; do sleep 0.2; done
sleep 1
HZ=$(getconf CLK_TCK)
drained() { # waits for an empty backlog, then reads the clock and the CPU ticks (t1, j1, p1)
  while [ "$(backlog)" -gt 0 ]; do
    sleep 0.1
    kill -0 "$PID" 2>/dev/null || { tail -n 30 "$WORK/service.log" >&2; exit 1; }
  done
  t1=$(date +%s.%N)
  j1=$(ticks "$PID"); p1=$(pg_ticks); r1=$(ticks "$REDIS_PID")
}
commands_per_event() { # AUDIT_COMMANDS: the ingestion's commands per event over the run (commands0/1: INFO commandstats)
  awk -v n="$1" -F'[:=,]' '
    FNR == NR && /^cmdstat_/ { c0[$1] = $3; u0[$1] = $5; next }
    /^cmdstat_(xreadgroup|xack|evalsha|xautoclaim):/ {
      out = out sprintf(" %s=%.3f/%.2fus", substr($1, 9), ($3 - c0[$1]) / n, ($5 - u0[$1]) / n) }
    END { print "AUDIT_COMMANDS per event (calls/Redis us):" out " (xack counts those inside ack.lua; evalsha includes the trimmer)" }' \
    "$WORK/commands0" "$WORK/commands1"
}
if [ -n "${IDLE:-}" ]; then
  # idle mode: nothing written; what the service's polling costs while the streams stay empty
  LOAD=$(cut -d' ' -f1-3 /proc/loadavg)
  j0=$(ticks "$PID"); r0=$(ticks "$REDIS_PID")
  sleep "$IDLE"
  j1=$(ticks "$PID"); r1=$(ticks "$REDIS_PID")
  awk -v s="$IDLE" -v j="$((j1 - j0))" -v rd="$((r1 - r0))" -v hz="$HZ" -v ld="$LOAD" 'BEGIN {
    printf "AUDIT_IDLE secs=%d jvm_cpu_ms_per_s=%.1f redis_cpu_ms_per_s=%.1f load=\"%s\"\n", s, j * 1000 / hz / s, rd * 1000 / hz / s, ld }'
  exit 0
fi
if [ -n "${RATE:-}" ]; then
  LOAD=$(cut -d' ' -f1-3 /proc/loadavg)
  j0=$(ticks "$PID"); p0=$(pg_ticks); r0=$(ticks "$REDIS_PID")
  $R info commandstats > "$WORK/commands0"
  t0=$(date +%s.%N)
  "$JAVA_HOME/bin/java" -cp "$WORK/lib/*" "$ROOT/bench/AuditEvents.java" "$WORK/keys" "$PREFIX" "$N" "$RATE" | sed 's/^/  /'
  drained
  echo "  load average before $LOAD, after $(cut -d' ' -f1-3 /proc/loadavg); dead letters $($R xlen "${PREFIX}audit:dead")"
  lag=$($PSQL -d "$DB" -c "SELECT count(*) || ' ' || round(percentile_cont(0.5) WITHIN GROUP (ORDER BY ms)::numeric, 1)
      || ' ' || round(percentile_cont(0.99) WITHIN GROUP (ORDER BY ms)::numeric, 1) || ' ' || round(max(ms)::numeric, 1)
    FROM (SELECT extract(epoch FROM recorded_at - occurred_at) * 1000 AS ms FROM ledger WHERE platform_id LIKE 'aib-paced-%') l")
  read -r rows p50 p99 max <<< "$lag"
  awk -v r="$RATE" -v n="$rows" -v a="$t0" -v b="$t1" -v p50="$p50" -v p99="$p99" -v mx="$max" -v j="$((j1 - j0))" -v p="$((p1 - p0))" -v rd="$((r1 - r0))" -v hz="$HZ" 'BEGIN {
    printf "AUDIT_LAG rate=%d events=%d secs=%.1f p50_ms=%s p99_ms=%s max_ms=%s jvm_cpu_us_per_event=%.0f pg_cpu_us_per_event=%.0f redis_cpu_us_per_event=%.0f\n",
      r, n, b - a, p50, p99, mx, j * 1e6 / hz / n, p * 1e6 / hz / n, rd * 1e6 / hz / n }'
  $R info commandstats > "$WORK/commands1"
  commands_per_event "$rows"
  exit 0
fi
kill -STOP "$PID"
LOAD=$(cut -d' ' -f1-3 /proc/loadavg)
$R --pipe < "$WORK/events.resp" | tail -n1 | sed 's/^/  redis-cli: /'
before=$(backlog)
echo "  $before entries waiting in ${PREFIX}{00..63}:{ev,calls}; load average $LOAD"
j0=$(ticks "$PID"); p0=$(pg_ticks); r0=$(ticks "$REDIS_PID")
$R info commandstats > "$WORK/commands0"
t0=$(date +%s.%N)
kill -CONT "$PID"
drained
rows=$($PSQL -d "$DB" -c "SELECT count(*) FROM ledger")   # warm-up included
dead=$($R xlen "${PREFIX}audit:dead")
echo "  ledger rows $rows, dead letters $dead, load average after $(cut -d' ' -f1-3 /proc/loadavg)"
awk -v n="$before" -v a="$t0" -v b="$t1" -v j="$((j1 - j0))" -v p="$((p1 - p0))" -v rd="$((r1 - r0))" -v hz="$HZ" 'BEGIN {
  s = b - a
  printf "AUDIT_INGEST events=%d secs=%.1f events_per_s=%.0f jvm_cpu_us_per_event=%.0f pg_cpu_us_per_event=%.0f redis_cpu_us_per_event=%.0f\n",
    n, s, n / s, j * 1e6 / hz / n, p * 1e6 / hz / n, rd * 1e6 / hz / n }'
$R info commandstats > "$WORK/commands1"
commands_per_event "$before"
