#!/usr/bin/env bash
# Writes deploy/.env (git-ignored, mode 600) for compose.yaml unless it exists: the database
# passwords, the Redis password, the two bootstrap operator keys and Grafana's admin password, random. compose reads .env
# beside compose.yaml by itself. Delete the file and the volumes together, never one alone: the
# postgres volume keeps the passwords it was first started with.
set -euo pipefail
env_file="$(cd "$(dirname "$0")/.." && pwd)/.env"
if [ -f "$env_file" ]; then
  echo "$env_file exists: left as it is"; exit 0
fi
secret() { openssl rand -hex 24; }
operator() { echo "opk_$(openssl rand -hex 8):$(openssl rand -hex 24)"; }
umask 077
cat > "$env_file" <<ENV
POSTGRES_PASSWORD=$(secret)
NUMSHIELD_DB_PASSWORD=$(secret)
NUMSHIELD_AUDIT_DB_OWNER_PASSWORD=$(secret)
NUMSHIELD_AUDIT_DB_PASSWORD=$(secret)
NUMSHIELD_REDIS_PASSWORD=$(secret)
# the recording links' HMAC key (32 bytes, base64), the same for every audit instance
NUMSHIELD_RECORDING_LINK_KEY=$(openssl rand -base64 32)
# first,second: an OPERATOR or REGULATOR key issued by the first is usable once the second approves it
NUMSHIELD_BOOTSTRAP_OPERATOR_KEY=$(operator),$(operator)
# Grafana's admin (profile observability, docs/observability.md)
GRAFANA_ADMIN_PASSWORD=$(secret)
ENV
echo "wrote $env_file (the operator keys are in NUMSHIELD_BOOTSTRAP_OPERATOR_KEY)"
