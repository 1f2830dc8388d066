-- ARGV: 1 platformId or '' for every platform, 2 at most this many,
--       3 after this died-at (ms, '' for the newest first), 4 and this eventId (with 3)
-- Lists this shard's callback dead letters, newest first (by 'cbdeadat', eventId -> when it died),
-- each without its body: eventId, platformId, event (the call event, else the callback's type:
-- CALL_STARTED, BINDING_EXPIRED), diedAt (ms, 0 when unknown), attempts, reason.
-- Dead letters from before 'cbdeadat' was kept are given died-at 0 here once, so they are listed
-- (last) and can be redelivered.
local dead, at = base .. 'cbdead', base .. 'cbdeadat'
if redis.call('HLEN', dead) ~= redis.call('ZCARD', at) then
  for _, id in ipairs(redis.call('HKEYS', dead)) do
    redis.call('ZADD', at, 'NX', 0, id)
  end
end
local want, limit, after, after_id = ARGV[1], tonumber(ARGV[2]), ARGV[3], ARGV[4]
local max = after == '' and '+inf' or after
local out, offset, chunk = {}, 0, 200
while #out < limit do
  local page = redis.call('ZREVRANGEBYSCORE', at, max, '-inf', 'WITHSCORES', 'LIMIT', offset, chunk)
  if #page == 0 then
    break
  end
  for i = 1, #page, 2 do
    local id, died = page[i], tonumber(page[i + 1])
    -- keyset: strictly after (died-at, eventId) in the order newest first, then eventId descending
    if after == '' or died < tonumber(after) or id < after_id then
      local d = redis.call('HGET', dead, id)
      if d then
        -- attempts|firstQueuedAt|platformId|payload
        local s1 = string.find(d, '|', 1, true)
        local s2 = string.find(d, '|', s1 + 1, true)
        local s3 = string.find(d, '|', s2 + 1, true)
        local platform = string.sub(d, s2 + 1, s3 - 1)
        if want == '' or platform == want then
          local ok, payload = pcall(cjson.decode, string.sub(d, s3 + 1))
          out[#out + 1] = {
            eventId = id,
            platformId = platform,
            event = ok and type(payload) == 'table' and (payload.event or payload.type) or '',
            diedAt = died,
            attempts = tonumber(string.sub(d, 1, s1 - 1)),
            reason = redis.call('HGET', base .. 'cbdeadwhy', id) or ''
          }
          if #out >= limit then
            break
          end
        end
      end
    end
  end
  offset = offset + chunk
end
return cjson.encode({ deadLetters = out })
