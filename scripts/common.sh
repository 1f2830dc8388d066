#!/usr/bin/env bash
# Shared by make run / make test / .ci/run: pick a JDK 21+, start local PostgreSQL and Redis if
# they are installed but stopped, or say what is missing. Sourced, not run.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# make run's state: secrets, keys, logs, pid files (NUMSHIELD_STATE_DIR moves it, e.g. for a second platform)
LOCAL="${NUMSHIELD_STATE_DIR:-$ROOT/.local}"

java_major() {
  "$1/bin/java" -version 2>&1 | awk -F'"' '/version/ {split($2, v, "."); print (v[1] == "1" ? v[2] : v[1]); exit}'
}

# Sets JAVA_HOME to a JDK 21 or newer: $JAVA_HOME if it is one, else the newest under /usr/lib/jvm.
pick_jdk() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ] && [ "$(java_major "$JAVA_HOME")" -ge 21 ] 2>/dev/null; then
    export JAVA_HOME; return 0
  fi
  local best="" best_v=0 dir v
  for dir in /usr/lib/jvm/*; do
    [ -x "$dir/bin/javac" ] || continue
    v=$(java_major "$dir") || continue
    if [ -n "$v" ] && [ "$v" -ge 21 ] && [ "$v" -gt "$best_v" ]; then best="$dir"; best_v="$v"; fi
  done
  if [ -z "$best" ]; then
    echo "no JDK 21+ found: set JAVA_HOME or install one under /usr/lib/jvm (e.g. apt-get install openjdk-21-jdk-headless)" >&2
    return 1
  fi
  export JAVA_HOME="$best"
}

# ./mvnw with the checkout's Maven lock held. Two Maven runs in one checkout write the same target
# directories, and make test's clean deletes them under the other one: every Maven run of these
# scripts takes this lock, and a second one waits for the first (CI runs make test-cluster beside
# the fresh-machine check, whose last step is a make test of its own). The lock is Maven's alone:
# held by the Maven JVM, it ends with it, and what Maven starts (test JVMs, services) does not
# inherit it.
mvnw_locked() { # mvnw arguments...
  mkdir -p "$ROOT/.local"
  (
    exec 9> "$ROOT/.local/maven.lock"
    if ! flock -n 9; then
      echo "waiting for the other Maven run in $ROOT to end ($ROOT/.local/maven.lock)" >&2
      flock 9
    fi
    exec "$ROOT/mvnw" "$@"
  )
}

# (at most 3 s: a server elsewhere that drops packets would otherwise hold a connect for minutes)
port_open() { timeout 3 bash -c 'exec 3<>"/dev/tcp/$0/$1"' "$1" "$2" 2>/dev/null; }

# Where PostgreSQL and Redis are, for make run, make test and the scripts around them; each
# defaults to what a machine set up like the README's has. The admin connection (a role that may
# create databases and roles: postgres) takes its password from NUMSHIELD_DB_ADMIN_PASSWORD, else
# PGPASSWORD, else none (trust). NUMSHIELD_DB_PASSWORD is not it: that is the password of the role
# the services log in as (scripts/run.sh), which must never be the superuser's.
NUMSHIELD_DB_HOST="${NUMSHIELD_DB_HOST:-127.0.0.1}"
NUMSHIELD_DB_PORT="${NUMSHIELD_DB_PORT:-5432}"
NUMSHIELD_DB_ADMIN_USER="${NUMSHIELD_DB_ADMIN_USER:-postgres}"
NUMSHIELD_REDIS_HOST="${NUMSHIELD_REDIS_HOST:-127.0.0.1}"
NUMSHIELD_REDIS_PORT="${NUMSHIELD_REDIS_PORT:-6379}"
db_admin_password() { printf '%s' "${NUMSHIELD_DB_ADMIN_PASSWORD:-${PGPASSWORD:-}}"; }

is_loopback() { case $1 in 127.0.0.1 | localhost | ::1) return 0 ;; *) return 1 ;; esac; }

# The Debian cluster (pg_lsclusters: "<version> <name>") that listens on port $1, if any.
debian_cluster_on() {
  command -v pg_lsclusters >/dev/null 2>&1 && command -v pg_ctlcluster >/dev/null 2>&1 || return 1
  pg_lsclusters -h 2>/dev/null | while read -r version name port _; do
    if [ "$port" = "$1" ]; then echo "$version $name"; break; fi
  done | grep .
}

# pg_ctl: on the PATH, or where Debian's packages put it (newest version first).
pg_ctl_path() {
  local found
  if found=$(command -v pg_ctl 2>/dev/null); then echo "$found"; return 0; fi
  for found in $(ls -d /usr/lib/postgresql/*/bin/pg_ctl 2>/dev/null | sort -rV); do
    [ -x "$found" ] && { echo "$found"; return 0; }
  done
  return 1
}

