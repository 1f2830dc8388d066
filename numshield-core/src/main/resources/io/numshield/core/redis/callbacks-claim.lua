-- ARGV: 1 at most this many, 2 claim lease ms
-- Claims due deliveries of this shard: each is pushed back by the lease, so another instance does
-- not take it meanwhile; a claimer that dies leaves it due again when the lease runs out.
local now = now_ms()
local due = redis.call('ZRANGEBYSCORE', base .. 'cbq', '-inf', now, 'LIMIT', 0, tonumber(ARGV[1]))
local out = {}
for _, id in ipairs(due) do
  local d = redis.call('HGET', base .. 'cbd', id)
  if d then
    redis.call('ZADD', base .. 'cbq', now + tonumber(ARGV[2]), id)
    out[#out + 1] = { id = id, delivery = d }
  else
    redis.call('ZREM', base .. 'cbq', id)
  end
end
return cjson.encode({ now = now, claimed = out })
