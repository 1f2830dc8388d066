#!/usr/bin/env python3
"""Re-verifies the audit ledger's hash chain from an export, without NumShield's code.

    curl -s -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:8083/v1/audit/events?from=...&to=...&format=jsonl" \
      | scripts/verify-export.py

Reads JSON lines (the events export) in seq order on stdin. Checks that seqs follow each other,
that each entry's prevHash is the previous entry's hash (the first one is taken as the anchor,
64 zeros at seq 1), and that hash = SHA-256(prevHash + "\\n" + canonical form), the canonical
form being documented in docs/services/compliance-audit-service.md. Exits 1 at the first bad
entry, naming its seq. An export filtered by platform, number or type is not a contiguous chain:
verify an unfiltered range.
"""
import hashlib
import json
import sys


def canonical(e):
    details = json.dumps(e["details"], separators=(",", ":"), sort_keys=True, ensure_ascii=False)
    fields = [str(e["seq"]), e["eventId"], e["type"], e["occurredAt"]]
    fields += [e.get(k) or "" for k in ("platformId", "bindingId", "orderId", "virtualNumber", "partyA", "partyB")]
    return "\n".join(fields + [details])


def main():
    prev, expected, count = None, None, 0
    for line in sys.stdin:
        if not line.strip():
            continue
        e = json.loads(line)
        if prev is None:
            prev = "0" * 64 if e["seq"] == 1 else e["prevHash"]
        elif e["seq"] != expected:
            return fail(expected, "missing entry")
        if e["prevHash"] != prev:
            return fail(e["seq"], "prevHash does not match the previous entry's hash")
        h = hashlib.sha256((prev + "\n" + canonical(e)).encode("utf-8")).hexdigest()
        if h != e["hash"]:
            return fail(e["seq"], "hash does not match the entry's contents")
        prev, expected, count = h, e["seq"] + 1, count + 1
    print(json.dumps({"verified": True, "entries": count, "head": prev}))
    return 0


def fail(seq, problem):
    print(json.dumps({"verified": False, "firstBadSeq": seq, "problem": problem}))
    return 1


if __name__ == "__main__":
    sys.exit(main())
