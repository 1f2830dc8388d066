#!/usr/bin/env bash
# A real SIP front against a running NumShield: installs Kamailio and sipsak if missing, starts
# Kamailio with deploy/kamailio/kamailio.cfg, sends INVITEs with sipsak and checks the SIP answer
# for a CONNECT (302 with the callee in Contact) and for every REJECT reason; sends MESSAGEs (SMS)
# and checks the relay to a stand-in callee (test-callee.py: the MESSAGE arrives from the virtual
# number, body intact, the sender's number nowhere), the refusals, the callee side's refusal and
# silence, the SMS_DELIVERED / SMS_FAILED events in the ledger, and that Kamailio logged no message
# text. Exits non-zero on any mismatch. Needs the platform up (`make run`; started here if it is not).
# Another platform than make run's default: its ports as make run takes them (NUMSHIELD_GATEWAY_PORT,
# NUMSHIELD_BINDING_PORT, NUMSHIELD_ROUTING_PORT, NUMSHIELD_AUDIT_PORT) and its NUMSHIELD_STATE_DIR;
# scripts/fresh-machine-check.sh runs this script so against the platform it starts.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
source "$HERE/../../scripts/common.sh"
cd "$ROOT"
ROUTING_PORT="${NUMSHIELD_ROUTING_PORT:-8082}"
# the gateway of scripts/numshield here and of fetch-token.sh in Kamailio
export NUMSHIELD_URL="${NUMSHIELD_URL:-http://127.0.0.1:${NUMSHIELD_GATEWAY_PORT:-8080}}"

"$HERE/install.sh"
if ! curl -fsS -m 5 "http://127.0.0.1:$ROUTING_PORT/actuator/health" >/dev/null 2>&1 \
  || ! curl -fsS -m 5 "http://127.0.0.1:${NUMSHIELD_BINDING_PORT:-8081}/actuator/health" >/dev/null 2>&1; then
  make run >/dev/null
fi
set -a; source "$LOCAL/secrets.env"; source "$LOCAL/demo-keys.env"; set +a

