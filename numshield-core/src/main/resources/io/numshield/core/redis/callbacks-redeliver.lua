-- ARGV: 1 eventId
-- Puts one dead letter of this shard back on the delivery queue with a fresh attempt budget
-- (attempts 0, first queued now, due now), and forgets it as a dead letter, in one step: of two
-- redeliveries of one event at once, one answers QUEUED and the other NONE.
local id = ARGV[1]
local d = redis.call('HGET', base .. 'cbdead', id)
if not d then
  return 'NONE'
end
local now = now_ms()
-- attempts|firstQueuedAt|platformId|payload: keep platformId|payload
local s1 = string.find(d, '|', 1, true)
local s2 = string.find(d, '|', s1 + 1, true)
redis.call('HSET', base .. 'cbd', id, '0|' .. num(now) .. '|' .. string.sub(d, s2 + 1))
redis.call('ZADD', base .. 'cbq', now, id)
redis.call('HDEL', base .. 'cbdead', id)
redis.call('HDEL', base .. 'cbdeadwhy', id)
redis.call('ZREM', base .. 'cbdeadat', id)
return 'QUEUED'
