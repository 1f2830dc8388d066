-- API keys: who may call the gateway. The secret is stored only as AEAD ciphertext (Tink, the
-- personal-data keyset, context "numshield:secret:v1"); revocation keeps the row for the record.
CREATE TABLE api_key (
    key_id            VARCHAR(64)  PRIMARY KEY,
    role              VARCHAR(16)  NOT NULL CHECK (role IN ('PLATFORM', 'CARRIER', 'REGULATOR', 'OPERATOR')),
    platform_id       VARCHAR(128),
    description       VARCHAR(256),
    secret_ciphertext TEXT         NOT NULL,
    rate_per_second   INTEGER      CHECK (rate_per_second > 0),
    created_at        TIMESTAMPTZ  NOT NULL,
    revoked_at        TIMESTAMPTZ,
    CHECK ((role = 'PLATFORM') = (platform_id IS NOT NULL))
);
