#!/usr/bin/env bash
# Renders the example overlay with `kubectl kustomize` and checks what every Kubernetes rendering
# of NumShield must keep (check.py): each Deployment's liveness and readiness probes on the
# service's real health paths and ports, resource requests and limits, the non-root, read-only,
# no-capabilities, RuntimeDefault-seccomp security context; every Secret referenced and every
# reference there; every Service selecting a Deployment on a port it exposes; a disruption budget
# each, an autoscaler for the stateless services; network policies that open only the gateway and
# the carriers' routing port to the outside, and the audit service to the gateway alone. Then the
# check's own test: faults put in on purpose, each of which it must catch. Last, deploy/compose.yaml
# (compose/check.py; and `docker-compose config` where it is installed). .ci/run runs this.
#   deploy/k8s/check.sh [OVERLAY_DIR]   (default: the example overlay, whose Secrets must be placeholders)
set -euo pipefail
cd "$(dirname "$0")/../.."
overlay="${1:-deploy/k8s/overlays/example}"

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
if ! command -v kubectl >/dev/null 2>&1; then
  echo "installing kubectl (Debian's kubernetes-client)"
  as_root apt-get update -qq >/dev/null && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq kubernetes-client >/dev/null
fi
python=""
for candidate in python3 /usr/bin/python3; do
  if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import yaml' 2>/dev/null; then python=$candidate; break; fi
done
if [ -z "$python" ]; then
  echo "installing PyYAML (Debian's python3-yaml)"
  as_root apt-get update -qq >/dev/null && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-yaml >/dev/null
  python=/usr/bin/python3
fi

rendered=$(mktemp)
said=$(mktemp)
trap 'rm -f "$rendered" "$said"' EXIT
# today's kubectl warns that `bases` and `patchesJson6902` are deprecated (kept for Debian's 1.20):
# shown only when the rendering fails
if ! kubectl kustomize "$overlay" > "$rendered" 2> "$said"; then
  cat "$said" >&2
  exit 1
fi
if [ "$overlay" = deploy/k8s/overlays/example ]; then
  "$python" deploy/k8s/check.py "$rendered" --example
  "$python" deploy/k8s/check.py "$rendered" --self-test
else
  "$python" deploy/k8s/check.py "$rendered"
fi

"$python" deploy/compose/check.py deploy/compose.yaml
if command -v docker-compose >/dev/null 2>&1; then
  # the variables compose/make-env.sh writes, with stand-in values: config resolves, parses and merges
  stand_ins=$(sed -n 's/^\([A-Z_]*\)=.*/\1=stand-in/p' deploy/compose/make-env.sh)
  # shellcheck disable=SC2086 # one NAME=value word per line
  env $stand_ins docker-compose -f deploy/compose.yaml config -q && echo "deploy/compose.yaml: docker-compose config accepts it"
fi
