#!/usr/bin/env bash
# Writes the files an overlay's secretGenerator reads (the names of overlays/example/secrets/) with
# real key material, into DIR (default .local/k8s-secrets, git-ignored), mode 600, keeping any
# file that is there already. Copy the example overlay into your own private configuration and
# point its secrets/ at DIR, or create the Secrets from these files in your secret store.
# Never into overlays/example/secrets/: deploy/k8s/check.sh (and so CI) refuses real keys there.
#   make build && deploy/k8s/make-secrets.sh [DIR]
set -euo pipefail
source "$(dirname "$0")/../../scripts/common.sh"
pick_jdk
dir="${1:-$LOCAL/k8s-secrets}"
case "$(cd "$(dirname "$dir")" 2>/dev/null && pwd)/$(basename "$dir")" in
  "$ROOT"/deploy/*) echo "refused: $dir is in the repository; key material never goes there" >&2; exit 1 ;;
esac
jar=$(ls "$ROOT"/binding-service/target/binding-service-*.jar 2>/dev/null | grep -v original | head -n1 || true)
[ -n "$jar" ] || { echo "no binding-service jar: make build first" >&2; exit 1; }
umask 077
mkdir -p "$dir"
tool() { "$JAVA_HOME/bin/java" -cp "$jar" -Dloader.main="$1" org.springframework.boot.loader.launch.PropertiesLauncher generate "$2" >/dev/null 2>&1; }
# KeyTool and TokenKeys write only what a directory lacks: the same files as make run's .local/keys
tool io.numshield.core.crypto.KeyTool "$dir"
tool io.numshield.core.token.TokenKeys "$dir"
if [ ! -f "$dir/ledger-signing-key.pem" ]; then   # Ed25519: the private key and its public key, one file
  openssl genpkey -algorithm ed25519 -out "$dir/ledger-signing-key.pem"
  public=$(openssl pkey -in "$dir/ledger-signing-key.pem" -pubout)
  printf '%s\n' "$public" >> "$dir/ledger-signing-key.pem"
fi
secret() { openssl rand -hex 24; }
operator() { echo "opk_$(openssl rand -hex 8):$(openssl rand -hex 24)"; }
write_env() { # file lines...: unless the file exists
  local file="$dir/$1"; shift
  [ -f "$file" ] || printf '%s\n' "$@" > "$file"
}
write_env bootstrap-operators.env "NUMSHIELD_BOOTSTRAP_OPERATOR_KEY=$(operator),$(operator)"
write_env db.env "NUMSHIELD_DB_PASSWORD=$(secret)"
write_env audit-db.env "NUMSHIELD_AUDIT_DB_PASSWORD=$(secret)" "NUMSHIELD_AUDIT_DB_OWNER_PASSWORD=$(secret)"
write_env redis.env "NUMSHIELD_REDIS_PASSWORD=$(secret)"
# the console's sampler: an OPERATOR key issued (and approved) through the running gateway, so empty
# here (no sampler: only page views sample the charts); fill in <keyId>:<secret> once issued
write_env console-sampler.env "NUMSHIELD_CONSOLE_SAMPLER_KEY="
write_env recording.env "NUMSHIELD_RECORDING_LINK_KEY=$(openssl rand -base64 32)" "NUMSHIELD_RECORDING_STORE_AUTHORIZATION="
chmod 600 "$dir"/*
echo "wrote the Secrets' files into $dir:"
ls "$dir"
echo "the database passwords go to deploy/postgres/init-numshield.sh too (db.env, audit-db.env); the Redis one to its ACL user"
