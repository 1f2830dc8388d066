-- Real-name reports (issue 15, part 6): party search finds IDENTITY_REPORTED entries by the
-- phone's blind index (party_a_index) and by the document's (details' idIndex). Partial
-- indexes: only those entries, so they cost the ledger's other rows nothing.
CREATE INDEX ledger_identity_phone ON ledger (party_a_index) WHERE type = 'IDENTITY_REPORTED';
CREATE INDEX ledger_identity_document ON ledger (((details::jsonb) ->> 'idIndex')) WHERE type = 'IDENTITY_REPORTED';
