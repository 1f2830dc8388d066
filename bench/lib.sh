#!/usr/bin/env bash
# Shared by bench/bench.sh (make bench) and bench/gateway.sh. Sourced, not run; expects ROOT, LOCAL,
# JAVA_HOME (scripts/common.sh, pick_jdk) and the secrets of `make run` in the environment.
#
# The requests of a phase are pre-signed by bench/SignRequests.java (wrk's Lua has no HMAC) and
# replayed by bench/signed.lua; a direct phase sends the same bodies with an internal token instead.

R="redis-cli -h 127.0.0.1 -p 6379"
PSQL="psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -qtA"
PREFIX="${PREFIX:-${NUMSHIELD_REDIS_KEY_PREFIX:-ns:}}"
CLIJAR=$(ls "$ROOT"/numshield-client/target/numshield-client-*-cli.jar 2>/dev/null | head -n1 || true)
HZ=$(getconf CLK_TCK)

ns() { local key=$1; shift; NUMSHIELD_KEY="$key" "$ROOT/scripts/numshield" "$@"; }
sign() { "$JAVA_HOME/bin/java" -cp "$CLIJAR" "$ROOT/bench/SignRequests.java" "$@"; }
field() { sed -n "s/.*\"$1\":\"\([^\"]*\)\".*/\1/p"; }
num() { sed -n "s/.*\"$1\":\([0-9]*\).*/\1/p"; }
# one figure of a WRK_RESULT line: wrk_of "$line" rps
wrk_of() { grep -o "$2=[0-9.]*" <<< "$1" | head -n1 | cut -d= -f2; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
service_pid() { cat "$LOCAL/run/$1.pid"; }

# CPU per request by process over one phase: run_phase marks (cpu_mark) just before wrk starts, so
# the request signing, the token and the wait for the audit backlog of the phase before are outside
# the window (before 2026-11-30 evening they were inside it: the signing JVM added to "machine");
# cpu_per_request NAME LINE after it (LINE a WRK_RESULT line, for its request count). Prints "NAME CPU_US_PER_REQUEST binding=.. routing=..
# audit=.. gateway=.. redis=.. machine=.." in µs of CPU per request; machine is every core's busy
# time (/proc/stat), so machine minus the rest is wrk, PostgreSQL and the kernel.
CPU_PROCS="binding-service call-routing-service compliance-audit-service gateway"
machine_ticks() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8 + $9}' /proc/stat; }
declare -A CPU0
cpu_mark() {
  local p
  for p in $CPU_PROCS; do CPU0[$p]=$(cpu_ticks "$(service_pid "$p")"); done
  CPU0[redis]=$(cpu_ticks "$(pgrep -x redis-server | head -n1)"); CPU0[machine]=$(machine_ticks)
  $R config resetstat >/dev/null
}
# After cpu_per_request: "NAME REDIS_PER_REQUEST cmd=calls/usec ..." per request of the phase, from
# INFO commandstats since cpu_mark (every client's commands: the service's, the gateway's edge
# script, the audit service's reads; commands inside scripts are counted under their own names too)
redis_per_request() {
  local name=$1 n=$2
  [ "${n:-0}" -gt 0 ] || return 0
  echo "$name REDIS_PER_REQUEST $($R info commandstats | tr -d '\r' | awk -F'[:=,]' -v n="$n" '
    /^cmdstat_/ { c = $3 / n; if (c >= 0.01) printf "%s=%.2f/%.1fus ", substr($1, 9), c, $5 / n }')"
}
cpu_per_request() {
  local name=$1 line=$2 n p t out="" label
  n=$(wrk_of "$line" requests)
  [ "${n:-0}" -gt 0 ] || return 0
  for p in $CPU_PROCS redis machine; do
    case $p in
      redis) t=$(cpu_ticks "$(pgrep -x redis-server | head -n1)") ;;
      machine) t=$(machine_ticks) ;;
      *) t=$(cpu_ticks "$(service_pid "$p")") ;;
    esac
    label=${p%%-*}; [ "$p" = compliance-audit-service ] && label=audit; [ "$p" = call-routing-service ] && label=routing
    out="$out $label=$(( (t - CPU0[$p]) * 1000000 / HZ / n ))"
  done
  echo "$name CPU_US_PER_REQUEST$out"
  redis_per_request "$name" "$n"
}

