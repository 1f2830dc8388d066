#!/usr/bin/env bash
# make stop: stops what make run started (pid files in .local/run).
set -uo pipefail
RUN="$(cd "$(dirname "$0")/.." && pwd)/.local/run"
[ -d "$RUN" ] || { echo "nothing to stop"; exit 0; }
for pidfile in "$RUN"/*.pid; do
  [ -e "$pidfile" ] || continue
  pid=$(cat "$pidfile"); name=$(basename "$pidfile" .pid)
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
    echo "stopped $name"
  fi
  rm -f "$pidfile"
done
