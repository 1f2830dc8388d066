-- The edge's shared check of one signed request, in one round trip (ReplayAndRateGuard).
-- KEYS[1] the key's GCRA state  <prefix>gw:gcra:{keyId}            (string: TAT in µs, Redis time)
-- KEYS[2] the nonce set         <prefix>gw:nonces:{keyId}:<bucket>  (bucket = Timestamp div width)
-- ARGV[1] the nonce; ARGV[2] the key's rate (permits per second, >= 1); ARGV[3] the nonce set's TTL (s)
-- Answers {verdict, retryAfterMs}: 0 PASS, 1 REPLAYED, 2 RATE_LIMITED (retryAfterMs until one permit is free).
-- A replay takes no permit; a refusal for rate records no nonce, so the client may retry it unchanged.
if redis.call('SISMEMBER', KEYS[2], ARGV[1]) == 1 then
	return {1, 0}
end
-- Redis's clock, not the gateway's: every instance must measure the same bucket alike
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
-- GCRA: each permit moves the theoretical arrival time (TAT) on by one emission interval; a request
-- passes while TAT stays within the burst tolerance (one second: a full bucket holds `rate` permits)
local interval = 1000000 / tonumber(ARGV[2])
local burst = 1000000
local stored = redis.call('GET', KEYS[1])
local tat = stored and tonumber(stored) or now
if tat < now then
	tat = now
end
local nextTat = tat + interval
local ahead = nextTat - now
-- 1 µs of slack: TAT is a double, and adding a fractional interval may round by a fraction of a µs
if ahead > burst + 1 then
	return {2, math.ceil((ahead - burst) / 1000)}
end
-- %.17g keeps the double exactly; the key vanishes when the bucket is full again (its state then)
redis.call('SET', KEYS[1], string.format('%.17g', nextTat), 'PX', math.ceil(ahead / 1000))
redis.call('SADD', KEYS[2], ARGV[1])
redis.call('EXPIRE', KEYS[2], ARGV[3], 'NX')
return {0, 0}
