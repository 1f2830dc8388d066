-- Hands one database and everything in it to a role: psql -d <database> -v owner=<role> -f db-owner.sql,
-- run as a superuser (scripts/run.sh). For databases that earlier `make run`s created as postgres,
-- where REASSIGN OWNED BY postgres is refused (postgres owns the system catalogs). Idempotent: what
-- the role owns already is left alone. Extension members stay with their extension; indexes, row
-- types and the sequences of serial and identity columns follow their tables.
\set ON_ERROR_STOP on
SET numshield.owner = :'owner';
DO $$
DECLARE
    owner text := current_setting('numshield.owner');
    owner_oid oid := owner::regrole;
    r record;
BEGIN
    EXECUTE format('ALTER DATABASE %I OWNER TO %I', current_database(), owner);
    FOR r IN
        SELECT format('%I', n.nspname) AS name
        FROM pg_namespace n
        WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_%'
          AND n.nspowner NOT IN (owner_oid, 'pg_database_owner'::regrole)
    LOOP
        EXECUTE format('ALTER SCHEMA %s OWNER TO %I', r.name, owner);
    END LOOP;
    FOR r IN
        SELECT c.relkind, format('%I.%I', n.nspname, c.relname) AS name
        FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_%'
          AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
          AND c.relowner <> owner_oid
          AND NOT EXISTS (SELECT 1 FROM pg_depend d
                          WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
          -- a serial or identity sequence changes owner with its table, and refuses to on its own
          AND NOT (c.relkind = 'S' AND EXISTS (SELECT 1 FROM pg_depend d
                          WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                            AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')))
        ORDER BY c.relkind, c.relname
    LOOP
        EXECUTE format(CASE r.relkind
            WHEN 'S' THEN 'ALTER SEQUENCE %s OWNER TO %I'
            WHEN 'v' THEN 'ALTER VIEW %s OWNER TO %I'
            WHEN 'm' THEN 'ALTER MATERIALIZED VIEW %s OWNER TO %I'
            WHEN 'f' THEN 'ALTER FOREIGN TABLE %s OWNER TO %I'
            ELSE 'ALTER TABLE %s OWNER TO %I' END, r.name, owner);
    END LOOP;
    FOR r IN
        SELECT p.oid::regprocedure AS name
        FROM pg_proc p
        JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_%'
          AND p.proowner <> owner_oid
          AND NOT EXISTS (SELECT 1 FROM pg_depend d
                          WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
    LOOP
        EXECUTE format('ALTER ROUTINE %s OWNER TO %I', r.name, owner);
    END LOOP;
    FOR r IN
        SELECT format('%I.%I', n.nspname, t.typname) AS name
        FROM pg_type t
        JOIN pg_namespace n ON n.oid = t.typnamespace
        WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_%'
          AND t.typtype IN ('e', 'd', 'r') AND t.typowner <> owner_oid
          AND NOT EXISTS (SELECT 1 FROM pg_depend d
                          WHERE d.classid = 'pg_type'::regclass AND d.objid = t.oid AND d.deptype = 'e')
    LOOP
        EXECUTE format('ALTER TYPE %s OWNER TO %I', r.name, owner);
    END LOOP;
END
$$;
