#!/usr/bin/env bash
# make test: every test of every module, against real PostgreSQL and Redis (see test-support).
set -euo pipefail
source "$(dirname "$0")/common.sh"
pick_jdk
test_servers
# the console's browser tests need Debian's chromium and chromedriver, its live-rates test a real
# Prometheus: installed here when missing
"$(dirname "$0")/install-test-tools.sh"
cd "$ROOT"
# clean: a service jar left from an earlier build would otherwise be what the gateway's tests start.
# -T: two modules at once where the reactor allows (the three services and the gateway after
# service-support): a test JVM keeps about one core busy, and each has its own database and Redis
# prefix (docs/testing.md, "CI time"); NUMSHIELD_TEST_THREADS=1 builds one module at a time
mvnw_locked -B -ntp -T "${NUMSHIELD_TEST_THREADS:-2}" clean verify "$@"
