#!/usr/bin/env bash
# The fresh-machine paths of make run and make test (issue 13, point 5; docs/testing.md, "A fresh
# machine"), on servers of this check's own so that the machine's PostgreSQL (5432) and Redis (6379)
# are never touched:
#   - a PostgreSQL cluster made here with initdb --auth=scram-sha-256 (every connection, loopback
#     included, needs a password) on NUMSHIELD_CHECK_PG_PORT (15432), left stopped;
#   - a Redis on NUMSHIELD_CHECK_REDIS_PORT (16379), started and stopped again.
# Then:
#   1. stopped servers: ensure_servers starts both (pg_ctl on the data directory, redis-server);
#   2. password authentication: scripts/run.sh without the admin password stops with one line saying
#      so; with PGPASSWORD it makes the databases and scram-password roles and starts the platform on
#      ports 18080-18084 with a state directory of its own (every service logs in with its role's
#      password); make test's path (scripts/test.sh) passes the address and password into the test
#      harness, and TestInfrastructureIT reaches this cluster with them;
#   3. Docker instead, and 4. neither: ensure_servers, scripts/test.sh and scripts/run.sh with fake
#      commands first on the PATH (a docker whose engine answers or does not, a Debian cluster that
#      is stopped), since this machine has no Docker engine.
# Prints "== ok <what>" for each; cleans up after itself (trap). Needs the service jars (make test
# builds them; scripts/run.sh builds them when they are not current).
# Usage: scripts/fresh-machine-check.sh [command ...]. A command given is run while the platform of
# point 2 is up, with its ports and state directory in the environment as make run takes them
# (NUMSHIELD_GATEWAY_PORT, ..._BINDING_, ..._ROUTING_, ..._AUDIT_PORT, NUMSHIELD_STATE_DIR,
# NUMSHIELD_URL), and must succeed: .ci/run runs deploy/kamailio/test.sh so, which spares CI a second
# start of the platform.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
source "$ROOT/scripts/common.sh"
pick_jdk
cd "$ROOT"

PG_PORT="${NUMSHIELD_CHECK_PG_PORT:-15432}"
REDIS_PORT="${NUMSHIELD_CHECK_REDIS_PORT:-16379}"
PORT_BASE="${NUMSHIELD_CHECK_PORT_BASE:-18080}"   # gateway +0, services +1..+3, gateway management +10
for port in "$PG_PORT" "$REDIS_PORT" "$PORT_BASE" $((PORT_BASE + 1)) $((PORT_BASE + 2)) $((PORT_BASE + 3)) $((PORT_BASE + 10)); do
  if port_open 127.0.0.1 "$port"; then
    echo "port $port is in use: this check needs it (NUMSHIELD_CHECK_PG_PORT, NUMSHIELD_CHECK_REDIS_PORT, NUMSHIELD_CHECK_PORT_BASE move them)" >&2
    exit 1
  fi
done

