-- Configuration of binding-service: pools and their blocks, platforms, the blocklist.
-- Live leases are in Redis; history is in the audit ledger. No table here holds a real number.

CREATE TABLE pool (
    pool_id                 varchar(64)  PRIMARY KEY,
    region                  varchar(64),
    number_kind             varchar(16)  NOT NULL CHECK (number_kind IN ('SEGMENT_700', 'LEGACY')),
    max_bindings_per_number integer      NOT NULL CHECK (max_bindings_per_number > 0),
    cooldown_seconds        bigint       NOT NULL CHECK (cooldown_seconds >= 0),
    created_at              timestamptz  NOT NULL
);

-- A management number (11 digits) belongs to at most one pool, ever: the primary key says so.
CREATE TABLE pool_block (
    management_number varchar(11) PRIMARY KEY,
    pool_id           varchar(64) NOT NULL REFERENCES pool (pool_id),
    numbers           integer     NOT NULL CHECK (numbers > 0),
    added_at          timestamptz NOT NULL
);
CREATE INDEX pool_block_pool ON pool_block (pool_id);

CREATE TABLE platform (
    platform_id         varchar(64)   PRIMARY KEY,
    name                varchar(200)  NOT NULL,
    max_active_bindings bigint        CHECK (max_active_bindings > 0),
    callback_url        varchar(2048),
    -- AEAD ciphertext (Tink, key id inside); shown to the operator once, in clear, at creation
    callback_secret     varchar(512)  NOT NULL,
    status              varchar(16)   NOT NULL CHECK (status IN ('ACTIVE', 'SUSPENDED', 'REVOKED')),
    status_reason       varchar(500),
    created_at          timestamptz   NOT NULL,
    updated_at          timestamptz   NOT NULL
);

CREATE TABLE platform_pool (
    platform_id varchar(64) NOT NULL REFERENCES platform (platform_id),
    position    integer     NOT NULL,
    pool_id     varchar(64) NOT NULL REFERENCES pool (pool_id),
    PRIMARY KEY (platform_id, position)
);

CREATE TABLE platform_status_change (
    id          bigserial    PRIMARY KEY,
    platform_id varchar(64)  NOT NULL REFERENCES platform (platform_id),
    status      varchar(16)  NOT NULL,
    reason      varchar(500),
    changed_by  varchar(128) NOT NULL,
    changed_at  timestamptz  NOT NULL
);

-- Blocked numbers by blind index only; the masked form is for people reading the list.
CREATE TABLE blocked_number (
    blind_index varchar(32)  PRIMARY KEY,
    masked      varchar(16)  NOT NULL,
    reason      varchar(500) NOT NULL,
    blocked_by  varchar(128) NOT NULL,
    blocked_at  timestamptz  NOT NULL
);

CREATE TABLE blocklist_change (
    id          bigserial    PRIMARY KEY,
    blind_index varchar(32)  NOT NULL,
    masked      varchar(16)  NOT NULL,
    action      varchar(8)   NOT NULL CHECK (action IN ('ADDED', 'REMOVED')),
    reason      varchar(500) NOT NULL,
    changed_by  varchar(128) NOT NULL,
    changed_at  timestamptz  NOT NULL
);
