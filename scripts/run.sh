#!/usr/bin/env bash
# make run: build, start every service in the background against local PostgreSQL and Redis, wait
# until each is healthy, create a demo pool and platform, print how to call it, and return.
# Where things are, each with today's default (docs/testing.md, "A fresh machine"):
#   PostgreSQL  NUMSHIELD_DB_HOST (127.0.0.1), NUMSHIELD_DB_PORT (5432); the admin role that makes the
#               databases and roles NUMSHIELD_DB_ADMIN_USER (postgres) with NUMSHIELD_DB_ADMIN_PASSWORD
#               or PGPASSWORD (none: trust)
#   Redis       NUMSHIELD_REDIS_HOST (127.0.0.1), NUMSHIELD_REDIS_PORT (6379)
#   ports       NUMSHIELD_GATEWAY_PORT (8080), NUMSHIELD_GATEWAY_MANAGEMENT_PORT (8090),
#               NUMSHIELD_BINDING_PORT (8081), NUMSHIELD_ROUTING_PORT (8082), NUMSHIELD_AUDIT_PORT (8083)
#   state       NUMSHIELD_STATE_DIR (.local): secrets, keys, logs, pid files; make stop reads the same
set -euo pipefail
source "$(dirname "$0")/common.sh"
pick_jdk
ensure_servers run
for tool in psql:postgresql-client openssl:openssl curl:curl; do   # command:Debian package
  command -v "${tool%%:*}" >/dev/null 2>&1 \
    || { echo "${tool%%:*} not found: install ${tool#*:} (apt-get install ${tool#*:})" >&2; exit 1; }
done
# the admin's password makes the databases and roles, and no service's environment ever holds it
ADMIN_PASSWORD="$(db_admin_password)"
unset PGPASSWORD NUMSHIELD_DB_ADMIN_PASSWORD
admin_login "$ADMIN_PASSWORD"   # before the build: a missing password is said at once
GATEWAY_PORT="${NUMSHIELD_GATEWAY_PORT:-8080}"
export NUMSHIELD_GATEWAY_MANAGEMENT_PORT="${NUMSHIELD_GATEWAY_MANAGEMENT_PORT:-8090}"
BINDING_PORT="${NUMSHIELD_BINDING_PORT:-8081}"
ROUTING_PORT="${NUMSHIELD_ROUTING_PORT:-8082}"
AUDIT_PORT="${NUMSHIELD_AUDIT_PORT:-8083}"
CONSOLE_PORT="${NUMSHIELD_CONSOLE_PORT:-8084}"
export NUMSHIELD_STATE_DIR="$LOCAL"   # for stop.sh and scripts/numshield, below
export NUMSHIELD_URL="${NUMSHIELD_URL:-http://127.0.0.1:$GATEWAY_PORT}"
export NUMSHIELD_REDIS_URL="${NUMSHIELD_REDIS_URL:-redis://$NUMSHIELD_REDIS_HOST:$NUMSHIELD_REDIS_PORT}"
cd "$ROOT"
mkdir -p "$LOCAL/logs" "$LOCAL/run"

# Secrets: the environment wins; anything not given is generated once into .local/secrets.env (git-ignored).
# There is no shared token secret any more: the gateway signs internal tokens with a private key of
# its own (.local/token-keys, below); a secrets.env from before that loses its old line.
# Two bootstrap operators: OPERATOR and REGULATOR keys need a second operator's approval.
if [ ! -f "$LOCAL/secrets.env" ]; then
  umask 077
  {
    echo "NUMSHIELD_BOOTSTRAP_OPERATOR_KEY=opk_$(openssl rand -hex 8):$(openssl rand -hex 24)"
  } > "$LOCAL/secrets.env"
  umask 022
fi
sed -i '/^NUMSHIELD_INTERNAL_TOKEN_SECRET=/d' "$LOCAL/secrets.env"
if ! grep -q '^NUMSHIELD_SECOND_OPERATOR_KEY=' "$LOCAL/secrets.env"; then   # a secrets.env from before
  (umask 077; echo "NUMSHIELD_SECOND_OPERATOR_KEY=opk_$(openssl rand -hex 8):$(openssl rand -hex 24)" >> "$LOCAL/secrets.env")
