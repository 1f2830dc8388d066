-- Issue 15 (ADR 0023): a pool's region as GB/T 2260 administrative division codes, what a bind's
-- region and regionPolicy choose pools by. city_code: a prefecture-level city (PPCC00, CC not 00,
-- e.g. 440300 Shenzhen); province_code: its province (PP0000, e.g. 440000 Guangdong), the city's
-- first two digits and 0000. Both optional: a pool without them is chosen at the ANY level only.
-- The free-text region column stays as it was (a label for people).
ALTER TABLE pool
    ADD COLUMN city_code     varchar(6) CHECK (city_code ~ '^[1-9][0-9]{3}00$' AND substr(city_code, 3, 2) <> '00'),
    ADD COLUMN province_code varchar(6) CHECK (province_code ~ '^[1-9][0-9]0000$'),
    ADD CONSTRAINT pool_city_in_province
        CHECK (city_code IS NULL OR (province_code IS NOT NULL AND left(city_code, 2) = left(province_code, 2)));
