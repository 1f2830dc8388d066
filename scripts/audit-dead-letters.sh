#!/usr/bin/env bash
# The audit entries that ingestion could not put into the ledger (compliance-audit-service,
# "Dead letters"): they wait in the stream <prefix>audit:dead with where they came from and why.
#   scripts/audit-dead-letters.sh list [N]    the first N (default 20): id, eventId, type, stream, reason
#   scripts/audit-dead-letters.sh replay [N]  once the cause is mended (a retired key restored, a
#                                             column widened): moves up to N (default 1000) back to
#                                             the stream they came from; ingestion takes them again,
#                                             and skips any the ledger already has by eventId
# Redis as make run uses it: NUMSHIELD_REDIS_HOST (127.0.0.1), NUMSHIELD_REDIS_PORT (6379),
# NUMSHIELD_REDIS_KEY_PREFIX (ns:); REDISCLI_AUTH for a password. Works on Redis Cluster too:
# one XADD and one XDEL per entry, no script across slots. Needs python3 and redis-cli 7+.
set -euo pipefail
host="${NUMSHIELD_REDIS_HOST:-127.0.0.1}"
port="${NUMSHIELD_REDIS_PORT:-6379}"
prefix="${NUMSHIELD_REDIS_KEY_PREFIX:-ns:}"
dead="${prefix}audit:dead"
cli() { redis-cli -c -h "$host" -p "$port" "$@"; }
# every entry as one JSON line: {"id": ..., "fields": {...}} (redis-cli --json, parsed by python3)
entries() {
  cli --json XRANGE "$dead" - + COUNT "$1" | python3 -c '
import json, sys
for entry_id, flat in json.load(sys.stdin) or []:
    print(json.dumps({"id": entry_id, "fields": dict(zip(flat[0::2], flat[1::2]))}))'
}

case "${1:-list}" in
  list)
    echo "$(cli XLEN "$dead") dead letters in $dead"
    entries "${2:-20}" | python3 -c '
import json, sys
for line in sys.stdin:
    e = json.loads(line); f = e["fields"]
    print(e["id"], f.get("eventId"), f.get("type"), f.get("deadStream"), f.get("deadId"), "|", f.get("deadReason"))'
    ;;
  replay)
    moved=0
    while IFS= read -r line; do
      mapfile -d '' -t args < <(printf '%s' "$line" | python3 -c '
import json, sys
e = json.loads(sys.stdin.read()); f = e["fields"]
out = [e["id"], f.get("deadStream", "")]
for k, v in f.items():
    if k not in ("deadStream", "deadId", "deadReason", "deadAt"):
        out += [k, v]
sys.stdout.write("\0".join(out))')
      id="${args[0]}" stream="${args[1]}"
      if [ -z "$stream" ]; then echo "entry $id has no deadStream; left in place" >&2; continue; fi
      cli XADD "$stream" '*' "${args[@]:2}" >/dev/null
      cli XDEL "$dead" "$id" >/dev/null
      moved=$((moved + 1))
    done < <(entries "${2:-1000}")
    echo "moved $moved entries back to their streams"
    ;;
  *) echo "usage: $0 list [N] | replay [N]" >&2; exit 2 ;;
esac