fi
# The passwords of the roles the services log in as (below): scram and md5 servers ask for them, a
# trust server ignores them. Generated once like the keys; a secrets.env from before gains them.
for var in NUMSHIELD_DB_PASSWORD NUMSHIELD_AUDIT_DB_OWNER_PASSWORD NUMSHIELD_AUDIT_DB_PASSWORD; do
  if ! grep -q "^$var=" "$LOCAL/secrets.env"; then
    (umask 077; echo "$var=$(openssl rand -hex 16)" >> "$LOCAL/secrets.env")
  fi
done
given_operator="${NUMSHIELD_BOOTSTRAP_OPERATOR_KEY:-}"
given_second="${NUMSHIELD_SECOND_OPERATOR_KEY:-}"
given_db="${NUMSHIELD_DB_PASSWORD:-}"
given_audit_owner="${NUMSHIELD_AUDIT_DB_OWNER_PASSWORD:-}"
given_audit="${NUMSHIELD_AUDIT_DB_PASSWORD:-}"
set -a; source "$LOCAL/secrets.env"; set +a
[ -n "$given_operator" ] && export NUMSHIELD_BOOTSTRAP_OPERATOR_KEY="$given_operator"
unset NUMSHIELD_INTERNAL_TOKEN_SECRET
[ -n "$given_second" ] && export NUMSHIELD_SECOND_OPERATOR_KEY="$given_second"
[ -n "$given_db" ] && export NUMSHIELD_DB_PASSWORD="$given_db"
[ -n "$given_audit_owner" ] && export NUMSHIELD_AUDIT_DB_OWNER_PASSWORD="$given_audit_owner"
[ -n "$given_audit" ] && export NUMSHIELD_AUDIT_DB_PASSWORD="$given_audit"
# the ledger's passwords go to the audit service alone (start, below): the owner's may turn the
# ledger's triggers off, and binding-service must not be able to
AUDIT_OWNER_PASSWORD="$NUMSHIELD_AUDIT_DB_OWNER_PASSWORD" AUDIT_PASSWORD="$NUMSHIELD_AUDIT_DB_PASSWORD"
unset NUMSHIELD_AUDIT_DB_OWNER_PASSWORD NUMSHIELD_AUDIT_DB_PASSWORD
if [[ "$NUMSHIELD_BOOTSTRAP_OPERATOR_KEY" == *,* ]]; then   # given as the gateway takes it: first,second
  export NUMSHIELD_SECOND_OPERATOR_KEY="${NUMSHIELD_BOOTSTRAP_OPERATOR_KEY#*,}"
  export NUMSHIELD_BOOTSTRAP_OPERATOR_KEY="${NUMSHIELD_BOOTSTRAP_OPERATOR_KEY%%,*}"
fi

# The build is skipped when every service's jar is there and no pom or source file is newer than
# the oldest of them (after make test, say: its verify built them).
jars_current() {
  local jars oldest
  jars=$(ls -t binding-service/target/binding-service-*.jar call-routing-service/target/call-routing-service-*.jar \
    compliance-audit-service/target/compliance-audit-service-*.jar gateway/target/gateway-*.jar \
    console/target/console-*.jar 2>/dev/null | grep -v original || true)
  [ "$(printf '%s\n' "$jars" | grep -c .)" = 5 ] || return 1
  oldest=$(printf '%s\n' "$jars" | tail -n1)
  [ -z "$(find pom.xml ./*/pom.xml ./*/src -newer "$oldest" -print -quit)" ]
}
if jars_current; then
  echo "the service jars are newer than every source: not building"
else
  echo "building (./mvnw package, tests skipped: make test runs them)"
  mvnw_locked -B -q -ntp -DskipTests package
  # Maven leaves a jar whose content did not change as it was, older than the sources it was
  # just checked against: marked as built now, the next make run finds them current
  touch binding-service/target/binding-service-*.jar call-routing-service/target/call-routing-service-*.jar \
    compliance-audit-service/target/compliance-audit-service-*.jar gateway/target/gateway-*.jar \
    console/target/console-*.jar
fi

