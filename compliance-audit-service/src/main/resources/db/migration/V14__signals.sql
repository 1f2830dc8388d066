-- Fraud signals (issue 16, ADR 0029): one row per detection hit, raised by SignalDetector on a
-- schedule from the ledger's new rows and the call records. Real numbers only as blind indexes
-- (subject for PARTY/CALLER) and masked forms; opening a case is what reveals them.
CREATE TABLE signal (
    signal_id      varchar(32)  PRIMARY KEY,
    kind           varchar(40)  NOT NULL,
    raised_at      timestamptz  NOT NULL,
    window_from    timestamptz  NOT NULL,
    window_to      timestamptz  NOT NULL,
    subject_type   varchar(16)  NOT NULL,
    subject        varchar(64)  NOT NULL,
    subject_masked varchar(32),
    observed       numeric      NOT NULL,
    baseline       numeric,
    threshold      numeric      NOT NULL,
    explanation    text         NOT NULL,
    evidence       jsonb        NOT NULL,
    ledger_seq     bigint
);
CREATE INDEX signal_raised ON signal (raised_at, signal_id);
CREATE INDEX signal_kind_raised ON signal (kind, raised_at, signal_id);
CREATE UNIQUE INDEX signal_once ON signal (kind, subject, window_from);

-- where each detection stopped in the ledger (one row per detector), so a run reads only new rows
CREATE TABLE signal_cursor (
    detector    varchar(40) PRIMARY KEY,
    last_seq    bigint      NOT NULL,
    updated_at  timestamptz NOT NULL
);

REVOKE ALL ON signal, signal_cursor FROM PUBLIC;
GRANT SELECT, INSERT ON signal TO numshield_audit_app;
GRANT SELECT, INSERT, UPDATE ON signal_cursor TO numshield_audit_app;
