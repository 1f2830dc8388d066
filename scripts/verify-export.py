#!/usr/bin/env python3
"""Re-verifies the audit ledger's hash chain from an export, without NumShield's code.

    curl -s -H "Authorization: Bearer $TOKEN" \\
      "http://127.0.0.1:8083/v1/audit/events?from=...&to=...&reason=...&format=jsonl" \\
      | scripts/verify-export.py [--checkpoint checkpoint.json --public-key ledger-key.pem]

Reads JSON lines (the events export) in seq order on stdin. Checks that seqs follow each other,
that each entry's prevHash is the previous entry's hash (the first one is taken as the anchor,
64 zeros at seq 1), and that hash = SHA-256(prevHash + "\\n" + canonical form). The canonical form
depends on the entry's hashVersion (docs/services/compliance-audit-service.md, "The chain"):
version 1 lists some fields line by line; version 2 is every stored column but prevHash and hash,
as a JSON object of strings with sorted keys. Exits 1 at the first bad entry, naming its seq.
An export filtered by platform, number or type is not a contiguous chain: verify an unfiltered
range.

With --checkpoint (one object of GET /v1/audit/checkpoints, as a JSON file) it also checks that
the chain recomputed from the export reaches the checkpoint's hash at the checkpoint's seq, and
that the checkpoint's Ed25519 signature verifies with --public-key (the PEM of
GET /v1/audit/checkpoints/key, obtained beforehand and kept: a checkpoint is only as good as the
key you trust, so the key inside the checkpoint is not used). Needs Python's `cryptography`, or
the `openssl` command when it is missing.

With --daily-report it verifies a signed daily report instead (ADR 0028): the CSV as fetched, byte
for byte, and its Ed25519 signature, given as --signature (the JSON of
GET /v1/audit/reports/daily/{date}/signature, whose sha256 and rowCount are checked too) or as
--signature-header (the value of the CSV answer's NumShield-Signature header, "ed25519=<base64>"):

    curl -s -D headers.txt -o report.csv -H "Authorization: Bearer $TOKEN" \
      "http://127.0.0.1:8083/v1/audit/reports/daily/2026-11-30"
    curl -s -o report.sig.json -H "Authorization: Bearer $TOKEN" \
      "http://127.0.0.1:8083/v1/audit/reports/daily/2026-11-30/signature"
    scripts/verify-export.py --daily-report report.csv --signature report.sig.json --public-key ledger-key.pem
    scripts/verify-export.py --daily-report report.csv \
      --signature-header "$(sed -n 's/^NumShield-Signature: //Ip' headers.txt | tr -d '\r')" --public-key ledger-key.pem

Prints {"verified": true, "date": ..., "rows": ...} or {"verified": false, "problem": ...} and exits 1.
"""
import argparse
import base64
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile


def canonical_v1(e):
    details = json.dumps(e["details"], separators=(",", ":"), sort_keys=True, ensure_ascii=False)
    fields = [str(e["seq"]), e["eventId"], e["type"], e["occurredAt"]]
    fields += [e.get(k) or "" for k in ("platformId", "bindingId", "orderId", "virtualNumber", "partyA", "partyB")]
    return "\n".join(fields + [details])


def canonical_v2(e):
    columns = {}
    for key, value in e.items():
        if key in ("prevHash", "hash") or value is None:
            continue
        if key == "details":
            value = json.dumps(value, separators=(",", ":"), sort_keys=True, ensure_ascii=False)
        columns[re.sub(r"([A-Z])", r"_\1", key).lower()] = str(value)
    return json.dumps(columns, separators=(",", ":"), sort_keys=True, ensure_ascii=False)


CANONICAL = {1: canonical_v1, 2: canonical_v2}


def checkpoint_message(c):
    return "\n".join(["numshield-ledger-checkpoint/1", str(c["seq"]), c["hash"], c["signedAt"], c["reason"]])


def signature_holds(checkpoint, public_key_pem):
    message = checkpoint_message(checkpoint).encode("utf-8")
    return ed25519_holds(message, base64.b64decode(checkpoint["signature"]), public_key_pem)


def ed25519_holds(message, signature, public_key_pem):
    try:
        from cryptography.exceptions import InvalidSignature
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
        from cryptography.hazmat.primitives.serialization import load_pem_public_key
    except ImportError:
        return openssl_verifies(message, signature, public_key_pem)
    key = load_pem_public_key(public_key_pem)
    if not isinstance(key, Ed25519PublicKey):
        return False
    try:
        key.verify(signature, message)
        return True
    except InvalidSignature:
        return False


