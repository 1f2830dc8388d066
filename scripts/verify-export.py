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

A case bundle (GET /v1/audit/cases/{caseId}/export, ADR 0030):

    scripts/verify-export.py --case-bundle numshield-case-....jsonl --public-key ledger-key.pem

The bundle is JSON lines: every ledger entry from the case's first entry up to a signed checkpoint
at or after its last (the events export's lines, so entries that are not the case's are there
too: the chain needs them), then one trailer line
{"bundle": "numshield-case-bundle/1", "manifest": "<JSON text>", "signature": "<base64>",
"checkpoint": {...}}. Checked, with nothing but the PEM of GET /v1/audit/checkpoints/key:
  1. the manifest's signature: Ed25519 over the UTF-8 of "numshield-case-manifest/1\n" + the
     manifest's text exactly as it stands in the trailer;
  2. the manifest's entriesSha256 is the SHA-256 of every byte before the trailer line;
  3. the checkpoint's signature (as with --checkpoint), and the checkpoint is the one the manifest
     names (seq, hash, signedAt);
  4. the chain over the entries: contiguous from the manifest's fromSeq, each hash recomputed,
     the last entry at the checkpoint's seq with the checkpoint's hash, so that every entry in the
     range, the case's among them, is the one the signed chain head covers;
  5. every seq of the manifest's caseSeqs is in the range (those lines are the case's).
