-- A platform's own blocklist (issue 15, ADR 0025): numbers a platform keeps out of its own
-- bindings and whose calls to its bindings are rejected, apart from the regulators' blocklist
-- (blocked_number). By blind index only, like blocked_number; the masked form is for people.
CREATE TABLE platform_blocked_number (
    id          bigserial    PRIMARY KEY,
    platform_id varchar(64)  NOT NULL REFERENCES platform (platform_id),
    blind_index varchar(32)  NOT NULL,
    masked      varchar(16)  NOT NULL,
    reason      varchar(500) NOT NULL,
    blocked_by  varchar(128) NOT NULL,
    blocked_at  timestamptz  NOT NULL,
    UNIQUE (platform_id, blind_index)
);

CREATE TABLE platform_blocklist_change (
    id          bigserial    PRIMARY KEY,
    platform_id varchar(64)  NOT NULL REFERENCES platform (platform_id),
    blind_index varchar(32)  NOT NULL,
    masked      varchar(16)  NOT NULL,
    action      varchar(8)   NOT NULL CHECK (action IN ('ADDED', 'REMOVED')),
    reason      varchar(500) NOT NULL,
    changed_by  varchar(128) NOT NULL,
    changed_at  timestamptz  NOT NULL
);
CREATE INDEX platform_blocklist_change_platform ON platform_blocklist_change (platform_id);
