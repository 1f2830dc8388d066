#!/usr/bin/env bash
# The console's browser tests (e2e's ConsoleBrowserIT) drive Debian's headless Chromium through its
# chromedriver; make test (scripts/test.sh) calls this first. Installs both when either is missing,
# and does nothing when they are there. apt may be busy with another install (.ci/run installs
# Kamailio meanwhile): each apt step waits for its lock and is tried again.
set -euo pipefail
[ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ] && exit 0
echo "installing chromium and chromium-driver (Debian's packages) for the console's browser tests"
if [ "$(id -u)" != 0 ]; then
  echo "not root: install them yourself (sudo apt-get install -y chromium chromium-driver), then make test again" >&2
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
apt_try install -y -qq chromium chromium-driver >/dev/null
[ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ] || { echo "chromium or chromedriver still missing" >&2; exit 1; }
