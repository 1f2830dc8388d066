-- Version 3 so that it runs after V2_1__carrier_pools.sql wherever both exist.
-- Separated duties: an OPERATOR or REGULATOR key is issued PENDING_APPROVAL (unusable) and becomes
-- ACTIVE only when a second operator, neither its issuer nor the key itself, approves it before
-- pending_until. PLATFORM and CARRIER keys, and the bootstrap operator keys, are ACTIVE at once.
-- An EXPIRED key is a PENDING_APPROVAL one past pending_until: computed when read, never stored.
ALTER TABLE api_key
    ADD COLUMN status        VARCHAR(16) NOT NULL DEFAULT 'ACTIVE'
        CHECK (status IN ('PENDING_APPROVAL', 'ACTIVE', 'REVOKED')),
    ADD COLUMN issued_by     VARCHAR(64),
    ADD COLUMN pending_until TIMESTAMPTZ,
    ADD COLUMN approved_by   VARCHAR(64),
    ADD COLUMN approved_at   TIMESTAMPTZ;

UPDATE api_key SET status = 'REVOKED' WHERE revoked_at IS NOT NULL;

ALTER TABLE api_key
    ALTER COLUMN status DROP DEFAULT,
    ADD CHECK ((status = 'REVOKED') = (revoked_at IS NOT NULL)),
    -- the database, too, refuses an approval by the issuer or by the key itself
    ADD CHECK (approved_by IS NULL OR (approved_by <> key_id AND approved_by IS DISTINCT FROM issued_by)),
    ADD CHECK (status <> 'PENDING_APPROVAL' OR pending_until IS NOT NULL);