# Where one server comes from, in one word (what ensure_servers does with it):
#   running  something answers on its address: used as it is
#   local    installed here and stopped: started with this machine's own command (PostgreSQL: the
#            Debian cluster on that port via pg_ctlcluster, or the data directory NUMSHIELD_PG_DATA via
#            pg_ctl; Redis: redis-server)
#   docker   not installed, but a Docker engine answers (docker info)
#   missing  neither
# Only loopback servers are started; a server elsewhere is running or missing.
server_source() { # postgres|redis
  local host port
  case $1 in
    postgres) host=$NUMSHIELD_DB_HOST port=$NUMSHIELD_DB_PORT ;;
    redis) host=$NUMSHIELD_REDIS_HOST port=$NUMSHIELD_REDIS_PORT ;;
    *) echo "server_source: postgres or redis, not $1" >&2; return 2 ;;
  esac
  if port_open "$host" "$port"; then echo running; return 0; fi
  if is_loopback "$host"; then
    case $1 in
      postgres)
        if debian_cluster_on "$port" >/dev/null \
            || { [ -n "${NUMSHIELD_PG_DATA:-}" ] && [ -f "$NUMSHIELD_PG_DATA/PG_VERSION" ] && pg_ctl_path >/dev/null; }; then
          echo local; return 0
        fi ;;
      redis)
        if command -v redis-server >/dev/null 2>&1; then echo local; return 0; fi ;;
    esac
  fi
  if command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; then echo docker; return 0; fi
  echo missing
}

server_name() { case $1 in postgres) echo PostgreSQL ;; redis) echo Redis ;; esac; }

# The one line that says what is missing (stderr is the caller's choice).
missing_line() { # postgres|redis
  local host port
  case $1 in postgres) host=$NUMSHIELD_DB_HOST port=$NUMSHIELD_DB_PORT ;; redis) host=$NUMSHIELD_REDIS_HOST port=$NUMSHIELD_REDIS_PORT ;; esac
  if ! is_loopback "$host"; then   # not this machine's to install or start
    echo "$(server_name "$1") on $host:$port does not answer"; return 0
  fi
  case $1 in
    postgres) echo "PostgreSQL not found on $NUMSHIELD_DB_HOST:$NUMSHIELD_DB_PORT: install postgresql (apt-get install postgresql) or start Docker" ;;
    redis) echo "Redis not found on $NUMSHIELD_REDIS_HOST:$NUMSHIELD_REDIS_PORT: install redis (apt-get install redis-server) or start Docker" ;;
  esac
}

# How make run's servers would come from Docker, in one line each (make run starts no containers:
# they would outlive make stop and hold data nobody asked for).
docker_line() { # postgres|redis
  case $1 in
    postgres) echo "no PostgreSQL installed, Docker answers: docker run -d --name numshield-postgres -p 127.0.0.1:$NUMSHIELD_DB_PORT:5432 -e POSTGRES_PASSWORD=<password> postgres:16-alpine, then PGPASSWORD=<password> make run" ;;
    redis) echo "no Redis installed, Docker answers: docker run -d --name numshield-redis -p 127.0.0.1:$NUMSHIELD_REDIS_PORT:6379 redis:7-alpine, then make run" ;;
  esac
}

