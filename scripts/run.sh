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
if [ ! -f "$LOCAL/secrets.env" ]; then
  umask 077
  {
    echo "NUMSHIELD_INTERNAL_TOKEN_SECRET=$(openssl rand -hex 32)"
    echo "NUMSHIELD_BOOTSTRAP_OPERATOR_KEY=opk_$(openssl rand -hex 8):$(openssl rand -hex 24)"
  } > "$LOCAL/secrets.env"
fi
given_secret="${NUMSHIELD_INTERNAL_TOKEN_SECRET:-}"
given_operator="${NUMSHIELD_BOOTSTRAP_OPERATOR_KEY:-}"
set -a; source "$LOCAL/secrets.env"; set +a
[ -n "$given_secret" ] && export NUMSHIELD_INTERNAL_TOKEN_SECRET="$given_secret"
[ -n "$given_operator" ] && export NUMSHIELD_BOOTSTRAP_OPERATOR_KEY="$given_operator"

echo "building (./mvnw package, tests skipped: make test runs them)"
./mvnw -B -q -ntp -DskipTests package

BINDING_JAR=$(ls binding-service/target/binding-service-*.jar | grep -v original | head -n1)
export NUMSHIELD_KEYS_DIR="${NUMSHIELD_KEYS_DIR:-$LOCAL/keys}"
if [ ! -f "$NUMSHIELD_KEYS_DIR/aead-keyset.json" ]; then
  "$JAVA_HOME/bin/java" -cp "$BINDING_JAR" -Dloader.main=io.numshield.core.crypto.KeyTool \
    org.springframework.boot.loader.launch.PropertiesLauncher generate "$NUMSHIELD_KEYS_DIR"
fi

export NUMSHIELD_DB_URL="${NUMSHIELD_DB_URL:-jdbc:postgresql://127.0.0.1:5432/numshield}"
for db in numshield numshield_audit; do
  if ! psql -h 127.0.0.1 -U postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'" | grep -q 1; then
    psql -h 127.0.0.1 -U postgres -d postgres -qc "CREATE DATABASE $db"
  fi
done

"$ROOT/scripts/stop.sh" >/dev/null 2>&1 || true

start() { # name port jar
  local name=$1 port=$2 jar
  jar=$(ls "$name"/target/"$name"-*.jar | grep -v original | head -n1)
  SERVER_PORT=$port nohup "$JAVA_HOME/bin/java" -Xms512m -Xmx1g -Djava.security.egd=file:/dev/./urandom -jar "$jar" > "$LOCAL/logs/$name.log" 2>&1 &
  echo $! > "$LOCAL/run/$name.pid"
}
wait_healthy() { # name port
  local name=$1 port=$2 i
  for i in $(seq 1 120); do
    if curl -fsS "http://127.0.0.1:$port/actuator/health" 2>/dev/null | grep -q '"status":"UP"'; then
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
start binding-service 8081
start call-routing-service 8082
start compliance-audit-service 8083
start gateway 8080
wait_healthy binding-service 8081
wait_healthy call-routing-service 8082
wait_healthy compliance-audit-service 8083
wait_healthy gateway 8080

# The demo pool (one 700 block, 10,000 numbers) and platform; a second run finds them there.
OP=$("$ROOT/scripts/mint-token.sh" OPERATOR make-run)
api() { curl -sS -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $OP" -H 'Content-Type: application/json' "$@"; }
api -X POST http://127.0.0.1:8081/v1/pools -d '{"poolId":"demo-pool","region":"SH","numberKind":"SEGMENT_700"}' >/dev/null
api -X POST http://127.0.0.1:8081/v1/pools/demo-pool/blocks -d '{"managementNumbers":["70010000000"]}' >/dev/null
created=$(curl -sS -H "Authorization: Bearer $OP" -H 'Content-Type: application/json' -X POST http://127.0.0.1:8081/v1/platforms \
  -d '{"platformId":"demo-platform","name":"Demo delivery platform","pools":["demo-pool"],"maxActiveBindings":100000}')
secret=$(printf '%s' "$created" | sed -n 's/.*"callbackSecret":"\([^"]*\)".*/\1/p')
[ -n "$secret" ] && echo "demo platform callbackSecret (shown once): $secret"
true

cat <<MSG

NumShield is running: binding-service :8081, call-routing-service :8082, compliance-audit-service :8083, gateway :8080.
Demo pool "demo-pool" (block 70010000000) and platform "demo-platform" are ready. Secrets: .local/secrets.env.

Bind a number (tokens live 5 minutes):
  TOKEN=\$(scripts/mint-token.sh PLATFORM demo-key demo-platform)
  curl -s -X POST http://127.0.0.1:8081/v1/bindings -H "Authorization: Bearer \$TOKEN" -H 'Content-Type: application/json' \\
    -d '{"mode":"AXB","orderId":"ORD-1","partyA":"13800000001","partyB":"13900000002","ttlSeconds":1800,
         "consent":{"reference":"consent-1","grantedAt":"$(date -u +%Y-%m-%dT%H:%M:%SZ)"}}'

Ask where a call from A to that binding's virtualNumber goes (as a carrier would):
  curl -s -X POST http://127.0.0.1:8082/v1/call-routes -H "Authorization: Bearer \$(scripts/mint-token.sh CARRIER)" \
    -H 'Content-Type: application/json' -d '{"callId":"c-1","caller":"13800000001","called":"<virtualNumber>","type":"VOICE"}'

Trace who held that number, as a regulator (the look-up is itself recorded in the ledger):
  curl -s "http://127.0.0.1:8083/v1/audit/trace?virtualNumber=<virtualNumber>&at=\$(date -u +%Y-%m-%dT%H:%M:%SZ)&reason=demo" \
    -H "Authorization: Bearer \$(scripts/mint-token.sh REGULATOR)"

Pool utilisation:  curl -s http://127.0.0.1:8081/v1/pools/demo-pool -H "Authorization: Bearer \$(scripts/mint-token.sh OPERATOR)"
Metrics:           curl -s http://127.0.0.1:8081/actuator/prometheus | grep binding_
Stop everything:   make stop
MSG
