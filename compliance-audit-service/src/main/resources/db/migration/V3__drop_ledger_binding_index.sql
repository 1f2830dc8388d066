-- No question reads the ledger by binding id (traces read holding); the index only cost every
-- ingested row one more btree insert.
DROP INDEX IF EXISTS ledger_binding;