Prints {"verified": true, "caseId", "entries", "caseEntries", "checkpoint"} or the first failure.
A bundle in the attested form (manifest "form": "attested"; ?form=attested, or a case whose range
is over the export's limit) holds the case's entries alone: steps 1-3 as above, then each entry's
hash recomputed from its line (with its own prevHash) and equal to the one the signed manifest lists
for its seq (caseHashes), and the entries exactly the case's. It proves what the ledger's key
attests at export time, not that an earlier checkpoint reaches them (ADR 0030).

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
    return verify_signature(checkpoint_message(checkpoint).encode("utf-8"), checkpoint["signature"], public_key_pem)


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


def verify_signature(message, signature_b64, public_key_pem):
    signature = base64.b64decode(signature_b64)
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


def ed25519_holds(message, signature, public_key_pem):
    return verify_signature(message, base64.b64encode(signature), public_key_pem)


def verify_case_bundle(path, public_key_pem):
    with open(path, "rb") as f:
        data = f.read()
    lines = data.splitlines(keepends=True)
    while lines and not lines[-1].strip():
        lines.pop()
    if not lines:
        return fail(None, "the bundle is empty")
    try:
        trailer = json.loads(lines[-1])
    except ValueError:
        return fail(None, "the bundle's last line is not its trailer")
    if not isinstance(trailer, dict) or trailer.get("bundle") != "numshield-case-bundle/1":
        return fail(None, "the bundle's last line is not a numshield-case-bundle/1 trailer")
    text = trailer["manifest"]
    if not verify_signature(("numshield-case-manifest/1\n" + text).encode("utf-8"), trailer["signature"],
                            public_key_pem):
        return fail(None, "the manifest's signature does not verify with the public key")
    manifest = json.loads(text)
    body = b"".join(lines[:-1])
    if hashlib.sha256(body).hexdigest() != manifest["entriesSha256"]:
        return fail(None, "the entries are not the ones the manifest names (entriesSha256)")
    checkpoint = trailer["checkpoint"]
    if not signature_holds(checkpoint, public_key_pem):
        return fail(checkpoint["seq"], "the checkpoint's signature does not verify with the public key")
    named = manifest["checkpoint"]
    if (named["seq"], named["hash"], named["signedAt"]) != (checkpoint["seq"], checkpoint["hash"],
                                                           checkpoint["signedAt"]):
        return fail(checkpoint["seq"], "the checkpoint is not the one the manifest names")
    entries = [l.decode("utf-8") for l in lines[:-1] if l.strip()]
    if manifest.get("form") == "attested":
        return verify_attested(manifest, entries, checkpoint)
    if not entries or json.loads(entries[0])["seq"] != manifest["fromSeq"]:
        return fail(manifest["fromSeq"], "the entries do not start at the manifest's fromSeq")
    result = verify_chain(entries, checkpoint)
    if not result["verified"]:
        return fail(result["firstBadSeq"], result["problem"])
    if result["last"] != checkpoint["seq"]:
        return fail(checkpoint["seq"], "the entries do not end at the checkpoint's seq")
    missing = [s for s in manifest["caseSeqs"] if not manifest["fromSeq"] <= s <= checkpoint["seq"]]
    if missing:
        return fail(missing[0], "a seq of the case is outside the verified range")
    print(json.dumps({"verified": True, "caseId": manifest["caseId"], "entries": result["entries"],
                      "caseEntries": len(manifest["caseSeqs"]),
                      "checkpoint": {"seq": checkpoint["seq"], "signedAt": checkpoint["signedAt"]}}))
    return 0


def verify_attested(manifest, entries, checkpoint):
    """The attested form (ADR 0030): the case's entries alone, each hash recomputed from its line and
    equal to the one the signed manifest lists for its seq, every listed seq present once."""
    signed = manifest["caseHashes"]
    seen = []
    for line in entries:
        e = json.loads(line)
        canonical = CANONICAL.get(e.get("hashVersion", 1))
        if canonical is None:
            return fail(e["seq"], "unknown hashVersion %s" % e.get("hashVersion"))
        h = hashlib.sha256((e["prevHash"] + "\n" + canonical(e)).encode("utf-8")).hexdigest()
        if h != e["hash"]:
            return fail(e["seq"], "hash does not match the entry's contents")
        if signed.get(str(e["seq"])) != h:
            return fail(e["seq"], "the entry's hash is not the one the manifest signs for its seq")
        if e["seq"] > checkpoint["seq"]:
            return fail(e["seq"], "an entry after the checkpoint the manifest names")
        seen.append(e["seq"])
    if sorted(seen) != sorted(int(s) for s in signed) or sorted(seen) != sorted(manifest["caseSeqs"]):
        return fail(None, "the entries are not exactly the case's (caseSeqs, caseHashes)")
    print(json.dumps({"verified": True, "form": "attested", "caseId": manifest["caseId"], "entries": len(seen),
                      "caseEntries": len(manifest["caseSeqs"]),
                      "checkpoint": {"seq": checkpoint["seq"], "signedAt": checkpoint["signedAt"]}}))
    return 0


def verify_chain(lines, checkpoint):
    """Checks the chain over JSON lines; answers {"verified": True, "entries", "head", "last", "reached"}
    or {"verified": False, "firstBadSeq", "problem"}."""
    prev, expected, count, reached, last = None, None, 0, False, None
    for line in lines:
        if not line.strip():
            continue
        e = json.loads(line)
        if prev is None:
            prev = "0" * 64 if e["seq"] == 1 else e["prevHash"]
        elif e["seq"] != expected:
            return {"verified": False, "firstBadSeq": expected, "problem": "missing entry"}
        if e["prevHash"] != prev:
            return {"verified": False, "firstBadSeq": e["seq"],
                    "problem": "prevHash does not match the previous entry's hash"}
        canonical = CANONICAL.get(e.get("hashVersion", 1))
        if canonical is None:
            return {"verified": False, "firstBadSeq": e["seq"], "problem": "unknown hashVersion %s" % e.get("hashVersion")}
        h = hashlib.sha256((prev + "\n" + canonical(e)).encode("utf-8")).hexdigest()
        if h != e["hash"]:
            return {"verified": False, "firstBadSeq": e["seq"], "problem": "hash does not match the entry's contents"}
        if checkpoint is not None and e["seq"] == checkpoint["seq"]:
            if h != checkpoint["hash"]:
                return {"verified": False, "firstBadSeq": e["seq"],
                        "problem": "the chain does not reach the checkpoint's hash at its seq"}
            reached = True
        prev, expected, count, last = h, e["seq"] + 1, count + 1, e["seq"]
    if checkpoint is not None and not reached:
        return {"verified": False, "firstBadSeq": checkpoint["seq"], "problem": "the export does not hold the checkpoint's seq"}
    return {"verified": True, "entries": count, "head": prev, "last": last, "reached": reached}


def main():
    parser = argparse.ArgumentParser(description="Re-verify an audit export (JSON lines on stdin).")
    parser.add_argument("--checkpoint", help="a checkpoint (JSON object) the export must reach")
    parser.add_argument("--public-key", help="the ledger's public key (PEM) that signed the checkpoint, report or bundle")
    parser.add_argument("--case-bundle", help="a case bundle (GET /v1/audit/cases/{caseId}/export) to verify")
    parser.add_argument("--daily-report", help="a daily report's CSV, as fetched, to verify instead of an export")
    parser.add_argument("--signature", help="the daily report's signature JSON (GET .../daily/{date}/signature)")
    parser.add_argument("--signature-header", help="or its NumShield-Signature header: ed25519=<base64>")
    args = parser.parse_args()
    if args.daily_report:
        return verify_daily_report(parser, args)
    if args.case_bundle:
        if not args.public_key:
            parser.error("--case-bundle needs --public-key (the key you trust)")
        with open(args.public_key, "rb") as f:
            return verify_case_bundle(args.case_bundle, f.read())
    checkpoint = None
    if args.checkpoint:
        if not args.public_key:
            parser.error("--checkpoint needs --public-key (the key you trust, not the one inside the checkpoint)")
        with open(args.checkpoint, encoding="utf-8") as f:
            checkpoint = json.load(f)
        with open(args.public_key, "rb") as f:
            if not signature_holds(checkpoint, f.read()):
                return fail(checkpoint["seq"], "the checkpoint's signature does not verify with the public key")

    result = verify_chain(sys.stdin, checkpoint)
    if not result["verified"]:
        return fail(result["firstBadSeq"], result["problem"])
    answer = {"verified": True, "entries": result["entries"], "head": result["head"]}
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
