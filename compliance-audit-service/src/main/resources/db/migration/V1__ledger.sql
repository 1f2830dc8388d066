-- The audit ledger: one row per event of every shard stream, in the order the ledger recorded
-- them (seq), chained by SHA-256 (prev_hash, hash; canonical form in docs/services/compliance-audit-service.md).
-- Parties appear masked; the ciphertext is kept for regulators' traces (full numbers on request only).
CREATE TABLE ledger (
    seq            bigint       PRIMARY KEY,
    event_id       varchar(200) NOT NULL UNIQUE,
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
    hash           char(64)     NOT NULL
);
CREATE INDEX ledger_binding ON ledger (binding_id);
CREATE INDEX ledger_virtual_number ON ledger (virtual_number, occurred_at);
CREATE INDEX ledger_party_a ON ledger (party_a_index);
CREATE INDEX ledger_party_b ON ledger (party_b_index);

-- Append-only for real: no UPDATE, no DELETE, no TRUNCATE, whoever asks (a superuser must first
-- disable the triggers, which is exactly what the tamper check of `verify` is there to catch).
CREATE FUNCTION ledger_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit ledger is append-only';
END;
$$;
CREATE TRIGGER ledger_no_update BEFORE UPDATE OR DELETE ON ledger FOR EACH ROW EXECUTE FUNCTION ledger_is_append_only();
CREATE TRIGGER ledger_no_truncate BEFORE TRUNCATE ON ledger FOR EACH STATEMENT EXECUTE FUNCTION ledger_is_append_only();
