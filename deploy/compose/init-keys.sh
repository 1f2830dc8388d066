#!/bin/sh
# compose's one-shot keys-init: the key material that scripts/run.sh makes for `make run`, made once
# into the named volumes and left alone afterwards (each tool writes only the files a directory lacks).
#   /keys        personal-data keys and the idempotency key (KeyTool generate); not the gateway's
#   /gateway-keys the API-key secrets keyset, the gateway's only key: moved out of /keys the first time,
#                and the fresh one KeyTool adds to /keys at every later run is dropped again
#   /token-keys  the gateway's token signing key and public set (TokenKeys generate); the gateway alone mounts it
#   /ledger-key  empty: compliance-audit-service writes its ledger signing key there at its first start
# The services run as uid 10001 (compose.yaml), so the volumes are handed to it; files stay owner-only.
# ROOT (empty in the container) puts the directories elsewhere, to try the script outside a container.
set -eu
r=${ROOT:-}
jar=$(ls "$r"/apps/binding-service/binding-service-*.jar | grep -v original | head -n1)
run() { java -cp "$jar" -Dloader.main="$1" org.springframework.boot.loader.launch.PropertiesLauncher generate "$2"; }
run io.numshield.core.crypto.KeyTool "$r/keys"
run io.numshield.core.token.TokenKeys "$r/token-keys"
if [ ! -f "$r/gateway-keys/api-key-secrets-keyset.json" ]; then
  cp -p "$r/keys/api-key-secrets-keyset.json" "$r/gateway-keys/"
fi
rm -f "$r/keys/api-key-secrets-keyset.json"
chown -R 10001:10001 "$r/keys" "$r/gateway-keys" "$r/token-keys" "$r/ledger-key"
chmod 700 "$r/keys" "$r/gateway-keys" "$r/token-keys" "$r/ledger-key"
