#!/bin/bash
# How many Redis commands route.lua makes for AXB and AXN routes, in this tree and at an older
# revision (default: the one before AXG, ADR 0024), counted with MONITOR on the local Redis under a
# key prefix of this run's own (deleted at the end). Usage: bench/route-commands.sh [revision]
set -euo pipefail
cd "$(dirname "$0")/.."
OLD=${1:-e1b0226}
R=numshield-core/src/main/resources/io/numshield/core/redis
HOST=${NUMSHIELD_REDIS_HOST:-127.0.0.1}
PORT=${NUMSHIELD_REDIS_PORT:-6379}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
git show "$OLD:$R/lib.lua" > "$T/old-lib.lua"
git show "$OLD:$R/route.lua" > "$T/old-route.lua"
cat "$T/old-lib.lua" "$T/old-route.lua" > "$T/old.lua"
cat $R/lib.lua $R/route.lua > "$T/new.lua"
cat $R/lib.lua $R/lease.lua > "$T/lease.lua"
cat $R/lib.lua $R/init-block.lua > "$T/init.lua"
P="routecmds$$:{05}:"
rc() { redis-cli -h "$HOST" -p "$PORT" "$@"; }
rc HSET "${P}p" plat ACTIVE >/dev/null
rc --eval "$T/init.lua" "$P" , 70000000005 pool 10000 200 0 >/dev/null
now=$(($(date +%s) * 1000))
rc --eval "$T/lease.lua" "$P" , 05AAAAAAAAAAAAA1 plat o1 AXB 70000000005 0 idxA1 idxB1 ctAB BOTH 0 600000 '' 0 c $now 1000 '' >/dev/null
rc --eval "$T/lease.lua" "$P" , 05AAAAAAAAAAAAA2 plat o2 AXN 70000000005 1 idxA2 '' ctA BOTH 0 600000 '' 0 c $now 1000 '' >/dev/null
for v in old new; do
  for c in "700000000050000 idxA1 AXB-party" "700000000050000 idxS AXB-stranger" "700000000050001 idxS2 AXN-anyone" \
      "700000000050001 idxA2 AXN-holder"; do
    set -- $c
    redis-cli -h "$HOST" -p "$PORT" MONITOR > "$T/mon.txt" &
    M=$!
    sleep 0.3
    answer=$(rc --eval "$T/$v.lua" "$P" , "$1" "call-$RANDOM" "$2" ctCaller VOICE 1000 600000 86400000 86400000 \
      "evt-$RANDOM" 1000000 '' '' | head -2 | tr '\n' ' ')
    sleep 0.3
    kill $M
    wait $M 2>/dev/null || true
    echo "$v $3: $(grep -a -F "\"$P" "$T/mon.txt" | grep -a -c '\[0 lua\]') commands in route.lua ($answer)"
  done
done
for k in $(rc --scan --pattern "routecmds$$:*"); do rc DEL "$k" >/dev/null; done
