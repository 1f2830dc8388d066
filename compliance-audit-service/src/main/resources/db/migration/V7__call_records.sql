-- One call record per carrier callId (issue 14): the routing decision (CALL_ROUTED) and the
-- carrier's events (CALL_EVENT: RINGING, ANSWERED, HANGUP, RECORDING_READY) folded into one row,
-- written in the transaction of their ledger rows (CallRecords). A projection like holding: it can
-- be derived again from the ledger. Numbers only as the ledger keeps them: the caller's blind index
-- and masked form; the recording's location only as AEAD ciphertext.
-- started_at is the decision's time, or until it is seen the earliest event's; it orders the
-- platform's pages and decides the retention (numshield.audit.calls.retention, at least 6 months).
CREATE TABLE call_record (
    call_id            varchar(128) PRIMARY KEY,
    binding_id         varchar(32),
    platform_id        varchar(64),
    order_id           varchar(64),
    virtual_number     varchar(15),
    call_type          varchar(8),
    caller_index       varchar(32),
    caller             varchar(16),
    caller_role        varchar(8),
    action             varchar(8),
    reason             varchar(40),
    started_at         timestamptz NOT NULL,
    ringing_at         timestamptz,
    answered_at        timestamptz,
    ended_at           timestamptz,
    talk_seconds       integer,
    release_cause      smallint,
    release_direction  varchar(8),
    recording_location text,
    recording_at       timestamptz
);
CREATE INDEX call_record_platform ON call_record (platform_id, started_at, call_id);
CREATE INDEX call_record_binding ON call_record (binding_id, started_at, call_id);
CREATE INDEX call_record_started ON call_record (started_at);

REVOKE ALL ON call_record FROM PUBLIC;
-- DELETE for the retention only (LedgerMaintenance); the ledger itself stays append-only
GRANT SELECT, INSERT, UPDATE, DELETE ON call_record TO numshield_audit_app;
