-- Case files (issue 16, part 3; ADR 0030): a regulator opens a case from a signal, a trace, a
-- binding or a party, and the case keeps what it collected as references only (binding ids, call
-- ids, ledger seqs, platform and order ids), never a number: the numbers are read from the ledger's
-- ciphertext when the opening regulator asks (each time an ACCESS entry). opened_by is the
-- subject of the regulator's token (the API key id): only that regulator sees the case.
-- Not a ledger table and not append-only by trigger: the ledger's CASE_OPENED entry (same
-- transaction) is the tamper-evident record of the opening; the service's role may only SELECT
-- and INSERT here as well.
CREATE TABLE audit_case (
    case_id      varchar(29)  PRIMARY KEY,
    opened_at    timestamptz  NOT NULL,
    opened_by    varchar(200) NOT NULL,
    reason       text         NOT NULL,
    source_type  varchar(16)  NOT NULL,
    source       jsonb        NOT NULL,
    binding_ids  text[]       NOT NULL,
    call_ids     text[]       NOT NULL,
    ledger_seqs  bigint[]     NOT NULL,
    platform_ids text[]       NOT NULL,
    order_ids    text[]       NOT NULL,
    truncated    boolean      NOT NULL
);
CREATE INDEX audit_case_opened_by ON audit_case (opened_by, opened_at);

REVOKE ALL ON audit_case FROM PUBLIC;
GRANT SELECT, INSERT ON audit_case TO numshield_audit_app;

-- The actions taken from a case (BLOCKLIST_ADDED, PLATFORM_STATUS_CHANGED with details' caseId,
-- issue 16 part 4) and its own CASE_OPENED entry, found by the case id. Partial: the ledger's other
-- rows cost nothing.
CREATE INDEX ledger_case ON ledger (((details::jsonb) ->> 'caseId'))
    WHERE type IN ('CASE_OPENED', 'BLOCKLIST_ADDED', 'PLATFORM_STATUS_CHANGED');
