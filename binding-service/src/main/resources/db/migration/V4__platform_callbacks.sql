-- Which callbacks a platform wants, and whether they come in batches (issue 14). Mirrored beside
-- the platform's status in every shard's 'p' (PlatformCallbacks), where the scripts read it.
ALTER TABLE platform
    -- comma-joined CallbackKind names; NULL: every kind (also the kinds added later)
    ADD COLUMN callback_events          varchar(200),
    ADD COLUMN callback_batch_size      integer NOT NULL DEFAULT 1
        CHECK (callback_batch_size BETWEEN 1 AND 100),
    ADD COLUMN callback_batch_window_ms integer NOT NULL DEFAULT 1000
        CHECK (callback_batch_window_ms BETWEEN 0 AND 60000);
