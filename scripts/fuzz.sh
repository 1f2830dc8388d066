#!/usr/bin/env bash
# The contract fuzz test (e2e ContractFuzzIT) on its own, longer than make test runs it:
#   NUMSHIELD_FUZZ_REQUESTS=5000 NUMSHIELD_FUZZ_SEED=random scripts/fuzz.sh
# It prints the seed; NUMSHIELD_FUZZ_SEED=<that seed> replays a run. The report is in
# e2e/target/contract-fuzz-report.txt.
set -euo pipefail
source "$(dirname "$0")/common.sh"
pick_jdk
test_servers
cd "$ROOT"
export NUMSHIELD_FUZZ_REQUESTS="${NUMSHIELD_FUZZ_REQUESTS:-5000}"
export NUMSHIELD_FUZZ_SEED="${NUMSHIELD_FUZZ_SEED:-random}"
# an integration test (Failsafe: -Dit.test) of the e2e module, after every service's jar is packaged
exec ./mvnw -B -ntp clean verify -pl e2e -am -Dit.test=ContractFuzzIT -Dfailsafe.failIfNoSpecifiedTests=false \
  -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false "$@"
