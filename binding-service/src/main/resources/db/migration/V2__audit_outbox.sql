-- The transactional outbox of audit events (issue 12, ADR 0016): an admin change's event
-- (PLATFORM_STATUS_CHANGED, BLOCKLIST_ADDED / _REMOVED) is a row of the change's own transaction,
-- so a change that commits keeps its event even when Redis fails just after the commit, and a change
-- that rolls back leaves none. OutboxRelay writes the rows to their shard's lease stream in id order
-- and deletes them; a row lives from its change's commit until the relay's next round.
CREATE TABLE audit_outbox (
    id         bigserial    PRIMARY KEY,
    -- the virtual shard whose lease stream (<prefix>{NN}:ev) gets the event
    shard      smallint     NOT NULL CHECK (shard BETWEEN 0 AND 63),
    event_id   varchar(200) NOT NULL UNIQUE,
    -- the stream entry's fields as name, value, name, value, ... in the order they are written
    fields     text[]       NOT NULL CHECK (cardinality(fields) % 2 = 0),
    created_at timestamptz  NOT NULL DEFAULT now()
);