WORK=$(mktemp -d /tmp/numshield-fresh.XXXXXX)
chmod 755 "$WORK"   # the cluster's OS user reaches its data directory through it
STATE="$WORK/state"
PGDATA_DIR="$WORK/pg"
PG_BIN="$(dirname "$(pg_ctl_path)")"
ADMIN_PASSWORD="check-$(openssl rand -hex 8)"
as_owner() { # the server refuses to run as root: as the OS user postgres then
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
cleanup() {
  local rc=$?
  NUMSHIELD_STATE_DIR="$STATE" "$ROOT/scripts/stop.sh" >/dev/null 2>&1 || true
  redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
  [ -f "$PGDATA_DIR/postmaster.pid" ] && as_owner "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" -m immediate stop >/dev/null 2>&1 || true
  if [ "$rc" != 0 ]; then
    echo "fresh-machine check failed; its servers' and services' logs:" >&2
    tail -n 20 "$PGDATA_DIR/server.log" "$STATE"/logs/*.log >&2 2>/dev/null || true
  fi
  rm -rf "$WORK"
  exit "$rc"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
# grep in "$out", without a pipe: under pipefail, `printf '%s\n' "$out" | grep -q` fails when grep
# has its match and exits before printf's last line is written (SIGPIPE), which a loaded machine
# made happen (CI, beside make test-cluster)
out_has() { grep "$@" <<< "$out"; }
ok() { echo "== ok $*"; }

# The servers of this check: what `apt-get install postgresql redis-server` leaves on a machine
# whose PostgreSQL asks for passwords, both stopped.
printf '%s\n' "$ADMIN_PASSWORD" > "$WORK/pwfile"
if [ "$(id -u)" = 0 ]; then chown postgres "$WORK/pwfile"; mkdir "$PGDATA_DIR"; chown postgres "$PGDATA_DIR"; fi
as_owner "$PG_BIN/initdb" -D "$PGDATA_DIR" -U postgres --auth=scram-sha-256 --pwfile="$WORK/pwfile" >/dev/null
rm -f "$WORK/pwfile"
cat >> "$PGDATA_DIR/postgresql.conf" <<CONF
port = $PG_PORT
listen_addresses = '127.0.0.1'
unix_socket_directories = '$PGDATA_DIR'
fsync = off
CONF
mkdir -p "$STATE"
redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no --dir "$WORK" \
  --logfile "$WORK/redis-first.log"
for _ in $(seq 1 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
for _ in $(seq 1 50); do port_open 127.0.0.1 "$REDIS_PORT" || break; sleep 0.1; done
port_open 127.0.0.1 "$REDIS_PORT" && fail "the check's Redis on $REDIS_PORT did not stop"

export NUMSHIELD_DB_PORT="$PG_PORT" NUMSHIELD_REDIS_PORT="$REDIS_PORT" NUMSHIELD_STATE_DIR="$STATE"
export NUMSHIELD_PG_DATA="$PGDATA_DIR"
LOCAL="$STATE"   # common.sh read NUMSHIELD_STATE_DIR when it was sourced

# --- 3 and 4: Docker instead, neither. Fake commands first on the PATH; the real ones for the rest,
# except the servers' own, which a PATH of links to the basic tools alone leaves out.
BASE="$WORK/base-bin" FAKE="$WORK/fake-bin"
mkdir -p "$BASE" "$FAKE"
for tool in bash sh awk dirname cat ls seq sleep head grep sort stat id mkdir env tr cut sed timeout; do
  ln -s "$(command -v "$tool")" "$BASE/$tool"
done
fake_docker() { # answers|refuses
  if [ "$1" = answers ]; then
    printf '#!/bin/sh\n[ "$1" = info ] && exit 0\nexit 1\n' > "$FAKE/docker"
  else
    printf '#!/bin/sh\necho "Cannot connect to the Docker daemon" >&2\nexit 1\n' > "$FAKE/docker"
  fi
  chmod +x "$FAKE/docker"
}
faked() { # command...: with the fake PATH, no pg_ctl data directory
  env PATH="$FAKE:$BASE" NUMSHIELD_PG_DATA= NUMSHIELD_TEST_POSTGRES_URL= "$@"
}

fake_docker answers
out=$(faked bash -c 'source scripts/common.sh; echo "$(server_source postgres) $(server_source redis)"')
[ "$out" = "docker docker" ] || fail "with Docker answering and nothing installed, server_source said: $out"
out=$(faked bash -c 'source scripts/common.sh; test_servers && echo "SERVERS=$SERVERS URL=${NUMSHIELD_TEST_POSTGRES_URL:-}"')
out_has -q 'the tests take both from Testcontainers' || fail "make test with Docker: $out"
out_has -qx 'SERVERS=docker URL=' || fail "make test with Docker passed servers to the harness: $out"
out_has -qx 'no PostgreSQL and Redis installed here, and Docker answers: the tests take both from Testcontainers' \
  || fail "make test with Docker: $out"
# a Redis that answers (the machine's own, only looked at) but no PostgreSQL: Testcontainers for both,
# since the harness takes both from one place
out=$(faked env NUMSHIELD_REDIS_PORT=6379 bash -c 'source scripts/common.sh; test_servers && echo "SERVERS=$SERVERS"')
out_has -qx 'no PostgreSQL installed here, and Docker answers: the tests take both from Testcontainers' \
  || fail "make test with Docker and Redis alone: $out"
out_has -qx 'SERVERS=docker' || fail "make test with Docker and Redis alone: $out"
ok "Docker instead, make test: nothing passed to the harness, which takes both from Testcontainers"
if out=$(faked scripts/run.sh 2>&1); then fail "make run with Docker and no servers went on: $out"; fi
out_has -q "docker run -d --name numshield-postgres -p 127.0.0.1:$PG_PORT:5432" \
  || fail "make run with Docker did not say how to start PostgreSQL: $out"
out_has -q "docker run -d --name numshield-redis -p 127.0.0.1:$REDIS_PORT:6379" \
  || fail "make run with Docker did not say how to start Redis: $out"
ok "Docker instead, make run: one line each on how to start PostgreSQL and Redis with Docker, exit 1"

for docker in refuses none; do
  if [ "$docker" = refuses ]; then fake_docker refuses; else rm -f "$FAKE/docker"; fi
  for script in scripts/test.sh scripts/run.sh; do
    if out=$(faked "$script" 2>&1); then fail "$script with neither went on: $out"; fi
    [ "$(out_has -c .)" = 2 ] || fail "$script with neither said more than one line each: $out"
    out_has -qx "PostgreSQL not found on 127.0.0.1:$PG_PORT: install postgresql (apt-get install postgresql) or start Docker" \
      || fail "$script with neither: $out"
    out_has -qx "Redis not found on 127.0.0.1:$REDIS_PORT: install redis (apt-get install redis-server) or start Docker" \
      || fail "$script with neither: $out"
  done
done
ok "neither (Docker's engine not answering, or no docker at all): make test and make run name what is missing in one line each and exit 1"
# servers there (the machine's own, only looked at) but no PostgreSQL client: make run says which package
if out=$(faked env NUMSHIELD_DB_PORT=5432 NUMSHIELD_REDIS_PORT=6379 scripts/run.sh 2>&1); then
  fail "make run without psql went on: $out"
fi
[ "$out" = "psql not found: install postgresql-client (apt-get install postgresql-client)" ] || fail "make run without psql: $out"
ok "no psql: make run names the package in one line and exits 1"

# A Debian machine's stopped cluster: pg_lsclusters lists it, pg_ctlcluster starts it (recorded here).
cat > "$FAKE/pg_lsclusters" <<FAKE
#!/bin/sh
echo "15 other 5499 down postgres /nowhere /nowhere.log"
echo "15 main $PG_PORT down postgres /nowhere /nowhere.log"
FAKE
printf '#!/bin/sh\necho "$@" > "%s/pg_ctlcluster.args"\n' "$WORK" > "$FAKE/pg_ctlcluster"
chmod +x "$FAKE/pg_lsclusters" "$FAKE/pg_ctlcluster"
out=$(faked bash -c 'source scripts/common.sh; server_source postgres; start_postgres')
[ "${out%%$'\n'*}" = local ] || fail "a stopped Debian cluster on $PG_PORT is not local: $out"
out_has -qx "starting PostgreSQL: cluster 15 main on port $PG_PORT (pg_ctlcluster)" || fail "$out"
[ "$(cat "$WORK/pg_ctlcluster.args")" = "--skip-systemctl-redirect 15 main start" ] \
  || fail "pg_ctlcluster was called with: $(cat "$WORK/pg_ctlcluster.args")"
ok "a stopped Debian cluster: the one on the port asked for is started with pg_ctlcluster"

# --- 2: servers installed but stopped, the real ones of this check
port_open 127.0.0.1 "$PG_PORT" && fail "the check's cluster is running before ensure_servers"
out=$(ensure_servers run)
out_has -qx "starting PostgreSQL: $PGDATA_DIR on port $PG_PORT (pg_ctl)" || fail "ensure_servers: $out"
out_has -qx "starting Redis: redis-server on port $REDIS_PORT (log $STATE/redis-$REDIS_PORT/redis.log)" \
  || fail "ensure_servers: $out"
port_open 127.0.0.1 "$PG_PORT" || fail "PostgreSQL does not answer on $PG_PORT after ensure_servers"
[ "$(redis-cli -p "$REDIS_PORT" ping)" = PONG ] || fail "Redis does not answer on $REDIS_PORT after ensure_servers"
ok "servers stopped: ensure_servers started PostgreSQL (pg_ctl) and Redis (redis-server) and said so"

# --- 1: password authentication
PGPASSWORD=wrong psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -tAc 'SELECT 1' >/dev/null 2>&1 \
  && fail "the check's cluster let postgres in without its password: it proves nothing"
service_ports() {
  env NUMSHIELD_GATEWAY_PORT="$PORT_BASE" NUMSHIELD_BINDING_PORT=$((PORT_BASE + 1)) \
    NUMSHIELD_ROUTING_PORT=$((PORT_BASE + 2)) NUMSHIELD_AUDIT_PORT=$((PORT_BASE + 3)) \
    NUMSHIELD_CONSOLE_PORT=$((PORT_BASE + 4)) \
    NUMSHIELD_GATEWAY_MANAGEMENT_PORT=$((PORT_BASE + 10)) NUMSHIELD_URL= \
    NUMSHIELD_WARMUP_ENABLED=false NUMSHIELD_AOT_CACHE=0 "$@"
}
no_password="postgres cannot log in to PostgreSQL on 127.0.0.1:$PG_PORT: give its password as PGPASSWORD (or NUMSHIELD_DB_ADMIN_PASSWORD)"
if out=$(service_ports env -u PGPASSWORD -u NUMSHIELD_DB_ADMIN_PASSWORD scripts/run.sh 2>&1); then
  fail "make run without the admin password went on: $out"
fi
out_has -q "^$no_password" || fail "make run without the admin password: $out"
if out=$(env -u PGPASSWORD -u NUMSHIELD_DB_ADMIN_PASSWORD -u NUMSHIELD_TEST_POSTGRES_URL scripts/test.sh 2>&1); then
  fail "make test without the admin password went on: $out"
fi
out_has -q "^$no_password" || fail "make test without the admin password: $out"
ok "password authentication, no password given: make run and make test say to give PGPASSWORD and exit 1"

t0=$SECONDS
service_ports env PGPASSWORD="$ADMIN_PASSWORD" scripts/run.sh > "$WORK/run.log" 2>&1 \
  || { cat "$WORK/run.log" >&2; fail "make run with PGPASSWORD"; }
grep -q "NumShield is running: gateway :$PORT_BASE" "$WORK/run.log" || fail "make run's answer: $(cat "$WORK/run.log")"
grep -q '^NUMSHIELD_DEMO_PLATFORM_KEY=[^:]\+:[^:]\+$' "$STATE/demo-keys.env" \
  || fail "no demo platform key made through the gateway: $(cat "$WORK/run.log")"
admin() { PGPASSWORD="$ADMIN_PASSWORD" psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -v ON_ERROR_STOP=1 -tA "$@"; }
for role in numshield numshield_audit numshield_audit_app; do
  [ "$(admin -d postgres -c "SELECT rolpassword LIKE 'SCRAM-SHA-256\$%' AND NOT rolsuper AND NOT rolcreatedb AND NOT rolcreaterole FROM pg_authid WHERE rolname = '$role'")" = t ] \
    || fail "role $role has no scram password, or more rights than its own"
done
db_password=$(sed -n 's/^NUMSHIELD_DB_PASSWORD=//p' "$STATE/secrets.env")
[ "$(PGPASSWORD="$db_password" psql -h 127.0.0.1 -p "$PG_PORT" -U numshield -d numshield -tAc 'SELECT current_user')" = numshield ] \
  || fail "numshield cannot log in with the password make run gave it"
[ "$(admin -d numshield_audit -c "SELECT count(*) FROM flyway_schema_history WHERE version = '2' AND success")" = 1 ] \
  || fail "the audit service's migrations did not run as numshield_audit"
ok "password authentication: make run with PGPASSWORD made scram roles, the platform answers on :$PORT_BASE ($((SECONDS - t0)) s)"
if [ $# -gt 0 ]; then   # the command line's check, against this platform (its ports, its state directory)
  t0=$SECONDS
  service_ports env NUMSHIELD_URL="http://127.0.0.1:$PORT_BASE" "$@" || fail "$* against this check's platform"
  ok "$* against this check's platform ($((SECONDS - t0)) s)"
fi
NUMSHIELD_STATE_DIR="$STATE" scripts/stop.sh >/dev/null

# make test's path: scripts/test.sh passes this cluster and its password to the harness; one IT of
# test-support (the gates and the rest ran in make test)
t0=$SECONDS
env -u NUMSHIELD_TEST_POSTGRES_URL -u NUMSHIELD_TEST_REDIS_URL PGPASSWORD="$ADMIN_PASSWORD" scripts/test.sh -q -pl test-support -am -Dit.test=TestInfrastructureIT \
  -Dfailsafe.failIfNoSpecifiedTests=false -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false \
  -Dcheckstyle.skip -Denforcer.skip -Dspring-javaformat.validate.skip=true > "$WORK/test.log" 2>&1 \
  || { tail -n 60 "$WORK/test.log" >&2; fail "make test's harness against the password cluster"; }
grep -q 'tests="2" errors="0" skipped="0" failures="0"' \
  test-support/target/failsafe-reports/TEST-io.numshield.testsupport.TestInfrastructureIT.xml \
  || fail "TestInfrastructureIT did not run its two tests"
ok "password authentication: make test passed 127.0.0.1:$PG_PORT and PGPASSWORD to the harness, TestInfrastructureIT passed ($((SECONDS - t0)) s)"
