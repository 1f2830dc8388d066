#!/usr/bin/env bash
# Shared by make run / make test / .ci/run: pick a JDK 21+, start local PostgreSQL and Redis if
# they are installed but stopped. Sourced, not run.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LOCAL="$ROOT/.local"

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

port_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

# Starts PostgreSQL and Redis with this machine's own commands when they are installed and stopped.
ensure_servers() {
  if ! port_open 127.0.0.1 5432; then
    if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
      echo "starting PostgreSQL"
      pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
    fi
  fi
  if ! port_open 127.0.0.1 6379; then
    if command -v redis-server >/dev/null 2>&1; then
      echo "starting Redis"
      mkdir -p /var/lib/redis /var/log/redis 2>/dev/null || true
      redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
        --dir /var/lib/redis --logfile /var/log/redis/ci.log || true
    fi
  fi
  local i
  for i in $(seq 1 30); do
    port_open 127.0.0.1 5432 && port_open 127.0.0.1 6379 && return 0
    sleep 1
  done
  echo "PostgreSQL (127.0.0.1:5432) or Redis (127.0.0.1:6379) is not answering" >&2
  return 1
}

# Stand-in for a caught-up audit service when compliance-audit-service is not running: moves the 'audit' consumer group of every shard stream to the end, so that
# binding-service's AUDIT_BACKLOG guard (which counts unacknowledged events) lets leases through.
# Used by the benchmark and the Kamailio test, never by the services themselves.
audit_caught_up() {
  local prefix="${NUMSHIELD_REDIS_KEY_PREFIX:-ns:}" s
  if curl -fsS -m 5 http://127.0.0.1:8083/actuator/health 2>/dev/null | grep -q '"status":"UP"'; then
    return 0   # compliance-audit-service is running: it consumes the streams itself
  fi
  for s in $(seq -w 0 63); do
    # destroy and create rather than SETID: only a group created at '$' knows its lag (Redis 7.0)
    redis-cli -h 127.0.0.1 -p 6379 xgroup destroy "$prefix{$s}:ev" audit >/dev/null 2>&1 || true
    redis-cli -h 127.0.0.1 -p 6379 xgroup create "$prefix{$s}:ev" audit '$' mkstream >/dev/null
  done
  sleep 1   # binding-service reads the backlog every 500 ms
}

# Quieter Maven on JDK 24+ (Guice inside Maven still uses sun.misc.Unsafe).
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
