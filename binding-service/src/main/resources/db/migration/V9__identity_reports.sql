-- Real-name reports (issue 15, part 6): who holds a party A number on a platform's side.
-- Only ciphertext and blind indexes of the person's data, and their masked forms.
CREATE TABLE identity_report (
    report_id        varchar(40)  PRIMARY KEY,
    platform_id      varchar(64)  NOT NULL REFERENCES platform (platform_id),
    -- blind index of the phone (PersonalDataProtector.blindIndex(RealNumber))
    phone_index      varchar(32)  NOT NULL,
    -- blind index of the document (PersonalDataProtector.blindIndex(IdType, number))
    id_index         varchar(32)  NOT NULL,
    id_type          varchar(32)  NOT NULL,
    -- AEAD ciphertext of the identity (phone, document, name), associated data numshield:identity:v1
    identity         text         NOT NULL,
    masked_phone     varchar(16)  NOT NULL,
    masked_name      varchar(400) NOT NULL,
    masked_id_number varchar(32)  NOT NULL,
    valid_until      timestamptz,
    created_at       timestamptz  NOT NULL,
    created_by       varchar(128) NOT NULL
);

CREATE INDEX identity_report_phone ON identity_report (platform_id, phone_index, created_at);
CREATE INDEX identity_report_document ON identity_report (platform_id, id_index);

-- A pool may require a current report of party A for every lease.
ALTER TABLE pool ADD COLUMN require_identity_report boolean NOT NULL DEFAULT false;
