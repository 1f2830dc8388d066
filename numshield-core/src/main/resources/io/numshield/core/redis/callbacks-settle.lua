-- ARGV: 1 eventId, 2 DELIVERED | RETRY | DEAD, 3 next attempt in ms (RETRY) or why (DEAD)
-- Settles one delivery: gone when delivered, rescheduled with its attempt count when retried,
-- moved to the dead letters ('cbdead' with the attempts made, the reason in 'cbdeadwhy', when it
-- died in 'cbdeadat') when it has been failing for too long or may not be delivered at all (a
-- callbackUrl that points inside).
local id, outcome = ARGV[1], ARGV[2]
local now = now_ms()
local d = redis.call('HGET', base .. 'cbd', id)
if not d then
  redis.call('ZREM', base .. 'cbq', id)
  return 'GONE'
end
if outcome == 'DELIVERED' then
  redis.call('HDEL', base .. 'cbd', id)
  redis.call('ZREM', base .. 'cbq', id)
elseif outcome == 'DEAD' then
  local sep = string.find(d, '|', 1, true)
  redis.call('HSET', base .. 'cbdead', id, (tonumber(string.sub(d, 1, sep - 1)) + 1) .. string.sub(d, sep))
  redis.call('ZADD', base .. 'cbdeadat', now, id)
  if ARGV[3] and ARGV[3] ~= '' and ARGV[3] ~= '0' then
    redis.call('HSET', base .. 'cbdeadwhy', id, ARGV[3])
  end
  redis.call('HDEL', base .. 'cbd', id)
  redis.call('ZREM', base .. 'cbq', id)
else
  local sep = string.find(d, '|', 1, true)
  local attempts = tonumber(string.sub(d, 1, sep - 1)) + 1
  redis.call('HSET', base .. 'cbd', id, attempts .. string.sub(d, sep))
  redis.call('ZADD', base .. 'cbq', now + tonumber(ARGV[3]), id)
end
return outcome
