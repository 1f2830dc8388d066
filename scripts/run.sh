#!/usr/bin/env bash
# make run: build, start every service in the background against local PostgreSQL and Redis, wait
# until each is healthy, create a demo pool and platform, print how to call it, and return.
set -euo pipefail
source "$(dirname "$0")/common.sh"
pick_jdk
ensure_servers
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
given_operator="${NUMSHIELD_BOOTSTRAP_OPERATOR_KEY:-}"
given_second="${NUMSHIELD_SECOND_OPERATOR_KEY:-}"
set -a; source "$LOCAL/secrets.env"; set +a
[ -n "$given_operator" ] && export NUMSHIELD_BOOTSTRAP_OPERATOR_KEY="$given_operator"
unset NUMSHIELD_INTERNAL_TOKEN_SECRET
[ -n "$given_second" ] && export NUMSHIELD_SECOND_OPERATOR_KEY="$given_second"
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
  ./mvnw -B -q -ntp -DskipTests package
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

export NUMSHIELD_DB_URL="${NUMSHIELD_DB_URL:-jdbc:postgresql://127.0.0.1:5432/numshield}"
export NUMSHIELD_GATEWAY_DB_URL="${NUMSHIELD_GATEWAY_DB_URL:-jdbc:postgresql://127.0.0.1:5432/numshield_gateway}"

# Databases and the roles the services log in as; postgres (the cluster's superuser) only prepares
# them. None of these roles is a superuser or may create roles or databases:
#   numshield        owns numshield and numshield_gateway; binding-service and the gateway run as it
#   numshield_audit  owns numshield_audit (the ledger); no service runs as it, the audit service's
#                    migrations do (an owner may turn the ledger's triggers off: binding-service must not be it)
#   numshield_audit_app  the audit service's own login: SELECT and INSERT on the ledger (made by its V2 migration)
# Loopback is trust in this machine's pg_hba.conf, so no passwords; set NUMSHIELD_DB_PASSWORD and
# NUMSHIELD_AUDIT_DB_OWNER_PASSWORD where the server asks for one. docs/security.md has the table.
export NUMSHIELD_DB_USER="${NUMSHIELD_DB_USER:-numshield}"
export NUMSHIELD_AUDIT_DB_OWNER="${NUMSHIELD_AUDIT_DB_OWNER:-numshield_audit}"
pg() { psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -q "$@"; }
for role in "$NUMSHIELD_DB_USER" "$NUMSHIELD_AUDIT_DB_OWNER"; do
  if [ "$role" = postgres ]; then
    echo "NUMSHIELD_DB_USER and NUMSHIELD_AUDIT_DB_OWNER must not be postgres: the services do not log in as a superuser" >&2
    exit 1
  fi
  if ! pg -d postgres -tAc "SELECT 1 FROM pg_roles WHERE rolname = '$role'" | grep -q 1; then
    pg -d postgres -c "CREATE ROLE \"$role\" LOGIN"
  fi
  # also takes back what an older setup may have given it
  pg -d postgres -c "ALTER ROLE \"$role\" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS"
done
owner_of() { case $1 in numshield_audit) echo "$NUMSHIELD_AUDIT_DB_OWNER" ;; *) echo "$NUMSHIELD_DB_USER" ;; esac; }
for db in numshield numshield_audit numshield_gateway; do
  if ! pg -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'" | grep -q 1; then
    pg -d postgres -c "CREATE DATABASE $db OWNER \"$(owner_of $db)\""
  fi
  # databases of earlier runs were made and migrated as postgres: hand them and their objects over
  pg -d "$db" -v owner="$(owner_of $db)" -f "$ROOT/scripts/db-owner.sql"
done
# The audit migration V2 creates the cluster-wide role numshield_audit_app, which only a role with
# CREATEROLE may do (PostgreSQL checks that before it looks whether the role exists). So until V2
# has run, the audit service migrates as postgres, and the ledger is handed to its owner once the
# service is up (below); from then on its migrations run as the owner.
audit_owner="$NUMSHIELD_AUDIT_DB_OWNER"
if ! pg -d numshield_audit -tAc "SELECT 1 FROM pg_tables WHERE tablename = 'flyway_schema_history'" | grep -q 1 \
    || ! pg -d numshield_audit -tAc "SELECT 1 FROM flyway_schema_history WHERE version = '2' AND success" | grep -q 1; then
  export NUMSHIELD_AUDIT_DB_OWNER=postgres
fi

"$ROOT/scripts/stop.sh" >/dev/null 2>&1 || true

