-- Issue 14 (ADR 0022): a pool's AXE extensions and its call controls. extension_digits: how many
-- digits an extension has; max_extensions_per_number: how many AXE bindings one number carries at
-- once (1 .. 10^digits - 1, extensions run from 1). The call controls are defaults a binding may
-- override; NULL: none. Media ids are opaque to NumShield (the carrier maps them).
ALTER TABLE pool
    ADD COLUMN extension_digits          integer NOT NULL DEFAULT 4 CHECK (extension_digits BETWEEN 1 AND 6),
    ADD COLUMN max_extensions_per_number integer NOT NULL DEFAULT 1000 CHECK (max_extensions_per_number > 0),
    ADD COLUMN max_call_duration_seconds integer CHECK (max_call_duration_seconds BETWEEN 1 AND 86400),
    ADD COLUMN announcement_id           varchar(64),
    ADD COLUMN ringback_tone_id          varchar(64),
    ADD CONSTRAINT pool_extensions_fit CHECK (max_extensions_per_number < power(10, extension_digits));
