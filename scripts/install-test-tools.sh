#!/usr/bin/env bash
# What the browser and live-rates tests run beside the platform, from Debian's packages: Chromium and
# its chromedriver (e2e's ConsoleBrowserIT drives them) and Prometheus (the same test scrapes the
# services with it). make test (scripts/test.sh) calls this first, and PrometheusProcess when
# /usr/bin/prometheus is missing. Installs what is missing in one apt run, does nothing when all is
# there. apt may be busy with another install (.ci/run installs Kamailio meanwhile): each apt step
# waits for its lock and is tried again. Prometheus's own service (port 9090) is not started: the
# test runs its own on a free port.
set -euo pipefail
browser=() prometheus=()
{ [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; } || browser=(chromium chromium-driver)
[ -x /usr/bin/prometheus ] || prometheus=(prometheus)
need=("${browser[@]}" "${prometheus[@]}")
[ ${#need[@]} -eq 0 ] && exit 0
echo "installing ${need[*]} (Debian's packages) for the console's browser and live-rates tests"
if [ "$(id -u)" != 0 ]; then
  echo "not root: install them yourself (sudo apt-get install -y ${need[*]}), then make test again" >&2
  exit 1
fi
apt_try() { # apt-get arguments...: up to 10 tries, each waiting up to 5 minutes for apt's locks
  local i
  for i in $(seq 1 10); do
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 "$@" && return 0
    echo "apt-get $1 failed (try $i of 10); again in 10 s" >&2
    sleep 10
  done
  return 1
}
# policy-rc.d 101: no package's service is started by the install
policy=/usr/sbin/policy-rc.d
made_policy=
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod +x "$policy" && made_policy=1
fi
trap 'if [ -n "$made_policy" ]; then rm -f "$policy"; fi' EXIT
apt_try update -qq
[ ${#browser[@]} -eq 0 ] || apt_try install -y -qq "${browser[@]}" >/dev/null
[ ${#prometheus[@]} -eq 0 ] || apt_try install -y -qq --no-install-recommends "${prometheus[@]}" >/dev/null
for binary in chromium chromedriver prometheus; do
  [ -x "/usr/bin/$binary" ] || { echo "/usr/bin/$binary still missing after the install" >&2; exit 1; }
done