start_postgres() {
  local cluster data pg_ctl owner
  if cluster=$(debian_cluster_on "$NUMSHIELD_DB_PORT"); then
    echo "starting PostgreSQL: cluster $cluster on port $NUMSHIELD_DB_PORT (pg_ctlcluster)"
    # shellcheck disable=SC2086 # "<version> <name>"
    pg_ctlcluster --skip-systemctl-redirect $cluster start || true
    return 0
  fi
  data=$NUMSHIELD_PG_DATA pg_ctl=$(pg_ctl_path)
  echo "starting PostgreSQL: $data on port $NUMSHIELD_DB_PORT (pg_ctl)"
  owner=$(stat -c %U "$data")
  if [ "$(id -u)" = 0 ] && [ "$owner" != root ]; then   # the server refuses to run as root
    runuser -u "$owner" -- "$pg_ctl" -D "$data" -l "$data/server.log" -o "-p $NUMSHIELD_DB_PORT" -w start >/dev/null || true
  else
    "$pg_ctl" -D "$data" -l "$data/server.log" -o "-p $NUMSHIELD_DB_PORT" -w start >/dev/null || true
  fi
}

start_redis() {
  local dir=/var/lib/redis log=/var/log/redis/ci.log
  if [ "$NUMSHIELD_REDIS_PORT" != 6379 ] || ! mkdir -p /var/lib/redis /var/log/redis 2>/dev/null \
      || [ ! -w /var/lib/redis ] || [ ! -w /var/log/redis ]; then
    dir="$LOCAL/redis-$NUMSHIELD_REDIS_PORT" log="$LOCAL/redis-$NUMSHIELD_REDIS_PORT/redis.log"
    mkdir -p "$dir"
  fi
  echo "starting Redis: redis-server on port $NUMSHIELD_REDIS_PORT (log $log)"
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port "$NUMSHIELD_REDIS_PORT" --save "" --appendonly no \
    --dir "$dir" --logfile "$log" || true
}

# ensure_servers run|test: makes PostgreSQL and Redis answer on their addresses, starting this
# machine's own when they are installed and stopped. Sets SERVERS to "local" (both answer now) or,
# for test only, "docker": something is not installed but Docker answers, and the tests take both
# from Testcontainers (TestInfrastructure). Otherwise returns 1 after one line per missing server:
# what to install, or (make run, Docker there) how to start it with Docker.
ensure_servers() {
  local purpose=${1:-run} pg redis server from failed=0 i absent=""
  pg=$(server_source postgres) redis=$(server_source redis)
  SERVERS=local
  for server in postgres redis; do
    if [ "$server" = postgres ]; then from=$pg; else from=$redis; fi
    case $from in
      missing) missing_line "$server" >&2; failed=1 ;;
      docker)
        if [ "$purpose" = test ]; then SERVERS=docker absent="$absent${absent:+ and }$(server_name "$server")"
        else docker_line "$server" >&2; failed=1; fi ;;
    esac
  done
  [ "$failed" = 0 ] || return 1
  if [ "$SERVERS" = docker ]; then
    echo "no $absent installed here, and Docker answers: the tests take both from Testcontainers"
    return 0
  fi
  if [ "$pg" = local ]; then start_postgres; fi
  if [ "$redis" = local ]; then start_redis; fi
  for i in $(seq 1 30); do
    port_open "$NUMSHIELD_DB_HOST" "$NUMSHIELD_DB_PORT" && port_open "$NUMSHIELD_REDIS_HOST" "$NUMSHIELD_REDIS_PORT" && return 0
    sleep 1
  done
  echo "PostgreSQL ($NUMSHIELD_DB_HOST:$NUMSHIELD_DB_PORT) or Redis ($NUMSHIELD_REDIS_HOST:$NUMSHIELD_REDIS_PORT) is not answering" >&2
  return 1
}