WORK=$(mktemp -d /tmp/numshield-kamailio.XXXX)
PORT=$((15060 + RANDOM % 1000))
CTL="unix:$WORK/ctl"
CPORT=$((PORT + 1000))   # the stand-in callee of relayed SMS
KAM=""
CALLEE=""
cleanup() { [ -n "$KAM" ] && kill "$KAM" 2>/dev/null; [ -n "$CALLEE" ] && kill "$CALLEE" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

audit_caught_up   # no audit service yet: see scripts/common.sh

# --- pools, platforms, keys and bindings of our own for this run, all signed calls through the
# gateway (no service is called directly, no token is minted here)
RUN=$(date +%s%N | tail -c 9)
ns() { local key=$1; shift; NUMSHIELD_KEY="$key" scripts/numshield call "$@"; }
field() { sed -n "s/.*\"$1\":\"\([^\"]*\)\".*/\1/p"; }
OP="$NUMSHIELD_BOOTSTRAP_OPERATOR_KEY"
issue() { # body -> keyId:secret
  local answer; answer=$(ns "$OP" POST /v1/api-keys "$1")
  printf '%s:%s' "$(printf '%s' "$answer" | field keyId)" "$(printf '%s' "$answer" | field secret)"
}
BLOCK="7006$(printf '%07d' $((10#$RUN % 10000000)))"
OTHER_BLOCK="7006$(printf '%07d' $(((10#$RUN + 1) % 10000000)))"
AXE_BLOCK="7006$(printf '%07d' $(((10#$RUN + 2) % 10000000)))"
ns "$OP" POST /v1/pools "{\"poolId\":\"kam-$RUN\",\"numberKind\":\"SEGMENT_700\"}" >/dev/null
ns "$OP" POST "/v1/pools/kam-$RUN/blocks" "{\"managementNumbers\":[\"$BLOCK\"]}" >/dev/null
ns "$OP" POST /v1/pools "{\"poolId\":\"kamother-$RUN\",\"numberKind\":\"SEGMENT_700\"}" >/dev/null
ns "$OP" POST "/v1/pools/kamother-$RUN/blocks" "{\"managementNumbers\":[\"$OTHER_BLOCK\"]}" >/dev/null
# extension numbers (AXE), with call controls for every CONNECT of the pool
ns "$OP" POST /v1/pools "{\"poolId\":\"kamaxe-$RUN\",\"numberKind\":\"SEGMENT_700\",\"maxCallDurationSeconds\":600,\"announcementId\":\"protected-call\",\"ringbackToneId\":\"tone-1\"}" >/dev/null
ns "$OP" POST "/v1/pools/kamaxe-$RUN/blocks" "{\"managementNumbers\":[\"$AXE_BLOCK\"]}" >/dev/null
for p in kam-$RUN kamsusp-$RUN; do
  ns "$OP" POST /v1/platforms "{\"platformId\":\"$p\",\"name\":\"kamailio test\",\"pools\":[\"kam-$RUN\",\"kamother-$RUN\",\"kamaxe-$RUN\"]}" >/dev/null
done
PK=$(issue "{\"role\":\"PLATFORM\",\"platformId\":\"kam-$RUN\",\"description\":\"kamailio test\"}")
PK_SUSP=$(issue "{\"role\":\"PLATFORM\",\"platformId\":\"kamsusp-$RUN\",\"description\":\"kamailio test\"}")
# the carrier serves kam-$RUN only: numbers of kamother-$RUN are another carrier's
CK=$(issue "{\"role\":\"CARRIER\",\"pools\":[\"kam-$RUN\",\"kamaxe-$RUN\"],\"description\":\"kamailio test\"}")
(umask 077; echo "NUMSHIELD_KEY=$CK" > "$WORK/carrier-key.env")
num() { printf '1380%07d' $(( (10#$RUN + $1 * 7919) % 10000000 )); }   # fixture-range callers
A=$(num 1); B=$(num 2); H=$(num 3); S=$(num 4); BL=$(num 5); SC=$(num 6); C=$(num 7); D=$(num 8)
X() { echo "${BLOCK}$(printf '%04d' "$1")"; }
GRANTED=$(date -u +%Y-%m-%dT%H:%M:%SZ)
bind() { # key mode a b x direction -> bindingId
  local body="{\"mode\":\"$2\",\"orderId\":\"K-$RUN\",\"partyA\":\"$3\",${4:+\"partyB\":\"$4\",}\"ttlSeconds\":600,\"virtualNumber\":\"$5\",\"direction\":\"$6\",\"consent\":{\"reference\":\"kam\",\"grantedAt\":\"$GRANTED\"}}"
  ns "$1" POST /v1/bindings "$body" | field bindingId
}
bind "$PK" AXB "$A" "$B" "$(X 1)" BOTH >/dev/null
bind "$PK" AXB "$A" "$C" "$(X 2)" A_TO_B >/dev/null
bind "$PK" AXN "$H" "" "$(X 3)" BOTH >/dev/null
gone=$(bind "$PK" AXB "$A" "$D" "$(X 4)" BOTH)
ns "$PK" DELETE "/v1/bindings/$gone" >/dev/null
bind "$PK_SUSP" AXB "$S" "$B" "$(X 5)" BOTH >/dev/null
bind "$PK" AXB "$A" "$B" "${OTHER_BLOCK}0001" BOTH >/dev/null
AXE=$(ns "$PK" POST /v1/bindings "{\"mode\":\"AXE\",\"orderId\":\"K-$RUN\",\"partyA\":\"$A\",\"partyB\":\"$B\",\"ttlSeconds\":600,\"poolId\":\"kamaxe-$RUN\",\"direction\":\"BOTH\",\"consent\":{\"reference\":\"kam\",\"grantedAt\":\"$GRANTED\"}}")
AXE_X=$(printf '%s' "$AXE" | field virtualNumber); EXT=$(printf '%s' "$AXE" | field extension)
[ -n "$AXE_X" ] && [ -n "$EXT" ] || { echo "FAIL  no AXE binding: $AXE"; exit 1; }
ns "$OP" POST "/v1/platforms/kamsusp-$RUN/suspend" '{"reason":"kamailio test"}' >/dev/null
ns "$NUMSHIELD_DEMO_REGULATOR_KEY" POST /v1/blocklist "{\"number\":\"$BL\",\"reason\":\"kamailio test\"}" >/dev/null

# --- the callee side of relayed SMS, then Kamailio, which fetches its own token with the carrier's
# key (TOKEN_COMMAND) at start
mkdir "$WORK/callee"
python3 "$HERE/test-callee.py" "$CPORT" "$WORK/callee" &
CALLEE=$!
kamailio -f "$HERE/kamailio.cfg" -P "$WORK/pid" -A "LISTEN=udp:127.0.0.1:$PORT" -A "CTL_SOCKET=\"$CTL\"" \
  -A "TOKEN_COMMAND=\"$HERE/fetch-token.sh $WORK/carrier-key.env\"" -A "TOKEN_REFRESH=5" \
  -A "SMS_NEXT_HOP=\"sip:127.0.0.1:$CPORT\"" -A "SMS_TIMEOUT=2000" \
  -A "ROUTING_URL=\"http://127.0.0.1:$ROUTING_PORT/v1/call-routes\"" -A "EVENTS_URL=\"http://127.0.0.1:$ROUTING_PORT/v1/call-events\"" \
  -w "$WORK" -DD > "$WORK/kamailio.log" 2>&1 &
KAM=$!
for _ in $(seq 1 50); do [ -S "$WORK/ctl" ] && break; sleep 0.1; done
if [ ! -S "$WORK/ctl" ]; then
  echo "FAIL  Kamailio did not start; its log:"; tail -20 "$WORK/kamailio.log"; exit 1
fi
for _ in $(seq 1 60); do grep -q "carrier token refreshed" "$WORK/kamailio.log" && break; sleep 0.5; done
grep -q "carrier token refreshed" "$WORK/kamailio.log" || echo "FAIL  Kamailio obtained no carrier token (TOKEN_COMMAND)"

failures=0
invite() { # caller called -> first status line of the answer, and the reply in $WORK/reply
  local caller=$1 called=$2 id="kam-$RUN-$RANDOM$RANDOM"
  cat > "$WORK/invite.sip" <<SIP
INVITE sip:$called@127.0.0.1:$PORT SIP/2.0
From: <sip:$caller@carrier.example>;tag=$RANDOM
To: <sip:$called@127.0.0.1>
Call-ID: $id
CSeq: 1 INVITE
Contact: <sip:$caller@127.0.0.1>
Max-Forwards: 70
Content-Length: 0

SIP
  sipsak -vv -d -f "$WORK/invite.sip" -s "sip:$called@127.0.0.1:$PORT" > "$WORK/reply" 2>&1 || true
  { grep -m1 -o 'SIP/2.0 [0-9][0-9][0-9] [A-Za-z_ ]*' "$WORK/reply" || true; } | sed 's/ *$//'
}
expect() { # name expected caller called [header-regex]
  local got; got=$(invite "$3" "$4")
  if [ "$got" = "$2" ] && { [ -z "${5:-}" ] || grep -qE "$5" "$WORK/reply"; }; then
    echo "ok    $1: $got"
  else
    echo "FAIL  $1: expected '$2'${5:+ with /$5/}, got '$got'"; sed 's/^/      /' "$WORK/reply" | head -20
    failures=$((failures + 1))
  fi
}
e164() { echo "+86$1"; }
expect "A calls X (AXB)" "SIP/2.0 302 Moved Temporarily" "$A" "$(X 1)" "Contact: <sip:\\$(e164 "$B")@"
expect "B calls X (AXB)" "SIP/2.0 302 Moved Temporarily" "$B" "$(X 1)" "P-Asserted-Identity: <sip:$(X 1)@"
expect "stranger calls X" "SIP/2.0 403 CALLER_NOT_PARTY" "$(num 9)" "$(X 1)"
expect "B calls an A_TO_B number" "SIP/2.0 403 DIRECTION_NOT_ALLOWED" "$C" "$(X 2)"
expect "holder calls AXN number first" "SIP/2.0 404 NO_RECENT_CALLER" "$H" "$(X 3)"
expect "anyone calls AXN number" "SIP/2.0 302 Moved Temporarily" "$(num 10)" "$(X 3)" "Contact: <sip:\\$(e164 "$H")@"
expect "holder calls back" "SIP/2.0 302 Moved Temporarily" "$H" "$(X 3)" "Contact: <sip:\\$(e164 "$(num 10)")@"
expect "released binding" "SIP/2.0 410 BINDING_EXPIRED" "$A" "$(X 4)"
expect "never bound" "SIP/2.0 404 NO_BINDING" "$A" "$(X 9)"
expect "suspended platform" "SIP/2.0 480 PLATFORM_SUSPENDED" "$S" "$(X 5)"
expect "blocked caller" "SIP/2.0 603 CALLER_BLOCKED" "$BL" "$(X 1)"
expect "not a virtual number" "SIP/2.0 404 Not A Virtual Number" "$A" "13800000000"
# AXE: the extension after X in the Request-URI, in both forms; X alone asks for the digits
expect "B dials X,extension (AXE)" "SIP/2.0 302 Moved Temporarily" "$B" "$AXE_X,$EXT" "Contact: <sip:\\$(e164 "$A")@"
expect "A dials X and the extension's digits (AXE)" "SIP/2.0 302 Moved Temporarily" "$A" "$AXE_X$EXT" "Contact: <sip:\\$(e164 "$B")@"
expect "X dialed without its extension (AXE)" "SIP/2.0 484 EXTENSION_REQUIRED" "$A" "$AXE_X"
expect "an extension not bound (AXE)" "SIP/2.0 404 NO_BINDING" "$A" "$AXE_X,$(printf '%04d' $(( (10#$EXT % 999) + 1 )))"
# the pool's call controls ride on the 302 as headers
expect "call controls: maximum duration" "SIP/2.0 302 Moved Temporarily" "$B" "$AXE_X,$EXT" "X-NS-Max-Duration: 600"
expect "call controls: announcement" "SIP/2.0 302 Moved Temporarily" "$B" "$AXE_X,$EXT" "X-NS-Announcement: protected-call"
expect "call controls: ring-back tone" "SIP/2.0 302 Moved Temporarily" "$B" "$AXE_X,$EXT" "X-NS-Ringback: tone-1"
expect "no call controls on a pool without them" "SIP/2.0 302 Moved Temporarily" "$A" "$(X 1)" "Contact:"
if grep -q "X-NS-" "$WORK/reply"; then
  echo "FAIL  a pool without call controls got X-NS- headers"; failures=$((failures + 1))
fi

# --- SMS: MESSAGE relayed to the callee from the virtual number, or refused as an INVITE is
SMS_FROM=$(date -u -d '-1 minute' +%Y-%m-%dT%H:%M:%SZ)
TEXT="Your courier is at the door $RUN"
message() { # caller called [callee status] -> first status line of the answer (Call-ID $SMS_ID); the reply in $WORK/reply
  local caller=$1 called=$2 body="$TEXT"
  rm -f "$WORK"/callee/received-*.sip
  echo "${3:-200}" > "$WORK/callee/status"
  printf 'MESSAGE sip:%s@127.0.0.1:%s SIP/2.0\nFrom: "%s" <sip:%s@carrier.example>;tag=%s\nTo: <sip:%s@127.0.0.1>\nCall-ID: %s\nCSeq: 1 MESSAGE\nContact: <sip:%s@127.0.0.1>\nP-Asserted-Identity: <sip:%s@carrier.example>\nMax-Forwards: 70\nContent-Type: text/plain;charset=UTF-8\nContent-Length: %s\n\n%s' \
    "$called" "$PORT" "$caller" "$caller" "$RANDOM" "$called" "$SMS_ID" "$caller" "$caller" "${#body}" "$body" > "$WORK/message.sip"
  sipsak -vv -d -f "$WORK/message.sip" -s "sip:$called@127.0.0.1:$PORT" > "$WORK/reply" 2>&1 || true
  { grep -m1 -o 'SIP/2.0 [0-9][0-9][0-9] [A-Za-z_ ]*' "$WORK/reply" || true; } | sed 's/ *$//'
}
LEDGER=()   # "virtualNumber callId type regex..." : an entry of that type for that call, matching each regex
in_ledger() { # virtualNumber type regex... : of the SMS just sent
  local x=$1 type=$2; shift 2; LEDGER+=("$x $SMS_ID $type $*")
}
expect_sms() { # name expected caller called [callee-status relayed-to-callee call-event regex...]
  local got ok=1
  SMS_ID="kamsms-$RUN-$RANDOM$RANDOM"
  got=$(message "$3" "$4" "${5:-}")
  local relayed; relayed=$(ls "$WORK"/callee/received-*.sip 2>/dev/null | head -n1 || true)
  [ "$got" = "$2" ] || ok=0
  if [ -n "${6:-}" ]; then
    # the callee got it: to the callee's number, from the virtual number, the text as sent, and the
    # sender's number nowhere in it
    if [ -z "$relayed" ] || ! head -n1 "$relayed" | grep -qF "MESSAGE sip:$(e164 "$6")@" \
      || ! grep -qE "^From: \"?$4\"? ?<sip:$4@" "$relayed" || ! grep -q "^P-Asserted-Identity: <sip:$4@" "$relayed" \
      || [ "$(sed -n '/^\r$/,$p' "$relayed" | tail -c +3)" != "$TEXT" ] || grep -q "$3" "$relayed"; then
      ok=0; got="$got; relayed: $( [ -n "$relayed" ] && cat "$relayed" || echo nothing)"
    fi
    in_ledger "$4" CALL_EVENT "\"platformId\":\"kam-$RUN\"" "${@:7}"
  elif [ -n "$relayed" ]; then
    ok=0; got="$got; relayed although refused"
  fi
  if [ "$ok" = 1 ]; then
    echo "ok    SMS $1: $2"
  else
    echo "FAIL  SMS $1: expected '$2', got '$got'"; sed 's/^/      /' "$WORK/reply" | head -20
    failures=$((failures + 1))
  fi
}
expect_sms "A to X reaches B (AXB)" "SIP/2.0 200 OK" "$A" "$(X 1)" 200 "$B" SMS_DELIVERED '"callerRole":"A"'
expect_sms "B to X reaches A (AXB)" "SIP/2.0 200 OK" "$B" "$(X 1)" 200 "$A" SMS_DELIVERED '"callerRole":"B"'
expect_sms "anyone to an AXN number reaches its holder" "SIP/2.0 200 OK" "$(num 11)" "$(X 3)" 200 "$H" SMS_DELIVERED
expect_sms "the callee side is busy" "SIP/2.0 486 Busy Here" "$A" "$(X 1)" 486 "$B" SMS_FAILED 'sipStatus[^0-9]*486'
expect_sms "the callee side never answers" "SIP/2.0 408 Request Timeout" "$B" "$(X 1)" none "$A" SMS_FAILED 'sipStatus[^0-9]*408'
in_ledger "$(X 1)" CALL_ROUTED '"callType":"SMS"' '"action":"CONNECT"'
expect_sms "stranger" "SIP/2.0 403 CALLER_NOT_PARTY" "$(num 9)" "$(X 1)"
in_ledger "$(X 1)" CALL_ROUTED '"callType":"SMS"' '"action":"REJECT"' '"reason":"CALLER_NOT_PARTY"'
expect_sms "B to an A_TO_B number" "SIP/2.0 403 DIRECTION_NOT_ALLOWED" "$C" "$(X 2)"
expect_sms "released binding" "SIP/2.0 410 BINDING_EXPIRED" "$A" "$(X 4)"
expect_sms "never bound" "SIP/2.0 404 NO_BINDING" "$A" "$(X 9)"
expect_sms "suspended platform" "SIP/2.0 480 PLATFORM_SUSPENDED" "$S" "$(X 5)"
expect_sms "blocked caller" "SIP/2.0 603 CALLER_BLOCKED" "$BL" "$(X 1)"
in_ledger "$(X 1)" CALL_ROUTED '"callType":"SMS"' '"action":"REJECT"' '"reason":"CALLER_BLOCKED"'
expect_sms "another carrier's number" "SIP/2.0 403 OUT_OF_SCOPE" "$A" "${OTHER_BLOCK}0001"
expect_sms "not a virtual number" "SIP/2.0 404 Not A Virtual Number" "$A" "13800000000"
if grep -qE "$TEXT|$A|$B" "$WORK/kamailio.log"; then
  echo "FAIL  Kamailio logged the text of a message or a sender's number"; failures=$((failures + 1))
else
  echo "ok    neither message text nor the senders' numbers in Kamailio's log"
fi
# each relayed SMS's outcome is one CALL_EVENT in the ledger, a refused one its CALL_ROUTED REJECT
# (compliance-audit-service ingests the call streams within seconds)
SMS_TO=$(date -u -d '+1 minute' +%Y-%m-%dT%H:%M:%SZ)
for expected in "${LEDGER[@]}"; do
  read -r x id type patterns <<< "$expected"
  found=""
  for _ in $(seq 1 30); do
    found=$(ns "$NUMSHIELD_DEMO_REGULATOR_KEY" GET "/v1/audit/events?from=$SMS_FROM&to=$SMS_TO&virtualNumber=$x&type=$type&reason=kamailio+sms+test" \
      | grep -F "\"callId\":\"$id\"" || true)
    [ -n "$found" ] && break
    sleep 1
  done
  # exactly one: a retransmitted MESSAGE (sipsak resends while it waits) is neither a second
  # routing decision nor a second report
  ok=$([ "$(grep -c . <<< "$found")" = 1 ] && echo 1 || echo 0)
  read -ra regexes <<< "$patterns"
  for regex in "${regexes[@]}"; do grep -qE "$regex" <<< "$found" || ok=0; done
  if [ "$ok" = 1 ]; then
    echo "ok    SMS $id: $type in the ledger ($patterns)"
  else
    echo "FAIL  SMS $id: expected $type with $patterns in the ledger, found '${found:-nothing}'"
    failures=$((failures + 1))
  fi
done

for i in $(seq 20 49); do invite "$SC" "$(X "$i")" >/dev/null; done   # 30 distinct numbers: the limit
expect "31st distinct number" "SIP/2.0 486 CALL_RATE_EXCEEDED" "$SC" "$(X 50)"
expect "another carrier's number" "SIP/2.0 403 OUT_OF_SCOPE" "$A" "${OTHER_BLOCK}0001"
kamcmd -s "$CTL" pv.shvSet token str "not-a-token" >/dev/null
kamcmd -s "$CTL" pv.shvSet token_at int "$(date +%s)" >/dev/null   # as if just fetched: no refresh for 5 s
expect "routing refuses a bad token" "SIP/2.0 503 Routing Unavailable" "$A" "$(X 1)"
sleep 8   # TOKEN_REFRESH is 5 s here: Kamailio fetches a good token again by itself
expect "Kamailio refreshed its token" "SIP/2.0 302 Moved Temporarily" "$A" "$(X 1)"

if [ "$failures" -gt 0 ]; then
  echo "$failures SIP answer(s) wrong; Kamailio's log: "; tail -20 "$WORK/kamailio.log"
  exit 1
fi
echo "all SIP answers as expected"
