-- The chain's canonical form is versioned per row. Rows written before this migration keep
-- version 1 (the fields listed in docs/services/compliance-audit-service.md, "The chain"); rows
-- written after it use version 2, which covers every stored column (ciphertext and blind indexes
-- included). verify and scripts/verify-export.py choose the form by the row's hash_version.
-- The default only fills the rows already there; every new row must name its version.
ALTER TABLE ledger ADD COLUMN hash_version smallint NOT NULL DEFAULT 1;
ALTER TABLE ledger ALTER COLUMN hash_version DROP DEFAULT;

-- Signed chain heads: every few minutes and at every retention cut the service signs (seq, hash,
-- time, reason) with its ledger signing key (Ed25519). Append-only like the ledger; each row
-- carries the public key that verifies it, so that a regulator can check it against the key they
-- were given (GET /v1/audit/checkpoints/key) even after a key change.
CREATE TABLE ledger_checkpoint (
    seq        bigint       NOT NULL,
    hash       char(64)     NOT NULL,
    signed_at  timestamptz  NOT NULL,
    reason     varchar(16)  NOT NULL,
    algorithm  varchar(16)  NOT NULL,
    key_id     varchar(64)  NOT NULL,
    public_key text         NOT NULL,
    signature  text         NOT NULL,
    PRIMARY KEY (signed_at, seq, reason)
);
CREATE TRIGGER ledger_checkpoint_no_update BEFORE UPDATE OR DELETE ON ledger_checkpoint
    FOR EACH ROW EXECUTE FUNCTION ledger_is_append_only();
CREATE TRIGGER ledger_checkpoint_no_truncate BEFORE TRUNCATE ON ledger_checkpoint
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_is_append_only();

REVOKE ALL ON ledger_checkpoint FROM PUBLIC;
GRANT SELECT, INSERT ON ledger_checkpoint TO numshield_audit_app;
