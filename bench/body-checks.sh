#!/usr/bin/env bash
# The hot bodies' checks (bench/BodyChecks.java; issue 10, "hot bodies validated in code"): CPU ns
# per body to read and check a bind, a route question and a call event, by Bean Validation (the
# hot paths before) and by the records' rules in code (now), one thread, alternating, ROUNDS
# rounds of MILLIS ms each after a warm-up. No service, Redis or database: run it alone.
#   bench/body-checks.sh [MILLIS, default 2000] [ROUNDS, default 5]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
source scripts/common.sh
pick_jdk
# each module writes its own target/body-checks.classpath (a relative outputFile is per module)
mvnw_locked -B -ntp -q -pl binding-service,call-routing-service -am compile dependency:build-classpath \
  -Dmdep.outputFile=target/body-checks.classpath
CP="$(cat binding-service/target/body-checks.classpath):$(cat call-routing-service/target/body-checks.classpath)"
CP="$CP:binding-service/target/classes:call-routing-service/target/classes:service-support/target/classes"
CP="$CP:numshield-core/target/classes"
echo "body-checks $(date -u +%FT%TZ), commit $(git rev-parse --short HEAD), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), JDK $(java_major "$JAVA_HOME")"
"$JAVA_HOME/bin/java" -Xms256m -Xmx256m -cp "$CP" bench/BodyChecks.java "${1:-2000}" "${2:-5}"