BINDING_JAR=$(ls binding-service/target/binding-service-*.jar | grep -v original | head -n1)
export NUMSHIELD_KEYS_DIR="${NUMSHIELD_KEYS_DIR:-$LOCAL/keys}"
# generate also adds the key files a directory made by an older version lacks, keeping the others
missing_key=0
for f in aead-keyset.json blind-index.key idempotency.key api-key-secrets-keyset.json; do
  [ -f "$NUMSHIELD_KEYS_DIR/$f" ] || missing_key=1
done
if [ "$missing_key" = 1 ]; then
  "$JAVA_HOME/bin/java" -cp "$BINDING_JAR" -Dloader.main=io.numshield.core.crypto.KeyTool \
    org.springframework.boot.loader.launch.PropertiesLauncher generate "$NUMSHIELD_KEYS_DIR"
fi

# Token keys: the gateway's private key (owner-only) and the public set the services verify with.
TOKEN_KEYS="${NUMSHIELD_TOKEN_KEYS_DIR:-$LOCAL/token-keys}"
"$JAVA_HOME/bin/java" -cp "$BINDING_JAR" -Dloader.main=io.numshield.core.token.TokenKeys \
  org.springframework.boot.loader.launch.PropertiesLauncher generate "$TOKEN_KEYS" >/dev/null
export NUMSHIELD_TOKEN_PUBLIC_KEYS="${NUMSHIELD_TOKEN_PUBLIC_KEYS:-$TOKEN_KEYS/token-public.jwks}"
GATEWAY_SIGNING_KEY="${NUMSHIELD_TOKEN_SIGNING_KEY:-$TOKEN_KEYS/token-signing.jwk}"
unset NUMSHIELD_TOKEN_SIGNING_KEY   # the gateway alone gets it (start, below)

DB="$NUMSHIELD_DB_HOST:$NUMSHIELD_DB_PORT"
export NUMSHIELD_DB_URL="${NUMSHIELD_DB_URL:-jdbc:postgresql://$DB/numshield}"
export NUMSHIELD_GATEWAY_DB_URL="${NUMSHIELD_GATEWAY_DB_URL:-jdbc:postgresql://$DB/numshield_gateway}"
export NUMSHIELD_AUDIT_DB_URL="${NUMSHIELD_AUDIT_DB_URL:-jdbc:postgresql://$DB/numshield_audit}"

# Databases and the roles the services log in as, made by the admin role (postgres) with
# deploy/postgres/init-numshield.sh, as on a deployment's server. None of these roles is a superuser
# or may create databases; each gets its password from secrets.env (above) or the environment:
#   numshield            owns numshield and numshield_gateway; binding-service and the gateway run as it
#   numshield_audit      owns numshield_audit (the ledger); the audit service's migrations run as it
#                        (an owner may turn the ledger's triggers off: binding-service must not be it)
#   numshield_audit_app  the audit service's own login: SELECT and INSERT on the ledger
# Until the audit migration V2 has run, numshield_audit may create roles (V2 runs CREATE ROLE); the
# second run of the script, once the audit service is up (below), takes that back.
# docs/security.md has the table.
export NUMSHIELD_DB_USER="${NUMSHIELD_DB_USER:-numshield}"
export NUMSHIELD_AUDIT_DB_OWNER="${NUMSHIELD_AUDIT_DB_OWNER:-numshield_audit}"
export NUMSHIELD_AUDIT_DB_USER=numshield_audit_app   # fixed: migration V2 grants to this name
init_databases() {
  local out
  if ! out=$(PGHOST="$NUMSHIELD_DB_HOST" PGPORT="$NUMSHIELD_DB_PORT" PGUSER="$NUMSHIELD_DB_ADMIN_USER" \
      PGPASSWORD="$ADMIN_PASSWORD" NUMSHIELD_AUDIT_DB_OWNER_PASSWORD="$AUDIT_OWNER_PASSWORD" \
      NUMSHIELD_AUDIT_DB_PASSWORD="$AUDIT_PASSWORD" "$ROOT/deploy/postgres/init-numshield.sh" 2>&1 </dev/null); then
    printf '%s\n' "$out" >&2
    echo "cannot prepare the databases on $DB as $NUMSHIELD_DB_ADMIN_USER (deploy/postgres/init-numshield.sh, above)" >&2
    return 1
  fi
}
init_databases
"$ROOT/scripts/stop.sh" >/dev/null 2>&1 || true

