-- A CARRIER key serves the pools named here (comma-joined pool ids), and only those: its tokens
-- carry them, and call-routing refuses a route or call event for a number of another pool
-- (OUT_OF_SCOPE). A CARRIER key stored before this column existed has none and is unusable.
ALTER TABLE api_key ADD COLUMN pools TEXT;
ALTER TABLE api_key ADD CONSTRAINT api_key_pools_only_for_carriers CHECK (role = 'CARRIER' OR pools IS NULL);
