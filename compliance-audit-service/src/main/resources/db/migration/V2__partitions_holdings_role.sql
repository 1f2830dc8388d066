-- The ledger becomes a monthly-partitioned table (by recorded_at, which grows with seq, so that the
-- retention job always drops a prefix of the chain), a projection of who held which number when
-- (holding) answers traces, and the service itself logs in as a role that can only SELECT and
-- INSERT ledger rows. Flyway runs as the owner; the service does not.

CREATE EXTENSION IF NOT EXISTS btree_gist;

DO $$
BEGIN
    CREATE ROLE numshield_audit_app LOGIN;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
    NULL; -- roles are cluster-wide: another database of this cluster created it already
END
$$;

ALTER TABLE ledger RENAME TO ledger_v1;
ALTER INDEX ledger_binding RENAME TO ledger_v1_binding;
ALTER INDEX ledger_virtual_number RENAME TO ledger_v1_virtual_number;
ALTER INDEX ledger_party_a RENAME TO ledger_v1_party_a;
ALTER INDEX ledger_party_b RENAME TO ledger_v1_party_b;

CREATE TABLE ledger (
    seq            bigint       NOT NULL,
    event_id       varchar(200) NOT NULL,
    type           varchar(40)  NOT NULL,
    occurred_at    timestamptz  NOT NULL,
    recorded_at    timestamptz  NOT NULL,
    platform_id    varchar(64),
    binding_id     varchar(32),
    order_id       varchar(64),
    virtual_number varchar(15),
    party_a        varchar(16),
    party_b        varchar(16),
    party_a_index  varchar(32),
    party_b_index  varchar(32),
    parties        text,
    details        text         NOT NULL,
    prev_hash      char(64)     NOT NULL,
    hash           char(64)     NOT NULL,
    PRIMARY KEY (seq, recorded_at)
) PARTITION BY RANGE (recorded_at);
-- eventId is unique by construction: Ledger.append checks it under the chain's advisory lock
-- (a unique index across partitions would have to include recorded_at, which proves nothing)
CREATE INDEX ledger_event_id ON ledger (event_id);
CREATE INDEX ledger_binding ON ledger (binding_id);
CREATE INDEX ledger_virtual_number ON ledger (virtual_number, occurred_at);
CREATE INDEX ledger_occurred_at ON ledger (occurred_at);
CREATE TABLE ledger_default PARTITION OF ledger DEFAULT;

CREATE TRIGGER ledger_no_update BEFORE UPDATE OR DELETE ON ledger FOR EACH ROW EXECUTE FUNCTION ledger_is_append_only();
CREATE TRIGGER ledger_no_truncate BEFORE TRUNCATE ON ledger FOR EACH STATEMENT EXECUTE FUNCTION ledger_is_append_only();

-- One row per binding and party set: a PATCH that changes party B closes the row (valid_to) and
-- opens the next. held = [valid_from, valid_to or expires_at): a trace is "held @> instant".
CREATE TABLE holding (
    binding_id     varchar(32)  NOT NULL,
    valid_from     timestamptz  NOT NULL,
    valid_to       timestamptz,
    leased_at      timestamptz  NOT NULL,
    expires_at     timestamptz  NOT NULL,
    released_at    timestamptz,
    release_reason varchar(32),
    virtual_number varchar(15)  NOT NULL,
    platform_id    varchar(64)  NOT NULL,
    order_id       varchar(64)  NOT NULL,
    mode           varchar(3)   NOT NULL,
    pool_id        varchar(64),
    direction      varchar(8)   NOT NULL,
    recording      boolean      NOT NULL,
    party_a_index  varchar(32)  NOT NULL,
    party_b_index  varchar(32),
    parties        text         NOT NULL,
    held           tstzrange    GENERATED ALWAYS AS (tstzrange(valid_from, coalesce(valid_to, expires_at), '[)')) STORED,
    PRIMARY KEY (binding_id, valid_from)
) PARTITION BY RANGE (valid_from);
CREATE INDEX holding_trace ON holding USING gist (virtual_number, held);
CREATE INDEX holding_party_a ON holding (party_a_index);
CREATE INDEX holding_party_b ON holding (party_b_index);
CREATE INDEX holding_live ON holding (expires_at) WHERE valid_to IS NULL AND released_at IS NULL;
CREATE TABLE holding_default PARTITION OF holding DEFAULT;

-- Monthly partitions (UTC months) named <table>_yYYYYmMM, created ahead of need.
CREATE FUNCTION ledger_ensure_partitions(months_ahead int) RETURNS int
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    first_month timestamp := date_trunc('month', now() AT TIME ZONE 'UTC') - interval '1 month';
    m timestamp;
    t text;
    created int := 0;
BEGIN
    FOREACH t IN ARRAY ARRAY['ledger', 'holding'] LOOP
        FOR i IN 0 .. months_ahead + 1 LOOP
            m := first_month + make_interval(months => i);
            IF to_regclass(format('%s_y%sm%s', t, to_char(m, 'YYYY'), to_char(m, 'MM'))) IS NULL THEN
                EXECUTE format('CREATE TABLE %I PARTITION OF %I FOR VALUES FROM (%L) TO (%L)',
                    format('%s_y%sm%s', t, to_char(m, 'YYYY'), to_char(m, 'MM')), t,
                    (m AT TIME ZONE 'UTC'), ((m + interval '1 month') AT TIME ZONE 'UTC'));
                created := created + 1;
            END IF;
        END LOOP;
    END LOOP;
    RETURN created;
END
$$;

-- Retention drops whole months that ended before the cut-off, and refuses a cut-off later than
-- six months ago whoever asks: the floor is in the database, not only in the service's settings.
CREATE FUNCTION ledger_drop_partitions_before(cutoff timestamptz) RETURNS SETOF text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    p record;
    month_end timestamptz;
BEGIN
    IF cutoff > now() - interval '6 months' THEN
        RAISE EXCEPTION 'retention shorter than 6 months is refused (cut-off %)', cutoff;
    END IF;
    FOR p IN
        SELECT c.relname, parent.relname AS parent
        FROM pg_inherits i
        JOIN pg_class c ON c.oid = i.inhrelid
        JOIN pg_class parent ON parent.oid = i.inhparent
        WHERE parent.relname IN ('ledger', 'holding') AND c.relname ~ '_y[0-9]{4}m[0-9]{2}$'
        ORDER BY c.relname
    LOOP
        month_end := (make_timestamp(substring(p.relname from '_y([0-9]{4})m')::int,
            substring(p.relname from 'm([0-9]{2})$')::int, 1, 0, 0, 0) + interval '1 month') AT TIME ZONE 'UTC';
        IF month_end <= cutoff THEN
            EXECUTE format('DROP TABLE %I', p.relname);
            RETURN NEXT p.relname;
        END IF;
    END LOOP;
END
$$;

SELECT ledger_ensure_partitions(3);

INSERT INTO ledger SELECT * FROM ledger_v1;
DROP TABLE ledger_v1;

REVOKE ALL ON ledger, holding FROM PUBLIC;
REVOKE ALL ON FUNCTION ledger_ensure_partitions(int), ledger_drop_partitions_before(timestamptz) FROM PUBLIC;
GRANT SELECT, INSERT ON ledger TO numshield_audit_app;
GRANT SELECT, INSERT, UPDATE ON holding TO numshield_audit_app;
GRANT EXECUTE ON FUNCTION ledger_ensure_partitions(int), ledger_drop_partitions_before(timestamptz) TO numshield_audit_app;
