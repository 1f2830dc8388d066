#!/usr/bin/env bash
# The console's live-rates test (e2e's ConsoleBrowserIT) starts a real Prometheus (Debian's
# prometheus package) scraping the test's services; make test (scripts/test.sh) calls this first,
# and the test itself runs it when /usr/bin/prometheus is missing. Installs it when missing, does
# nothing when it is there. apt may be busy with another install: each apt step waits for its lock
# and is tried again. The package's own service (prometheus.service, port 9090) is not started:
# the test runs its own on a free port.
set -euo pipefail
[ -x /usr/bin/prometheus ] && exit 0
echo "installing prometheus (Debian's package) for the console's live-rates test"
if [ "$(id -u)" != 0 ]; then
  echo "not root: install it yourself (sudo apt-get install -y prometheus), then make test again" >&2
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
apt_try update -qq
# policy-rc.d 101: the package's service is not started by the install
policy=/usr/sbin/policy-rc.d
made_policy=
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod +x "$policy" && made_policy=1
fi
trap 'if [ -n "$made_policy" ]; then rm -f "$policy"; fi' EXIT
apt_try install -y -qq --no-install-recommends prometheus >/dev/null
[ -x /usr/bin/prometheus ] || { echo "prometheus still missing" >&2; exit 1; }
