-- ARGV: 1 which stream of the shard: 'ev' (lease events) or 'calls' (call events)
-- Drops the entries of that stream that every consumer group has acknowledged: below the oldest
-- entry still pending in any group and below every group's last delivered id. Without a group
-- nothing is trimmed (nobody has consumed anything). Answers how many went.
if ARGV[1] ~= 'ev' and ARGV[1] ~= 'calls' then
  return redis.error_reply('trim.lua: stream must be ev or calls')
end
local key = base .. ARGV[1]
if redis.call('EXISTS', key) == 0 then
  return cjson.encode({ trimmed = 0 })
end
local groups = redis.call('XINFO', 'GROUPS', key)
if #groups == 0 then
  return cjson.encode({ trimmed = 0, reason = 'NO_GROUP' })
end
local function parse(id)
  local ms, seq = string.match(id, '^(%d+)-(%d+)$')
  return { tonumber(ms), tonumber(seq), id }
end
local function less(a, b)
  return a[1] < b[1] or (a[1] == b[1] and a[2] < b[2])
end
local floor = nil
for _, g in ipairs(groups) do
  local f = {}
  for i = 1, #g, 2 do
    f[g[i]] = g[i + 1]
  end
  local bound = parse(f['last-delivered-id'])
  if f['pending'] > 0 then
    local summary = redis.call('XPENDING', key, f['name'])
    local oldest = parse(summary[2])
    if less(oldest, bound) then
      bound = oldest
    end
  end
  if floor == nil or less(bound, floor) then
    floor = bound
  end
end
if floor[1] == 0 and floor[2] == 0 then
  return cjson.encode({ trimmed = 0 })
end
-- the floor entry itself stays: it is either still pending or the last one delivered
return cjson.encode({ trimmed = redis.call('XTRIM', key, 'MINID', floor[3]) })
