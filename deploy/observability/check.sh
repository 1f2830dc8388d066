#!/usr/bin/env bash
# Checks deploy/observability/ (docs/observability.md): promtool check config on prometheus.yml (it
# follows rule_files), promtool check rules on the recording and alert rules, promtool test rules on
# alerts-test.yml (every alert fires on one series and stays quiet on another), every dashboard query
# parsed by promtool, check.py (metric names against the Java sources and known-metrics.txt, alert
# annotations and runbook sections, dashboards and provisioning) and its self-test, and
# deploy/compose.yaml (compose/check.py: the profile, the scrape targets, the exporter's streams).
# Installs what is missing from Debian's packages: prometheus (promtool), python3 and PyYAML.
# Prints every step that failed and exits non-zero if any did.
#   deploy/observability/check.sh
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1
dir=deploy/observability

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
updated=0
install() {
  echo "installing $* (Debian's packages)"
  if [ "$updated" = 0 ]; then
    as_root apt-get update -qq >/dev/null || return 1
    updated=1
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}
if ! command -v promtool >/dev/null 2>&1; then
  install prometheus || { echo "FAILED: cannot install promtool (Debian's prometheus)"; exit 1; }
fi
python=""
for candidate in python3 /usr/bin/python3; do
  if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import yaml' 2>/dev/null; then python=$candidate; break; fi
done
if [ -z "$python" ]; then
  install python3 python3-yaml || { echo "FAILED: cannot install python3 and PyYAML"; exit 1; }
  python=/usr/bin/python3
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=()
# runs one step; its output is shown only when it fails (or always, with VERBOSE=1)
step() {
  local name=$1
  shift
  if "$@" > "$work/out" 2>&1; then
    echo "ok    $name"
    [ "${VERBOSE:-0}" = 1 ] && sed 's/^/      /' "$work/out"
  else
    echo "FAIL  $name"
    sed 's/^/      /' "$work/out"
    failed+=("$name")
  fi
  return 0
}

step "promtool check config prometheus.yml" promtool check config "$dir/prometheus.yml"
step "promtool check rules recording.yml alerts.yml" promtool check rules "$dir/recording.yml" "$dir/alerts.yml"
step "promtool test rules alerts-test.yml" promtool test rules "$dir/alerts-test.yml"
step "check.py: metric names, alerts, runbooks, dashboards" "$python" "$dir/check.py" --panel-rules "$work/panels.yml"
if [ -s "$work/panels.yml" ]; then
  step "promtool check rules: every dashboard query parses" promtool check rules "$work/panels.yml"
else
  echo "FAIL  dashboard queries: check.py wrote none"
  failed+=("dashboard queries")
fi
step "check.py --self-test" "$python" "$dir/check.py" --self-test
step "compose/check.py deploy/compose.yaml" "$python" deploy/compose/check.py deploy/compose.yaml

if [ "${#failed[@]}" -gt 0 ]; then
  echo "deploy/observability: ${#failed[@]} failed: ${failed[*]}"
  exit 1
fi
echo "deploy/observability: every check passed"
