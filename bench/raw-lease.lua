-- A lease script comparable to lease.lua for redis-benchmark: the same writes (binding record in
-- the shard hash, two route fields, expiry-slot push, counters, order index, a 25-field XADD)
-- without number choice. KEYS[1] is a per-request key base made from __rand_int__.
local base = KEYS[1]
local id = string.sub(base, -12)
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local rec = 'A|bench-platform|ORD-' .. id .. '|AXB|700100000001234|bench-pool|BOTH|0|' .. now .. '|' .. (now + 1800000) ..
  '|AAAAAAAAAAAAAAAA|BBBBBBBBBBBBBBBB|' .. string.rep('C', 84) .. '||'
redis.call('HSET', 'bench:{00}:b', id, rec)
redis.call('HSET', 'bench:{00}:x:' .. id, 'AAAAAAAAAAAAAAAA', id, 'BBBBBBBBBBBBBBBB', id)
redis.call('RPUSH', 'bench:{00}:e:' .. math.floor((now + 1800000) / 5000), id)
redis.call('HINCRBY', 'bench:{00}:n', 'a:bench-platform', 1)
redis.call('HINCRBY', 'bench:{00}:n', 'pb:bench-pool', 1)
redis.call('HSET', 'bench:{00}:o', 'bench-platform|ORD-' .. id, id)
redis.call('XADD', 'bench:{00}:ev', 'MAXLEN', '~', '100000', '*', 'v', '1', 'eventId', 'created:' .. id, 'type', 'BINDING_CREATED',
  'occurredAt', now, 'bindingId', id, 'platformId', 'bench-platform', 'orderId', 'ORD-' .. id, 'mode', 'AXB',
  'virtualNumber', '700100000001234', 'poolId', 'bench-pool', 'direction', 'BOTH', 'recording', '0',
  'createdAt', now, 'expiresAt', now + 1800000, 'partyAIndex', 'AAAAAAAAAAAAAAAA', 'partyBIndex', 'BBBBBBBBBBBBBBBB',
  'parties', string.rep('C', 84), 'consentReference', 'bench', 'consentGrantedAt', now)
return 'OK'