# bench_setup RUN: through the gateway with the bootstrap operator key, a pool of BLOCKS blocks
# (default 100: 1,000,000 numbers, more than a make bench run binds, so that every pair is alone on its
# number as the memory figure assumes; 20 blocks filled up once binds passed ~3,000/s, 60 at ~10,000/s) and a platform named gw-RUN, a PLATFORM and a CARRIER key with a rate the
# limiter never reaches. Sets PK and CK (keyId:secret).
bench_setup() {
  local run=$1 blocks opk="$NUMSHIELD_BOOTSTRAP_OPERATOR_KEY"
  blocks=$(for i in $(seq 0 $((${BLOCKS:-100} - 1))); do printf '"7005%03d%04d",' $((10#$run % 1000)) $i; done | sed 's/,$//')
  ns "$opk" call POST /v1/pools "{\"poolId\":\"gw-$run\",\"numberKind\":\"SEGMENT_700\"}" >/dev/null
  ns "$opk" call POST "/v1/pools/gw-$run/blocks" "{\"managementNumbers\":[$blocks]}" >/dev/null
  ns "$opk" call POST /v1/platforms "{\"platformId\":\"gw-$run\",\"name\":\"bench\",\"pools\":[\"gw-$run\"],\"maxActiveBindings\":100000000}" >/dev/null
  local a
  a=$(ns "$opk" call POST /v1/api-keys "{\"role\":\"PLATFORM\",\"platformId\":\"gw-$run\",\"ratePerSecond\":1000000,\"description\":\"bench\"}")
  PK="$(printf '%s' "$a" | field keyId):$(printf '%s' "$a" | field secret)"
  a=$(ns "$opk" call POST /v1/api-keys "{\"role\":\"CARRIER\",\"pools\":[\"gw-$run\"],\"ratePerSecond\":1000000,\"description\":\"bench\"}")
  CK="$(printf '%s' "$a" | field keyId):$(printf '%s' "$a" | field secret)"
}

# direct_pool_platform NAME BLOCK...: straight to binding-service with an OPERATOR token (OP), a pool
# and a platform both named NAME, the pool holding these management numbers, the platform allowed
# more active bindings than a run makes (bench/audit.sh, bench/bind-memory.sh).
direct_pool_platform() {
  local name=$1; shift
  local blocks
  blocks=$(printf '"%s",' "$@" | sed 's/,$//')
  op_post /v1/pools "{\"poolId\":\"$name\",\"numberKind\":\"SEGMENT_700\"}"
  op_post "/v1/pools/$name/blocks" "{\"managementNumbers\":[$blocks]}"
  op_post /v1/platforms "{\"platformId\":\"$name\",\"name\":\"bench\",\"pools\":[\"$name\"],\"maxActiveBindings\":10000000}"
}
op_post() { curl -fsS -o /dev/null -H "Authorization: Bearer $OP" -H 'Content-Type: application/json' -X POST "http://127.0.0.1:8081$1" -d "$2"; }
# twenty management numbers PREFIX + 3 digits of the run's STAMP + 4, distinct per run
run_blocks() { local i; for i in $(seq 0 19); do printf '%s%03d%04d ' "$1" $((STAMP % 1000)) "$i"; done; }

# lease_route_targets RUN FILE [COUNT]: COUNT (500) AXB bindings in pool gw-RUN, direct; writes
# "caller virtualNumber" lines (both parties of each) to FILE for the route phases.
lease_route_targets() {
  local run=$1 file=$2 count=${3:-500} token granted i a b x
  token=$("$ROOT/scripts/dev-token.sh" BINDING PLATFORM bench "gw-$run")
  granted=$(date -u +%Y-%m-%dT%H:%M:%SZ)
  : > "$file"
  for i in $(seq 1 "$count"); do
    a=$(printf '1380%07d' $(( (10#$run + i * 2) % 10000000 ))); b=$(printf '1390%07d' $(( (10#$run + i * 2 + 1) % 10000000 )))
    x=$(curl -fsS -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -X POST http://127.0.0.1:8081/v1/bindings \
      -d "{\"mode\":\"AXB\",\"orderId\":\"GR$i\",\"partyA\":\"$a\",\"partyB\":\"$b\",\"ttlSeconds\":7200,\"poolId\":\"gw-$run\",\"consent\":{\"reference\":\"bench\",\"grantedAt\":\"$granted\"}}" \
      | field virtualNumber)
    echo "$a $x" >> "$file"; echo "$b $x" >> "$file"
  done
}

# run_phase RUN WORK NAME KIND TARGET CONNS SECS COUNT: one wrk run, printed as "NAME WRK_RESULT ..."
# and kept in LAST. KIND bind|route|event, TARGET direct|gateway; RATE (requests/s over all
# connections) paces wrk when set. Binds go to pool gw-RUN, routes and call events (ANSWERED, as a
# carrier reports them) to the pairs in WORK/routes.
run_phase() {
  local run=$1 work=$2 name=$3 kind=$4 target=$5 conns=$6 secs=$7 count=$8
  local path=/v1/bindings arg="gw-$run" key=$PK port=8081 token
  token=$("$ROOT/scripts/dev-token.sh" BINDING PLATFORM bench "gw-$run") # tokens live 5 minutes: one per phase
  if [ "$kind" = route ] || [ "$kind" = event ]; then
    path=/v1/call-routes; arg="$work/routes"; key=$CK; port=8082
    [ "$kind" = event ] && path=/v1/call-events
    token=$("$ROOT/scripts/dev-token.sh" ROUTING CARRIER bench "gw-$run")
  fi
  [ "$kind" = bind ] && audit_caught_up
  local file="$work/signed-$kind-$target-$$-$RANDOM"
  sign "$key" "$kind" "$count" "$file" "$arg"
  local threads=2 auth_token=""
  [ "$conns" -lt 2 ] && threads=1
  if [ "$target" = gateway ]; then port=8080; else auth_token=$token; fi
  cpu_mark
  LAST=$(RATE=${RATE:-} CONNS=$conns TOKEN=$auth_token PATH_=$path SIGNED_FILE="$file" THREADS=$threads \
    wrk -t$threads -c"$conns" -d"${secs}s" --timeout 5s -s "$ROOT/bench/signed.lua" "http://127.0.0.1:$port" | grep WRK_RESULT)
  rm -f "$file"
  echo "$name $LAST"
  # a refusal is not what a phase measures: through the gateway, a request sent again once wrk has
  # gone through every signed one is a cheap 401 REQUEST_REPLAYED (the count must exceed rate x
  # seconds), and an exhausted pool answers 503 without the lease's work
  case "$LAST" in
    *non2xx=0*) ;;
    *) echo "$name WARNING: answers other than 2xx; these figures count refusals (signed requests: $count for ${secs}s)" ;;
  esac
}

# Unacknowledged entries of the audit group (lag + pending) over the 128 streams of PREFIX: the 64
# shards' lease streams and their call streams.
audit_backlog() {
  $R eval "local t = 0
    for s = 0, 63 do
      for _, kind in ipairs({'ev', 'calls'}) do
        local key = string.format('%s{%02d}:%s', ARGV[1], s, kind)
        if redis.call('EXISTS', key) == 1 then
          local ok, groups = pcall(redis.call, 'XINFO', 'GROUPS', key)
          if ok then for _, g in ipairs(groups) do
            local f = {} for i = 1, #g, 2 do f[g[i]] = g[i + 1] end
            if f['name'] == 'audit' then t = t + (tonumber(f['lag']) or 0) + f['pending'] end
          end end
        end
      end
    end
    return t" 0 "$PREFIX"
}

wait_audit_drained() { # up to $1 seconds (default 120)
  local i
  for i in $(seq 1 $(( ${1:-120} * 5 ))); do [ "$(audit_backlog)" -eq 0 ] && return 0; sleep 0.2; done
  return 1
}

# Ingestion lag of the ledger rows of platform $1 that occurred between $2 and $3 (ISO instants):
# "entries=.. p50_ms=.. p99_ms=.. max_ms=..".
audit_lag() {
  $PSQL -d "${NUMSHIELD_AUDIT_DB:-numshield_audit}" -c "SELECT 'entries=' || count(*)
      || ' p50_ms=' || coalesce(round(percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM recorded_at - occurred_at) * 1000)::numeric, 1), 0)
      || ' p99_ms=' || coalesce(round(percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM recorded_at - occurred_at) * 1000)::numeric, 1), 0)
      || ' max_ms=' || coalesce(round(max(extract(epoch FROM recorded_at - occurred_at) * 1000)::numeric, 1), 0)
    FROM ledger WHERE platform_id = '$1' AND occurred_at BETWEEN '$2' AND '$3'"
}

# the lag's course over a run: per second of occurred_at, from the run's start, the largest lag
# in ms ("0:812 1:930 ..."): a lag that grows from second to second is ingestion falling behind (it
# gets less CPU than the events need); one that stays level is the rounds' own pace
audit_lag_curve() {
  $PSQL -d "${NUMSHIELD_AUDIT_DB:-numshield_audit}" -c "SELECT coalesce(string_agg(s || ':' || m, ' ' ORDER BY s), '')
    FROM (SELECT floor(extract(epoch FROM occurred_at - '$2'::timestamptz))::int AS s,
                 round(max(extract(epoch FROM recorded_at - occurred_at) * 1000))::int AS m
          FROM ledger WHERE platform_id = '$1' AND occurred_at BETWEEN '$2' AND '$3' GROUP BY 1) per_second"
}

used_memory() { $R info memory | awk -F: '/^used_memory:/ {print $2}' | tr -d '\r'; }
# bytes held by the 64 shard event streams (the audit service trims them as it goes)
stream_memory() {
  local s v t=0
  for s in $(seq -w 0 63); do v=$($R memory usage "$PREFIX{$s}:ev" 2>/dev/null | tr -d '\r'); t=$((t + ${v:-0})); done
  echo $t
}
