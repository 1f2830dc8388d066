-- Issue 15 part 7 (ADR 0028): the industrial identifier MIIT's 700 pilot assigns to a platform's use
-- of 700 numbers. Each lease takes its own (POST /v1/bindings industrialId) or else this one, and
-- carries it in its BINDING_CREATED event; NULL: the platform has none.
ALTER TABLE platform
    ADD COLUMN industrial_id varchar(32)
        CHECK (industrial_id ~ '^[A-Za-z0-9][A-Za-z0-9-]{0,31}$');
