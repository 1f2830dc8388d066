#!/usr/bin/env bash
# The databases and login roles NumShield needs, made by a superuser, for a PostgreSQL server of a
# deployment and for `make run` (scripts/run.sh runs it). Idempotent: run it before the services' first
# start and again after the audit service has started once (see "The audit owner" below).
#
#  - compose: the postgres container runs it from /docker-entrypoint-initdb.d at its first start,
#    and the one-shot db-settle service runs it again once compliance-audit-service is healthy;
#  - any other server (Kubernetes, a managed PostgreSQL):
#      PGHOST=db.example PGUSER=postgres PGPASSWORD=... NUMSHIELD_DB_PASSWORD=... \
#      NUMSHIELD_AUDIT_DB_OWNER_PASSWORD=... NUMSHIELD_AUDIT_DB_PASSWORD=... deploy/postgres/init-numshield.sh
#
# Roles (docs/security.md, "Database roles"), none a superuser, none may create databases:
#   numshield            owns numshield and numshield_gateway; binding-service and the gateway log in as it
#   numshield_audit      owns numshield_audit (the ledger); the audit service's Flyway logs in as it
#   numshield_audit_app  the audit service's own login (SELECT and INSERT on the ledger, from migration V2)
# A role's password is set when its variable is given, and left alone when it is not (a server
# whose pg_hba.conf trusts the services' network needs none).
#
# The audit owner: the audit service's migration V2 runs CREATE ROLE numshield_audit_app, which
# PostgreSQL refuses without CREATEROLE even when the role exists (run.sh migrates as postgres once
# for that). Here numshield_audit holds CREATEROLE only until V2 has run: this script gives it while
# the audit database has no successful V2 and takes it back on the first run after. On PostgreSQL 16
# and later a CREATEROLE role can change only the roles it made itself: here none (the script makes
# numshield_audit_app, so V2's CREATE ROLE finds it and does nothing).
set -euo pipefail

DB_USER="${NUMSHIELD_DB_USER:-numshield}"
AUDIT_OWNER="${NUMSHIELD_AUDIT_DB_OWNER:-numshield_audit}"
AUDIT_APP=numshield_audit_app   # fixed: migration V2 grants to this name
# scripts/db-owner.sql: beside this script in the repository, mounted elsewhere in a container
OWNER_SQL="${NUMSHIELD_DB_OWNER_SQL:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/scripts/db-owner.sql}"

for role in "$DB_USER" "$AUDIT_OWNER"; do
  if [ "$role" = postgres ] || [ "$role" = "${POSTGRES_USER:-postgres}" ]; then
    echo "NUMSHIELD_DB_USER and NUMSHIELD_AUDIT_DB_OWNER must not be the superuser: the services do not log in as one" >&2
    exit 1
  fi
done

# In /docker-entrypoint-initdb.d the server listens on its socket only and POSTGRES_USER is the superuser.
pg() { psql -v ON_ERROR_STOP=1 -q -X --username "${PGUSER:-${POSTGRES_USER:-postgres}}" "$@"; }

ensure_role() { # name password-variable-value [extra attributes]
  local role=$1 password=$2 extra=${3:-}
  pg -d postgres -v role="$role" <<'SQL'
SELECT format('CREATE ROLE %I LOGIN', :'role') WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'role') \gexec
SQL
  # also takes back what an older setup may have given it
  pg -d postgres -c "ALTER ROLE \"$role\" LOGIN NOSUPERUSER NOCREATEDB NOREPLICATION NOBYPASSRLS ${extra:-NOCREATEROLE}"
  if [ -n "$password" ]; then
    pg -d postgres -v role="$role" -v password="$password" <<'SQL'
SELECT format('ALTER ROLE %I PASSWORD %L', :'role', :'password') \gexec
SQL
  fi
}

audit_migrated() { # the audit database exists and its migration V2 succeeded
  pg -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'numshield_audit'" | grep -q 1 \
    && pg -d numshield_audit -tAc "SELECT 1 FROM pg_tables WHERE tablename = 'flyway_schema_history'" | grep -q 1 \
    && pg -d numshield_audit -tAc "SELECT 1 FROM flyway_schema_history WHERE version = '2' AND success" | grep -q 1
}

ensure_role "$DB_USER" "${NUMSHIELD_DB_PASSWORD:-}"
if audit_migrated; then
  ensure_role "$AUDIT_OWNER" "${NUMSHIELD_AUDIT_DB_OWNER_PASSWORD:-}"
else
  echo "numshield-init: $AUDIT_OWNER may create roles until the audit service's migration V2 has run; run this again after its first start"
  ensure_role "$AUDIT_OWNER" "${NUMSHIELD_AUDIT_DB_OWNER_PASSWORD:-}" CREATEROLE
fi
ensure_role "$AUDIT_APP" "${NUMSHIELD_AUDIT_DB_PASSWORD:-}"

owner_of() { case $1 in numshield_audit) echo "$AUDIT_OWNER" ;; *) echo "$DB_USER" ;; esac; }
for db in numshield numshield_audit numshield_gateway; do
  if ! pg -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'" | grep -q 1; then
    pg -d postgres -c "CREATE DATABASE $db OWNER \"$(owner_of "$db")\""
  fi
  # a database made by someone else (or as the superuser by an older setup): hand it and its objects over
  pg -d "$db" -v owner="$(owner_of "$db")" -f "$OWNER_SQL"
done
echo "numshield-init: roles $DB_USER, $AUDIT_OWNER, $AUDIT_APP; databases numshield, numshield_audit, numshield_gateway"
