-- Issue 14 (ADR 0022): an AXE binding holds X with an extension, and a binding may carry call
-- controls of its own; the lease rebuild (restore.lua) puts both back. NULL for every other binding.
-- (V7 is the call records' migration, written beside this one.)
ALTER TABLE holding
    ADD COLUMN extension     varchar(6),
    ADD COLUMN call_controls varchar(140);
