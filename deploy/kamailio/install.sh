#!/usr/bin/env bash
# Installs what deploy/kamailio/test.sh needs and does nothing when it is there: Kamailio with the
# http_client and json modules, sipsak, and python3 (test-callee.py, the callee side of relayed SMS). .ci/run starts it in the background at its beginning,
# so that the packages are in place by the time the SIP test runs.
set -euo pipefail
need=()
command -v kamailio >/dev/null || need+=(kamailio kamailio-utils-modules kamailio-json-modules)
[ -f /usr/lib/x86_64-linux-gnu/kamailio/modules/http_client.so ] || need+=(kamailio-utils-modules)
[ -f /usr/lib/x86_64-linux-gnu/kamailio/modules/json.so ] || need+=(kamailio-json-modules)
command -v sipsak >/dev/null || need+=(sipsak)
command -v python3 >/dev/null || need+=(python3)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing ${need[*]}"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
