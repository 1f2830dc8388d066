#!/usr/bin/env bash
# The Redis client benchmark (bench/RedisClientBench.java, ADR 0009): each client in its own JVM,
# the clients alternating, REPS rounds; prints the RESULT lines and, per client, script and in-flight
# count, the median ops/s and CPU µs per op. Against the local Redis under the prefix hA:bench:.
# WORKLOADS (default "route lease") picks the scripts: "edge" is the gateway's edge-check.lua.
#   [WORKLOADS="route lease edge"] bench/redis-client.sh [REPS] [SECONDS_PER_STEP] [CLIENTS...]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
source scripts/common.sh
pick_jdk
REPS="${1:-3}"; SECS="${2:-4}"; shift $(( $# < 2 ? $# : 2 ))
CLIENTS=("${@:-redisson32 redisson2 redissonbatch lettuce1 scripts}")
CLIENTS=(${CLIENTS[*]})
CP_FILE="$(mktemp)"
# compiled in the reactor (numshield-core's classes, not an installed jar); the last module writes the file
./mvnw -B -ntp -q -pl service-support -am compile dependency:build-classpath -Dmdep.outputFile="$CP_FILE"
CP="$(cat "$CP_FILE"):service-support/target/classes"
OUT="$(mktemp)"
for rep in $(seq 1 "$REPS"); do
  for client in "${CLIENTS[@]}"; do
    "$JAVA_HOME/bin/java" -Xms256m -Xmx256m -cp "$CP" bench/RedisClientBench.java "$client" "$SECS" 2>/dev/null \
      | grep '^RESULT' | tee -a "$OUT" || { echo "$client: no result (run it alone to see why)" >&2; exit 1; }
  done
done
echo "median of $REPS runs (${SECS} s per step): ops/s, CPU µs per op of the benchmark JVM"
python3 - "$OUT" <<'PY'
import collections, statistics, sys
runs = collections.defaultdict(list)
for line in open(sys.argv[1]):
    f = dict(x.split("=") for x in line.split()[1:])
    runs[(f["script"], f["client"], int(f["inflight"]))].append((float(f["ops/s"]), float(f["cpu_us/op"])))
for (script, client, n), v in sorted(runs.items()):
    print(f"{script:5} {client:13} inflight={n:<3} ops/s={statistics.median(a for a, _ in v):7.0f} "
          f"cpu_us/op={statistics.median(b for _, b in v):6.1f}")
PY
rm -f "$CP_FILE" "$OUT"
