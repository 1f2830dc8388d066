#!/usr/bin/env bash
# make test-cluster: the lease, routing, callback and audit integration suites again, on a Redis
# Cluster (3 masters, 3 replicas) that test-support starts from the installed redis-server and
# redis-cli (NUMSHIELD_TEST_REDIS_CLUSTER=1, docs/testing.md); PostgreSQL as in make test.
set -euo pipefail
source "$(dirname "$0")/common.sh"
pick_jdk
test_servers
cd "$ROOT"
SUITES='LeaseScriptsIT,BindingApiIT,ConcurrencyIT,ExpiryIT,PoolExhaustionIT,PersonalDataScanIT,WarmUpIT,CallRoutingIT,RouteAnswersIT,CallEventsIT,PlatformCallbacksIT,DeadLettersIT,AuditIngestIT,AuditStreamsIT,StreamAcksIT,StreamTrimmerIT,LeaseRebuildIT,FailoverReconcileIT'
export NUMSHIELD_TEST_REDIS_CLUSTER=1
# the suites are integration tests (Failsafe: -Dit.test); the unit tests (Surefire) and the build's
# gates (Checkstyle, Enforcer, spring-javaformat: 14 of the 21 s a rebuild of these modules takes
# without tests) ran in make test
# -T: as in make test (scripts/test.sh); each test JVM starts a cluster of its own on free ports
mvnw_locked -B -ntp -T "${NUMSHIELD_TEST_THREADS:-2}" -pl service-support-it,binding-service,call-routing-service,compliance-audit-service -am verify \
  -Dit.test="$SUITES" -Dfailsafe.failIfNoSpecifiedTests=false -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false \
  -Dcheckstyle.skip -Denforcer.skip -Dspring-javaformat.validate.skip=true "$@"
