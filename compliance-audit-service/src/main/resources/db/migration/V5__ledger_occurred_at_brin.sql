-- Ingestion writes every row through each of the ledger's indexes (issue 10, point 7). The one on
-- occurred_at serves only the range questions (events and its count), and occurred_at grows with
-- the order rows are written in (an event reaches the ledger seconds after it happened; a backlog
-- drained after an outage only widens the ranges of the pages it fills): a BRIN index answers
-- those ranges from a summary per 32 pages, at a fraction of a B-tree's cost per inserted row.
-- The indexes on event_id (the duplicate check under the chain's lock), virtual_number (verify's
-- holdings check, exports by number) and the primary key stay.
DROP INDEX IF EXISTS ledger_occurred_at;
CREATE INDEX ledger_occurred_at ON ledger USING brin (occurred_at) WITH (pages_per_range = 32);