# The admin role logs in with the password given ($1), or the server needs none. -w: never a
# prompt. Otherwise one line on what to give, after the server's own answer. Without psql (make
# test needs none) the harness finds out itself.
admin_login() { # password
  local out
  command -v psql >/dev/null 2>&1 || return 0
  if out=$(PGPASSWORD="$1" psql -w -X -q -h "$NUMSHIELD_DB_HOST" -p "$NUMSHIELD_DB_PORT" \
      -U "$NUMSHIELD_DB_ADMIN_USER" -d postgres -tAc 'SELECT 1' 2>&1 </dev/null); then
    return 0
  fi
  printf '%s\n' "$out" >&2
  echo "$NUMSHIELD_DB_ADMIN_USER cannot log in to PostgreSQL on $NUMSHIELD_DB_HOST:$NUMSHIELD_DB_PORT: give its password as PGPASSWORD (or NUMSHIELD_DB_ADMIN_PASSWORD); Debian's postgres role has none until you set one (sudo -u postgres psql -c '\\password postgres')" >&2
  return 1
}

# make test, make test-cluster and scripts/fuzz.sh: where the tests' PostgreSQL and Redis come
# from. NUMSHIELD_TEST_POSTGRES_URL given: as given. Else the servers above, started if need be and
# passed to TestInfrastructure with the admin role and its password; or Testcontainers (nothing
# passed: the harness asks Docker itself).
test_servers() {
  [ -z "${NUMSHIELD_TEST_POSTGRES_URL:-}" ] || return 0
  ensure_servers test || return 1
  if [ "$SERVERS" = local ]; then
    admin_login "$(db_admin_password)" || return 1
    export NUMSHIELD_TEST_POSTGRES_URL="jdbc:postgresql://$NUMSHIELD_DB_HOST:$NUMSHIELD_DB_PORT/postgres"
    export NUMSHIELD_TEST_POSTGRES_USER="$NUMSHIELD_DB_ADMIN_USER"
    NUMSHIELD_TEST_POSTGRES_PASSWORD="$(db_admin_password)"
    export NUMSHIELD_TEST_POSTGRES_PASSWORD
    export NUMSHIELD_TEST_REDIS_URL="redis://$NUMSHIELD_REDIS_HOST:$NUMSHIELD_REDIS_PORT"
  else   # set but empty would still be "given" to the harness
    unset NUMSHIELD_TEST_POSTGRES_URL NUMSHIELD_TEST_REDIS_URL
  fi
}

# Stand-in for a caught-up audit service when compliance-audit-service is not running: moves the 'audit' consumer group of every shard stream to the end, so that
# binding-service's AUDIT_BACKLOG guard (which counts unacknowledged events) lets leases through.
# Used by the benchmark and the Kamailio test, never by the services themselves.
audit_caught_up() {
  local prefix="${NUMSHIELD_REDIS_KEY_PREFIX:-ns:}" s
  if curl -fsS -m 5 "http://127.0.0.1:${NUMSHIELD_AUDIT_PORT:-8083}/actuator/health" 2>/dev/null | grep -q '"status":"UP"'; then
    return 0   # compliance-audit-service is running: it consumes the streams itself
  fi
  for s in $(seq -w 0 63); do
    # destroy and create rather than SETID: only a group created at '$' knows its lag (Redis 7.0)
    redis-cli -h "$NUMSHIELD_REDIS_HOST" -p "$NUMSHIELD_REDIS_PORT" xgroup destroy "$prefix{$s}:ev" audit >/dev/null 2>&1 || true
    redis-cli -h "$NUMSHIELD_REDIS_HOST" -p "$NUMSHIELD_REDIS_PORT" xgroup create "$prefix{$s}:ev" audit '$' mkstream >/dev/null
  done
  sleep 1   # binding-service reads the backlog every 500 ms
}

# Quieter Maven on JDK 24+ (Guice inside Maven still uses sun.misc.Unsafe). Maven's own JVM with C1
# alone and the parallel collector (NUMSHIELD_MAVEN_JVM_OPTS; empty for the JVM's defaults): a build
# lives a minute, too short for C2's compilations and G1's concurrent threads to pay back on 2 cores
# (docs/testing.md, "CI time").
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow ${NUMSHIELD_MAVEN_JVM_OPTS--XX:TieredStopAtLevel=1 -XX:+UseParallelGC}"