# Warm from the start (issue 10, point 5; docs/benchmarks.md, "Cold start"): on JDK 25+ each service
# runs from its extracted jar (.local/app/<name>, the form the AOT cache needs) with the AOT cache of
# JEP 483/514/515 (classes loaded and linked ahead of time, and the method profiles of a training
# run). The first run after a build is the training run (-XX:AOTCacheOutput): the JVM writes the cache
# when it stops (make stop), and every later run starts with it (-XX:AOTCache). A new jar starts over.
# NUMSHIELD_AOT_CACHE=0, or a JDK before 25, runs the extracted jar without a cache: plain jars
# start with less CPU than the runnable jar's nested ones (call-routing-service, C1: 10 s instead of
# 13; docs/testing.md, "CI time").
launch_args() { # name jar: the java arguments that start it
  local name=$1 jar=$2 app="$LOCAL/app/$1" sum
  sum=$(sha256sum "$jar" | cut -d' ' -f1)
  if [ "$(cat "$app/jar.sha256" 2>/dev/null)" != "$sum" ]; then
    rm -rf "$app"; mkdir -p "$app"
    "$JAVA_HOME/bin/java" -Djarmode=tools -jar "$jar" extract --destination "$app/extracted" >/dev/null
    echo "$sum" > "$app/jar.sha256"
  fi
  if [ "${NUMSHIELD_AOT_CACHE:-1}" = 0 ] || [ "$(java_major "$JAVA_HOME")" -lt 25 ]; then
    echo "-jar $app/extracted/$(basename "$jar")"
  elif [ -s "$app/cache.aot" ]; then
    echo "-Xlog:aot*=error,cds*=error -XX:AOTCache=$app/cache.aot -jar $app/extracted/$(basename "$jar")"
  else   # the training run lists every class it cannot store as a warning: errors only
    echo "-Xlog:aot*=error,cds*=error -XX:AOTCacheOutput=$app/cache.aot -jar $app/extracted/$(basename "$jar")"
  fi
}
start() { # name port [VAR=value ...]: the extra variables go to this service alone
  local name=$1 port=$2 jar args
  shift 2
  jar=$(ls "$name"/target/"$name"-*.jar | grep -v original | head -n1)
  args=$(launch_args "$name" "$jar")
  # NUMSHIELD_JAVA_OPTS: more JVM options for every service (.ci/run's checks of the running platform
  # use -XX:TieredStopAtLevel=1: they test answers, not speed, and C2 costs a start on 2 cores)
  # shellcheck disable=SC2086 # args is a list of words without spaces in them
  env "$@" SERVER_PORT=$port nohup "$JAVA_HOME/bin/java" -Xms512m -Xmx1g -Djava.security.egd=file:/dev/./urandom \
    ${NUMSHIELD_JAVA_OPTS:-} $args > "$LOCAL/logs/$name.log" 2>&1 &
  echo $! > "$LOCAL/run/$name.pid"
}
wait_healthy() { # name port [path]
  local name=$1 port=$2 path=${3:-/actuator/health} i
  for i in $(seq 1 120); do
    if curl -fsS "http://127.0.0.1:$port$path" 2>/dev/null | grep -q '"status":"UP"'; then
      echo "  $name is up on :$port"; return 0
    fi
    if ! kill -0 "$(cat "$LOCAL/run/$name.pid")" 2>/dev/null; then
      echo "  $name died; its log: $LOCAL/logs/$name.log" >&2; tail -n 30 "$LOCAL/logs/$name.log" >&2; return 1
    fi
    sleep 1
  done
  echo "  $name did not become healthy in 120 s; its log: $LOCAL/logs/$name.log" >&2
  return 1
}