# Warm from the start (issue 10, point 5; docs/benchmarks.md, "Cold start"): on JDK 25+ each service
# runs from its extracted jar (.local/app/<name>, the form the AOT cache needs) with the AOT cache of
# JEP 483/514/515 (classes loaded and linked ahead of time, and the method profiles of a training
# run). The first run after a build is the training run (-XX:AOTCacheOutput): the JVM writes the cache
# when it stops (make stop), and every later run starts with it (-XX:AOTCache). A new jar starts over.
# NUMSHIELD_AOT_CACHE=0, or a JDK before 25, runs the plain jar as before.
launch_args() { # name jar: the java arguments that start it
  local name=$1 jar=$2 app="$LOCAL/app/$1" sum
  if [ "${NUMSHIELD_AOT_CACHE:-1}" = 0 ] || [ "$(java_major "$JAVA_HOME")" -lt 25 ]; then
    echo "-jar $jar"; return
  fi
  sum=$(sha256sum "$jar" | cut -d' ' -f1)
  if [ "$(cat "$app/jar.sha256" 2>/dev/null)" != "$sum" ]; then
    rm -rf "$app"; mkdir -p "$app"
    "$JAVA_HOME/bin/java" -Djarmode=tools -jar "$jar" extract --destination "$app/extracted" >/dev/null
    echo "$sum" > "$app/jar.sha256"
  fi
  if [ -s "$app/cache.aot" ]; then
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
  # shellcheck disable=SC2086 # args is a list of words without spaces in them
  env "$@" SERVER_PORT=$port nohup "$JAVA_HOME/bin/java" -Xms512m -Xmx1g -Djava.security.egd=file:/dev/./urandom \
    $args > "$LOCAL/logs/$name.log" 2>&1 &
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

echo "starting services (logs in .local/logs/)"
# NUMSHIELD_WARMUP_ENABLED: each hot service runs its request path for NUMSHIELD_WARMUP_DURATION (5 s)
# against a key prefix of its own before it reports healthy (ADR 0010); NUMSHIELD_WARMUP_ENABLED=false skips it
start binding-service 8081 NUMSHIELD_WARMUP_ENABLED="${NUMSHIELD_WARMUP_ENABLED:-true}"
start call-routing-service 8082 NUMSHIELD_WARMUP_ENABLED="${NUMSHIELD_WARMUP_ENABLED:-true}"
start compliance-audit-service 8083
# the gateway alone learns both operator keys (comma-separated) and the token signing key
NUMSHIELD_BOOTSTRAP_OPERATOR_KEY="$NUMSHIELD_BOOTSTRAP_OPERATOR_KEY,$NUMSHIELD_SECOND_OPERATOR_KEY" \
  start gateway 8080 NUMSHIELD_TOKEN_SIGNING_KEY="$GATEWAY_SIGNING_KEY"
wait_healthy binding-service 8081
wait_healthy call-routing-service 8082
wait_healthy compliance-audit-service 8083
wait_healthy gateway 8080 /readyz
if [ "$NUMSHIELD_AUDIT_DB_OWNER" != "$audit_owner" ]; then
  pg -d numshield_audit -v owner="$audit_owner" -f "$ROOT/scripts/db-owner.sql"
fi

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
echo "demo API keys (<keyId>:<secret>, also in .local/demo-keys.env):"
grep -v '^NUMSHIELD_CONSOLE_SAMPLER_KEY=' "$LOCAL/demo-keys.env" | sed 's/^/  /'

echo "  operator (bootstrap): $OPK"
echo "  second operator (bootstrap, approves OPERATOR and REGULATOR keys): $OPK2"

# The console (operators and regulators sign in with their keys) after the gateway it calls
start console 8084 NUMSHIELD_GATEWAY_URL=http://127.0.0.1:8080 \
  NUMSHIELD_CONSOLE_SAMPLER_KEY="$(sed -n 's/^NUMSHIELD_CONSOLE_SAMPLER_KEY=//p' "$LOCAL/demo-keys.env")"
wait_healthy console 8084

cat <<MSG

NumShield is running: gateway :8080 (signed requests), binding-service :8081, call-routing-service :8082,
compliance-audit-service :8083. Demo pool "demo-pool" (block 70010000000), platform "demo-platform".

The console, for operators and regulators:  http://127.0.0.1:8084
  sign in with the operator key above (pools, platforms, API keys) or the regulator key (trace, events, ledger)

Bind a number through the gateway in one line (signed with the demo platform key):
  scripts/numshield bind-axb ORD-1 13800000001 13900000002

Any other signed call, with any key:
  NUMSHIELD_KEY=<keyId>:<secret> scripts/numshield call GET /v1/pools/demo-pool
The walk-through bind -> route -> call event -> trace:  make demo
The API's description (OpenAPI 3.1, unsigned):  http://127.0.0.1:8080/openapi.yaml   a page to browse it: http://127.0.0.1:8080/docs
Java: numshield-client (NumShieldClient.create(URI.create("http://127.0.0.1:8080"), keyId, secret).bind(...)).
Metrics:           curl -s http://127.0.0.1:8090/actuator/prometheus | grep gateway_   (the gateway's management port, loopback only)
A carrier's token for calling call-routing directly (POST /v1/tokens):  scripts/mint-token.sh
Trace who held a number, as a regulator (signed with the demo regulator key; the look-up is itself
recorded in the ledger):
  NUMSHIELD_KEY=\$(sed -n 's/^NUMSHIELD_DEMO_REGULATOR_KEY=//p' .local/demo-keys.env) scripts/numshield call GET "/v1/audit/trace?virtualNumber=<virtualNumber>&at=\$(date -u +%Y-%m-%dT%H:%M:%SZ)&reason=demo"
Stop everything:   make stop
MSG
