#!/usr/bin/env bash
# The edge script's client benchmark (bench/EdgeScriptBench.java, ADR 0009): Redisson (the gateway's
# former transport) against the core's ScriptConnection, each in its own JVM, alternating, REPS
# rounds; prints the RESULT lines and, per client and in-flight count, the median calls/s and CPU µs
# per call. Against the local Redis under the prefix hF:bench: (deleted at the end of each run).
#   bench/edge-script.sh [REPS] [SECONDS_PER_STEP]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
source scripts/common.sh
pick_jdk
REPS="${1:-3}"; SECS="${2:-4}"
CP_FILE="$(mktemp)"
./mvnw -B -ntp -q -pl service-support -am compile dependency:build-classpath -Dmdep.outputFile="$CP_FILE"
CP="$(cat "$CP_FILE"):numshield-core/target/classes"
OUT="$(mktemp)"
for rep in $(seq 1 "$REPS"); do
  for client in redisson scripts; do
    "$JAVA_HOME/bin/java" -Xms256m -Xmx256m -cp "$CP" bench/EdgeScriptBench.java "$client" "$SECS" 2>/dev/null \
      | grep '^RESULT' | tee -a "$OUT" || { echo "$client: no result (run it alone to see why)" >&2; exit 1; }
  done
done
echo "median of $REPS runs (${SECS} s per step): calls/s, CPU µs per call of the benchmark JVM"
python3 - "$OUT" <<'PY'
import collections, statistics, sys
runs = collections.defaultdict(list)
for line in open(sys.argv[1]):
    f = dict(x.split("=") for x in line.split()[1:])
    runs[(f["client"], int(f["inflight"]))].append((float(f["ops/s"]), float(f["cpu_us/op"])))
for (client, n), v in sorted(runs.items()):
    print(f"edge {client:9} inflight={n:<3} calls/s={statistics.median(a for a, _ in v):7.0f} "
          f"cpu_us/op={statistics.median(b for _, b in v):6.1f}")
PY
rm -f "$CP_FILE" "$OUT"