# Logs (docs/observability.md, "Logs and traces"): NUMSHIELD_LOG_FORMAT=json (Elastic Common Schema)
# or logstash writes every service's and the gateway's log one JSON document a line, through Spring
# Boot's structured logging (LOGGING_STRUCTURED_FORMAT_CONSOLE, which may also be set directly); text,
# the default, is Boot's pattern with [trace id-span id] on each line of a request
case "${NUMSHIELD_LOG_FORMAT:-text}" in
  text) ;;
  json|ecs) export LOGGING_STRUCTURED_FORMAT_CONSOLE=ecs ;;
  logstash) export LOGGING_STRUCTURED_FORMAT_CONSOLE=logstash ;;
  *) echo "NUMSHIELD_LOG_FORMAT is text, json (= ecs) or logstash, not '$NUMSHIELD_LOG_FORMAT'" >&2; exit 1 ;;
esac

SHOWN="${LOCAL#"$ROOT"/}"   # .local, or the state directory given
echo "starting services (logs in $SHOWN/logs/)"
# NUMSHIELD_WARMUP_ENABLED: each hot service runs its request path for NUMSHIELD_WARMUP_DURATION (5 s)
# against a key prefix of its own before it reports healthy (ADR 0010); NUMSHIELD_WARMUP_ENABLED=false skips it
start binding-service "$BINDING_PORT" NUMSHIELD_WARMUP_ENABLED="${NUMSHIELD_WARMUP_ENABLED:-true}"
start call-routing-service "$ROUTING_PORT" NUMSHIELD_WARMUP_ENABLED="${NUMSHIELD_WARMUP_ENABLED:-true}"
start compliance-audit-service "$AUDIT_PORT" NUMSHIELD_AUDIT_DB_OWNER_PASSWORD="$AUDIT_OWNER_PASSWORD" \
  NUMSHIELD_AUDIT_DB_PASSWORD="$AUDIT_PASSWORD"
# the gateway alone learns both operator keys (comma-separated) and the token signing key
NUMSHIELD_BOOTSTRAP_OPERATOR_KEY="$NUMSHIELD_BOOTSTRAP_OPERATOR_KEY,$NUMSHIELD_SECOND_OPERATOR_KEY" \
  start gateway "$GATEWAY_PORT" NUMSHIELD_TOKEN_SIGNING_KEY="$GATEWAY_SIGNING_KEY" \
  NUMSHIELD_GATEWAY_SERVICES_BINDING="http://127.0.0.1:$BINDING_PORT" \
  NUMSHIELD_GATEWAY_SERVICES_CALL_ROUTING="http://127.0.0.1:$ROUTING_PORT" \
  NUMSHIELD_GATEWAY_SERVICES_COMPLIANCE_AUDIT="http://127.0.0.1:$AUDIT_PORT"
wait_healthy binding-service "$BINDING_PORT"
wait_healthy call-routing-service "$ROUTING_PORT"
wait_healthy compliance-audit-service "$AUDIT_PORT"
wait_healthy gateway "$GATEWAY_PORT" /readyz
init_databases   # takes back numshield_audit's CREATEROLE now that V2 has run

# The demo pool (one 700 block, 10,000 numbers), platform and API keys, made through the gateway
# with the bootstrap operator key; a second run finds pool and platform there and makes new keys.
# The REGULATOR key is issued by the first operator and approved by the second.
ns() { local key=$1; shift; NUMSHIELD_KEY="$key" "$ROOT/scripts/numshield" "$@"; }
OPK="$NUMSHIELD_BOOTSTRAP_OPERATOR_KEY"
OPK2="$NUMSHIELD_SECOND_OPERATOR_KEY"
ns "$OPK" call POST /v1/pools '{"poolId":"demo-pool","region":"SH","numberKind":"SEGMENT_700"}' >/dev/null || true
ns "$OPK" call POST /v1/pools/demo-pool/blocks '{"managementNumbers":["70010000000"]}' >/dev/null || true
created=$(ns "$OPK" call POST /v1/platforms \
  '{"platformId":"demo-platform","name":"Demo delivery platform","pools":["demo-pool"],"maxActiveBindings":100000}' || true)
