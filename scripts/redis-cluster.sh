#!/usr/bin/env bash
# A local Redis Cluster for `make run` (docs/architecture.md, "Redis Cluster"): three masters and
# three replicas of the installed redis-server on 127.0.0.1:7000-7005, data in .local/redis-cluster/.
#   scripts/redis-cluster.sh start   # prints the NUMSHIELD_REDIS_URL to give make run
#   scripts/redis-cluster.sh stop    # stops the six nodes and removes their data
#   scripts/redis-cluster.sh status  # the cluster's state and which node serves which slots
# PORT (default 7000) moves the six ports. Nodes keep no data on disk (save "", no AOF): a stop
# loses the leases, as a single Redis of `make run` without persistence would.
set -euo pipefail
source "$(dirname "$0")/common.sh"
BASE="${PORT:-7000}"
DIR="$LOCAL/redis-cluster"
PORTS=$(seq "$BASE" $((BASE + 5)))
url() { local p out=""; for p in $(seq "$BASE" $((BASE + 2))); do out="$out${out:+,}redis://127.0.0.1:$p"; done; echo "$out"; }

case "${1:-}" in
  start)
    mkdir -p "$DIR"
    for p in $PORTS; do
      if redis-cli -p "$p" ping >/dev/null 2>&1; then echo "port $p already answers: stop it first" >&2; exit 1; fi
      mkdir -p "$DIR/$p"
      redis-server --port "$p" --bind 127.0.0.1 --dir "$DIR/$p" --cluster-enabled yes \
        --cluster-config-file "$DIR/$p/nodes.conf" --cluster-node-timeout 2000 \
        --cluster-require-full-coverage no --save "" --appendonly no --daemonize yes \
        --logfile "$DIR/$p/redis.log" --pidfile "$DIR/$p/redis.pid"
    done
    for p in $PORTS; do
      for _ in $(seq 1 50); do redis-cli -p "$p" ping >/dev/null 2>&1 && break; sleep 0.1; done
    done
    # shellcheck disable=SC2046
    redis-cli --cluster create $(for p in $PORTS; do printf '127.0.0.1:%s ' "$p"; done) \
      --cluster-replicas 1 --cluster-yes >"$DIR/create.log"
    for _ in $(seq 1 100); do
      redis-cli -p "$BASE" cluster info | grep -q 'cluster_state:ok' && break; sleep 0.2
    done
    redis-cli -p "$BASE" cluster info | grep -q 'cluster_state:ok' || { cat "$DIR/create.log" >&2; exit 1; }
    echo "Redis Cluster up on 127.0.0.1:$BASE-$((BASE + 5)) (3 masters, 3 replicas). Run NumShield on it:"
    echo "  NUMSHIELD_REDIS_URL=$(url) make run"
    ;;
  stop)
    for p in $PORTS; do redis-cli -p "$p" shutdown nosave >/dev/null 2>&1 || true; done
    rm -rf "$DIR"
    echo "stopped"
    ;;
  status)
    redis-cli -p "$BASE" cluster info | grep -E 'cluster_state|cluster_known_nodes|cluster_size'
    redis-cli -p "$BASE" cluster nodes | awk '{print $2, $3, $9, $10, $11}' | sort
    ;;
  *) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
