-- ARGV: 1 at most this many POSTs, 2 claim lease ms, 3 look at at most this many due entries
-- Claims due deliveries of this shard: each is pushed back by the lease, so another instance does
-- not take it meanwhile; a claimer that dies leaves it due again when the lease runs out.
-- A platform that batches (batchSize > 1 in its mirror value, lib.lua platform_refusal) has its due
-- deliveries held in 'cbh:<platformId>' (eventId -> when held) behind one marker 'B:<platformId>'
-- in 'cbq', due when batchSize of them are held or the oldest has waited batchWindowMs; the due
-- marker claims up to batchSize of them as one POST. Batches are so per platform and shard.
-- Answer: { now, claimed = [ { id, delivery } | { batch = [ { id, delivery }, ... ] } ] }
local now, max_posts, lease = now_ms(), tonumber(ARGV[1]), tonumber(ARGV[2])
local queue = base .. 'cbq'
local due = redis.call('ZRANGEBYSCORE', queue, '-inf', now, 'LIMIT', 0, tonumber(ARGV[3]))
local out, settings = {}, {}

-- the platform's batch size and window, from its mirror value (size 1: no batching)
local function batching(platform)
  local s = settings[platform]
  if not s then
    local f = split(platform_entry(platform) or '')
    s = { size = tonumber(f[3] or '') or 1, window = tonumber(f[4] or '') or 0 }
    settings[platform] = s
  end
  return s
end

-- puts the platform's marker where its held deliveries make it due (none when none are held)
local function mark(platform, s)
  local hold, marker = base .. 'cbh:' .. platform, 'B:' .. platform
  local held = redis.call('ZCARD', hold)
  if held == 0 then
    redis.call('ZREM', queue, marker)
  elseif held >= s.size then
    redis.call('ZADD', queue, now, marker)
  else
    local oldest = redis.call('ZRANGE', hold, 0, 0, 'WITHSCORES')
    redis.call('ZADD', queue, tonumber(oldest[2]) + s.window, marker)
  end
end

for _, id in ipairs(due) do
  if #out >= max_posts then
    break
  end
  if string.sub(id, 1, 2) == 'B:' then
    local platform = string.sub(id, 3)
    local s, hold = batching(platform), base .. 'cbh:' .. platform
    if s.size <= 1 then
      -- the platform stopped batching: what it held is due again, one by one
      for _, held in ipairs(redis.call('ZRANGE', hold, 0, -1)) do
        redis.call('ZADD', queue, now, held)
      end
      redis.call('DEL', hold)
      redis.call('ZREM', queue, id)
    else
      local batch = {}
      for _, held in ipairs(redis.call('ZRANGE', hold, 0, s.size - 1)) do
        redis.call('ZREM', hold, held)
        local d = redis.call('HGET', base .. 'cbd', held)
        if d then
          redis.call('ZADD', queue, now + lease, held)
          batch[#batch + 1] = { id = held, delivery = d }
        end
      end
      mark(platform, s)
      if #batch > 0 then
        out[#out + 1] = { batch = batch }
      end
    end
  else
    local d = redis.call('HGET', base .. 'cbd', id)
    if not d then
      redis.call('ZREM', queue, id)
    else
      -- attempts|firstQueuedAt|platformId|payload
      local s1 = string.find(d, '|', 1, true)
      local s2 = string.find(d, '|', s1 + 1, true)
      local platform = string.sub(d, s2 + 1, string.find(d, '|', s2 + 1, true) - 1)
      local s = batching(platform)
      if s.size > 1 then
        redis.call('ZREM', queue, id)
        redis.call('ZADD', base .. 'cbh:' .. platform, now, id)
        mark(platform, s)
      else
        redis.call('ZADD', queue, now + lease, id)
        out[#out + 1] = { id = id, delivery = d }
      end
    end
  end
end
return cjson.encode({ now = now, claimed = out })