secret=$(printf '%s' "$created" | sed -n 's/.*"callbackSecret":"\([^"]*\)".*/\1/p')
[ -n "$secret" ] && echo "demo platform callbackSecret (shown once): $secret"
issue() { # role [platformId] [more JSON fields] -> keyId:secret (a PENDING_APPROVAL key approved by the second operator)
  local body="{\"role\":\"$1\",\"description\":\"make run demo key\"${2:+,\"platformId\":\"$2\"}${3:+,$3}}" answer id
  answer=$(ns "$OPK" call POST /v1/api-keys "$body")
  id=$(printf '%s' "$answer" | sed -n 's/.*"keyId":"\([^"]*\)".*/\1/p')
  if printf '%s' "$answer" | grep -q '"status":"PENDING_APPROVAL"'; then
    ns "$OPK2" call POST "/v1/api-keys/$id/approvals" >/dev/null || echo "approval of $1 key $id failed: it stays unusable" >&2
  fi
  printf '%s:%s' "$id" "$(printf '%s' "$answer" | sed -n 's/.*"secret":"\([^"]*\)".*/\1/p')"
}
umask 077
{
  echo "NUMSHIELD_DEMO_PLATFORM_KEY=$(issue PLATFORM demo-platform)"
  echo "NUMSHIELD_DEMO_CARRIER_KEY=$(issue CARRIER "" '"pools":["demo-pool"]')"
  echo "NUMSHIELD_DEMO_REGULATOR_KEY=$(issue REGULATOR)"
  # the console's own OPERATOR key: it samples GET /v1/pools with it for the utilisation charts
  echo "NUMSHIELD_CONSOLE_SAMPLER_KEY=$(issue OPERATOR)"
} > "$LOCAL/demo-keys.env"
umask 022
echo "demo API keys (<keyId>:<secret>, also in $SHOWN/demo-keys.env):"
grep -v '^NUMSHIELD_CONSOLE_SAMPLER_KEY=' "$LOCAL/demo-keys.env" | sed 's/^/  /'
echo "  operator (bootstrap): $OPK"
echo "  second operator (bootstrap, approves OPERATOR and REGULATOR keys): $OPK2"

# The console (operators and regulators sign in with their keys) after the gateway it calls
start console "$CONSOLE_PORT" NUMSHIELD_GATEWAY_URL="http://127.0.0.1:$GATEWAY_PORT" \
  NUMSHIELD_CONSOLE_SAMPLER_KEY="$(sed -n 's/^NUMSHIELD_CONSOLE_SAMPLER_KEY=//p' "$LOCAL/demo-keys.env")"
wait_healthy console "$CONSOLE_PORT"

cat <<MSG

NumShield is running: gateway :$GATEWAY_PORT (signed requests), binding-service :$BINDING_PORT, call-routing-service :$ROUTING_PORT,
compliance-audit-service :$AUDIT_PORT. Demo pool "demo-pool" (block 70010000000), platform "demo-platform".

The console, for operators and regulators:  http://127.0.0.1:$CONSOLE_PORT
  sign in with the operator key above (pools, platforms, API keys) or the regulator key (trace, events, ledger)

Bind a number through the gateway in one line (signed with the demo platform key):
  scripts/numshield bind-axb ORD-1 13800000001 13900000002

Any other signed call, with any key:
  NUMSHIELD_KEY=<keyId>:<secret> scripts/numshield call GET /v1/pools/demo-pool
The walk-through bind -> route -> call event -> trace:  make demo
The API's description (OpenAPI 3.1, unsigned):  $NUMSHIELD_URL/openapi.yaml   a page to browse it: $NUMSHIELD_URL/docs
Java: numshield-client (NumShieldClient.create(URI.create("$NUMSHIELD_URL"), keyId, secret).bind(...)).
Metrics:           curl -s http://127.0.0.1:$NUMSHIELD_GATEWAY_MANAGEMENT_PORT/actuator/prometheus | grep gateway_   (the gateway's management port, loopback only)
A carrier's token for calling call-routing directly (POST /v1/tokens):  scripts/mint-token.sh
Trace who held a number, as a regulator (signed with the demo regulator key; the look-up is itself
recorded in the ledger):
  NUMSHIELD_KEY=\$(sed -n 's/^NUMSHIELD_DEMO_REGULATOR_KEY=//p' $SHOWN/demo-keys.env) scripts/numshield call GET "/v1/audit/trace?virtualNumber=<virtualNumber>&at=\$(date -u +%Y-%m-%dT%H:%M:%SZ)&reason=demo"
Stop everything:   make stop
MSG
