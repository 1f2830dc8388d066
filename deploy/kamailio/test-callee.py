#!/usr/bin/env python3
"""The callee's side of the SMS relay for deploy/kamailio/test.sh: a SIP UAS on UDP that keeps
every request it receives, byte for byte, as DIR/received-<n>.sip and answers it with the status
written in DIR/status (200 when the file is missing; "none": no answer at all).

  test-callee.py PORT DIR
"""
import os
import socket
import sys

REASONS = {200: "OK", 202: "Accepted", 404: "Not Found", 480: "Temporarily Unavailable", 486: "Busy Here"}


def answer(request: bytes, status: int) -> bytes:
    head = request.split(b"\r\n\r\n", 1)[0].decode("utf-8", "replace").split("\r\n")
    keep = [line for line in head[1:] if line.split(":", 1)[0].strip().lower() in ("via", "from", "to", "call-id", "cseq")]
    keep = [line + ";tag=callee" if line.lower().startswith("to:") and ";tag=" not in line else line for line in keep]
    lines = ["SIP/2.0 %d %s" % (status, REASONS.get(status, "Status"))] + keep + ["Content-Length: 0", "", ""]
    return "\r\n".join(lines).encode()


def main() -> None:
    port, directory = int(sys.argv[1]), sys.argv[2]
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", port))
    received = 0
    while True:
        request, peer = sock.recvfrom(65535)
        if request.startswith(b"SIP/2.0"):
            continue
        received += 1
        with open(os.path.join(directory, "received-%d.sip" % received), "wb") as out:
            out.write(request)
        try:
            with open(os.path.join(directory, "status")) as f:
                status = f.read().strip()
        except FileNotFoundError:
            status = "200"
        if status != "none":
            sock.sendto(answer(request, int(status)), peer)


if __name__ == "__main__":
    main()
