#!/usr/bin/env bash
# make stop: stops what make run started (pid files in .local/run). Every service is asked to stop at
# once, then waited for: a service on its AOT training run (scripts/run.sh, launch_args) writes its
# cache as it exits, which takes a few seconds to half a minute on 2 cores; after 90 s it is killed.
set -uo pipefail
RUN="${NUMSHIELD_STATE_DIR:-$(cd "$(dirname "$0")/.." && pwd)/.local}/run"   # make run's state directory
[ -d "$RUN" ] || { echo "nothing to stop"; exit 0; }
declare -A stopping
for pidfile in "$RUN"/*.pid; do
  [ -e "$pidfile" ] || continue
  pid=$(cat "$pidfile"); name=$(basename "$pidfile" .pid)
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    stopping[$name]=$pid
  fi
  rm -f "$pidfile"
done
for _ in $(seq 1 180); do
  for name in "${!stopping[@]}"; do
    if ! kill -0 "${stopping[$name]}" 2>/dev/null; then
      echo "stopped $name"; unset "stopping[$name]"
    fi
  done
  [ ${#stopping[@]} -eq 0 ] && exit 0
  sleep 0.5
done
for name in "${!stopping[@]}"; do
  kill -9 "${stopping[$name]}" 2>/dev/null && echo "killed $name (it did not stop within 90 s)"
done