def openssl_verifies(message, signature, public_key_pem):
    with tempfile.TemporaryDirectory() as d:
        paths = {}
        for name, data in (("key.pem", public_key_pem), ("msg", message), ("sig", signature)):
            paths[name] = os.path.join(d, name)
            with open(paths[name], "wb") as f:
                f.write(data)
        run = subprocess.run(["openssl", "pkeyutl", "-verify", "-pubin", "-inkey", paths["key.pem"], "-rawin",
                              "-in", paths["msg"], "-sigfile", paths["sig"]], capture_output=True)
        return run.returncode == 0


def main():
    parser = argparse.ArgumentParser(description="Re-verify an audit export (JSON lines on stdin).")
    parser.add_argument("--checkpoint", help="a checkpoint (JSON object) the export must reach")
    parser.add_argument("--public-key", help="the ledger's public key (PEM) that signed the checkpoint or report")
    parser.add_argument("--daily-report", help="a daily report's CSV, as fetched, to verify instead of an export")
    parser.add_argument("--signature", help="the daily report's signature JSON (GET .../daily/{date}/signature)")
    parser.add_argument("--signature-header", help="or its NumShield-Signature header: ed25519=<base64>")
    args = parser.parse_args()
    if args.daily_report:
        return verify_daily_report(parser, args)
    checkpoint = None
    if args.checkpoint:
        if not args.public_key:
            parser.error("--checkpoint needs --public-key (the key you trust, not the one inside the checkpoint)")
        with open(args.checkpoint, encoding="utf-8") as f:
            checkpoint = json.load(f)
        with open(args.public_key, "rb") as f:
            if not signature_holds(checkpoint, f.read()):
                return fail(checkpoint["seq"], "the checkpoint's signature does not verify with the public key")

    prev, expected, count, reached = None, None, 0, False
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
        canonical = CANONICAL.get(e.get("hashVersion", 1))
        if canonical is None:
            return fail(e["seq"], "unknown hashVersion %s" % e.get("hashVersion"))
        h = hashlib.sha256((prev + "\n" + canonical(e)).encode("utf-8")).hexdigest()
        if h != e["hash"]:
            return fail(e["seq"], "hash does not match the entry's contents")
        if checkpoint is not None and e["seq"] == checkpoint["seq"]:
            if h != checkpoint["hash"]:
                return fail(e["seq"], "the chain does not reach the checkpoint's hash at its seq")
            reached = True
        prev, expected, count = h, e["seq"] + 1, count + 1
    if checkpoint is not None and not reached:
        return fail(checkpoint["seq"], "the export does not hold the checkpoint's seq")
    answer = {"verified": True, "entries": count, "head": prev}
    if checkpoint is not None:
        answer["checkpoint"] = {"seq": checkpoint["seq"], "signedAt": checkpoint["signedAt"]}
    print(json.dumps(answer))
    return 0


def verify_daily_report(parser, args):
    if not args.public_key:
        parser.error("--daily-report needs --public-key (the PEM of GET /v1/audit/checkpoints/key, kept beforehand)")
    if bool(args.signature) == bool(args.signature_header):
        parser.error("--daily-report needs one of --signature and --signature-header")
    with open(args.daily_report, "rb") as f:
        csv_bytes = f.read()
    with open(args.public_key, "rb") as f:
        public_key_pem = f.read()
    lines = csv_bytes.decode("utf-8").split("\r\n")
    rows = [line for line in lines[1:] if line]
    date = rows[0].split(",", 1)[0] if rows else None
    if args.signature:
        with open(args.signature, encoding="utf-8") as f:
            detached = json.load(f)
        if detached.get("algorithm") != "Ed25519":
            return report_fails("the signature's algorithm is not Ed25519")
        if hashlib.sha256(csv_bytes).hexdigest() != detached["sha256"]:
            return report_fails("the CSV's SHA-256 is not the one the signature names: another fetch of the report?")
        if len(rows) != detached["rowCount"]:
            return report_fails("the CSV holds %d rows, the signature names %d" % (len(rows), detached["rowCount"]))
        if date is not None and date != detached["date"]:
            return report_fails("the CSV's rows are of %s, the signature's date is %s" % (date, detached["date"]))
        date = detached["date"]
        signature = detached["signature"]
    else:
        value = args.signature_header.strip()
        if not value.lower().startswith("ed25519="):
            return report_fails("the header is not ed25519=<base64>")
        signature = value[len("ed25519="):]
    if not ed25519_holds(csv_bytes, base64.b64decode(signature), public_key_pem):
        return report_fails("the signature does not verify with the public key over the CSV's bytes")
    print(json.dumps({"verified": True, "date": date, "rows": len(rows),
                      "sha256": hashlib.sha256(csv_bytes).hexdigest()}))
    return 0


def report_fails(problem):
    print(json.dumps({"verified": False, "problem": problem}))
    return 1


def fail(seq, problem):
    print(json.dumps({"verified": False, "firstBadSeq": seq, "problem": problem}))
    return 1


if __name__ == "__main__":
    sys.exit(main())
