-- ARGV: 1 expiry bucket ms, 2 at most this many entries, 3 tombstone ms
-- Ends the bindings whose time is over (BINDING_EXPIRED), forgets tombstones whose time is over, and
-- frees the AXN numbers whose cool-down is over (blocks due in 'cq'; a lease does this only for a
-- full block, so a cooled-down number is leasable again within one sweep interval). Records the
-- expiry bucket width in 'cfg' (below).
local bucket_ms, limit, tombstone_ms = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
-- the width binding-service schedules with, for restore.lua (the lease rebuild, run by the audit
-- service), which so needs no setting of its own; written again within a sweep after Redis lost it
if redis.call('HGET', base .. 'cfg', 'expiry-bucket') ~= ARGV[1] then
  redis.call('HSET', base .. 'cfg', 'expiry-bucket', ARGV[1])
end
local now = now_ms()
local due_before = math.floor(now / bucket_ms) - 1
local buckets = redis.call('ZRANGEBYSCORE', base .. 'eq', '-inf', due_before, 'LIMIT', 0, 16)
local expired, purged, seen = 0, 0, 0
for _, b in ipairs(buckets) do
  local lkey = base .. 'e:' .. b
  while seen < limit do
    local entry = redis.call('LPOP', lkey)
    if not entry then
      break
    end
    seen = seen + 1
    if string.sub(entry, 1, 1) == 'P' then
      purge(string.sub(entry, 2))
      purged = purged + 1
    else
      local r = get_binding(entry)
      -- an extended binding waits in a later bucket; a released one has nothing left to do here
      if r and r[1] == 'A' and tonumber(r[10]) <= now then
        finish(entry, r, 'BINDING_EXPIRED', 'EXPIRED', tonumber(r[10]), now, 'expired:' .. entry, tombstone_ms, bucket_ms)
        expired = expired + 1
      end
    end
  end
  if redis.call('LLEN', lkey) == 0 then
    redis.call('ZREM', base .. 'eq', b)
  end
  if seen >= limit then
    break
  end
end
local cooled = redis.call('ZRANGEBYSCORE', base .. 'cq', '-inf', now, 'LIMIT', 0, 16)
for _, mgmt in ipairs(cooled) do
  cool_down_over(mgmt, now, limit)
  local next = redis.call('ZRANGE', base .. 'c:' .. mgmt, 0, 0, 'WITHSCORES')
  if next[2] then
    redis.call('ZADD', base .. 'cq', next[2], mgmt)
  else
    redis.call('ZREM', base .. 'cq', mgmt)
  end
end
-- quarantines whose until has passed end (blocks due in 'qq', ADR 0026)
local lifted = 0
for _, mgmt in ipairs(redis.call('ZRANGEBYSCORE', base .. 'qq', '-inf', now, 'LIMIT', 0, 16)) do
  local info = block_info(mgmt)
  local entries = redis.call('HGETALL', base .. 'q:' .. mgmt)
  local earliest = nil
  for k = 1, #entries, 2 do
    local i, q = entries[k], quarantine_of(mgmt, entries[k])
    if q['until'] ~= '' then
      if tonumber(q['until']) <= now then
        lift_quarantine(mgmt, tonumber(i), info and info.pool or '', now,
          'quarantine-ended:' .. number_at(mgmt, tonumber(i)) .. ':' .. q['until'], 'UNTIL_PASSED', '')
        lifted = lifted + 1
      elseif not earliest or tonumber(q['until']) < earliest then
        earliest = tonumber(q['until'])
      end
    end
  end
  if earliest then
    redis.call('ZADD', base .. 'qq', earliest, mgmt)
  else
    redis.call('ZREM', base .. 'qq', mgmt)
  end
end
return cjson.encode({ expired = expired, purged = purged, lifted = lifted, more = (seen >= limit) })
