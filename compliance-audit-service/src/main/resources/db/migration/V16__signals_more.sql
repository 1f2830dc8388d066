-- Fraud signals (issue 16, ADR 0029): the indexes the detector's windowed counts need, so that each
-- count reads the rows of one subject and one window rather than the table. Only call_record (a
-- projection), not the ledger itself: the ledger's ingest path stays as measured. The party counts
-- probe holding's existing party indexes, windowed by valid_from (its partition key); baselines read
-- the window's ledger entries through the BRIN index on occurred_at.
-- CALLER_SCANNING: one caller's refused calls in a window
CREATE INDEX call_record_caller ON call_record (caller_index, started_at) WHERE caller_index IS NOT NULL;
-- NUMBER_RECYCLED_CALLED: the calls on one number after a release
CREATE INDEX call_record_number ON call_record (virtual_number, started_at);
