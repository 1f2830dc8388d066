-- Issue 15 part 7 (ADR 0028): the industrial identifier a lease was made under (its own or its
-- platform's), from its BINDING_CREATED event. Later events of the binding do not carry it: a row
-- opened by a change of party B takes it from the row it follows. Traces show it, and the daily
-- report (GET /v1/audit/reports/daily/{date}) lists it per platform and number. NULL: none.
ALTER TABLE holding
    ADD COLUMN industrial_id varchar(32);
