-- The ledger's and holdings' partitions analyzed as they grow, by the service, whether or not the
-- database's autovacuum runs (issue 10, ADR 0019). The ingestion's prepared statements (the
-- duplicate check under the chain's lock, the holdings' update) keep a generic plan, and one made
-- while the month's partition was small reads the partition whole on every round: 17 s a round at
-- 130,000 rows where autovacuum was off, and until the month's first autoanalyze where it is on.
-- An ANALYZE invalidates the plans that read the table, so they are made again on the new figures.
-- The rule: more rows changed since the last analyze than the partition had then, plus 50 (it
-- doubled), and a sample of 3,000 rows (statistics target 10) rather than 30,000. The plans need
-- the order of magnitude: with autovacuum's tenth and its sample, a growing partition was analyzed
-- every few seconds under a backlog, at 0.6 s of the database's CPU a time for the ledger's month
-- at 120,000 rows (0.1 s with the smaller sample). Where autovacuum runs, it analyzes each tenth
-- with its own sample, so this rule rarely fires. SECURITY DEFINER because ANALYZE needs the
-- table's owner and the service's role is not.
CREATE FUNCTION ledger_analyze_stale() RETURNS SETOF text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp SET default_statistics_target = 10 AS $$
DECLARE
    p record;
BEGIN
    FOR p IN
        SELECT c.relname
        FROM pg_inherits i
        JOIN pg_class c ON c.oid = i.inhrelid
        JOIN pg_class parent ON parent.oid = i.inhparent
        JOIN pg_stat_user_tables s ON s.relid = c.oid
        WHERE parent.relname IN ('ledger', 'holding')
          AND s.n_mod_since_analyze > 50 + greatest(c.reltuples, 0)
        ORDER BY c.relname
    LOOP
        EXECUTE format('ANALYZE %I', p.relname);
        RETURN NEXT p.relname;
    END LOOP;
END
$$;

REVOKE ALL ON FUNCTION ledger_analyze_stale() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ledger_analyze_stale() TO numshield_audit_app;
