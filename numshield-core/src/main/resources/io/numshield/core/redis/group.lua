-- AXG groups (ADR 0024) on their home shard, the shard their id's tag names: 'g:<groupId>' hash,
-- '~m' -> platformId|orderId|createdAtMs|aCallsLastMember (1|0)|version, '~b' -> comma-joined ids of
-- the AXG bindings the group was bound to, and one field per member: blind index -> the member's own
-- ciphertext. Every change is one step with its event (GROUP_*) on the shard's lease stream.
-- ARGV: 1 operation, 2 groupId, 3 platformId, then by operation:
--   CREATE: 4 orderId, 5 aCallsLastMember (1|0), 6 eventId, 7 members' ciphertext (one, all of them),
--           8 maximum members, 9.. blind index, ciphertext pairs
--   ADD / REMOVE: 4 eventId, 5 the changed members' ciphertext, 6 maximum members, 7.. blind index,
--           ciphertext pairs (REMOVE: the ciphertext is not kept)
--   DELETE: 4 eventId;  ATTACH / DETACH: 4 bindingId (DETACH: comma-joined ids);  GET: nothing
--   RESTORE (the lease rebuild, after Redis lost the group; no event, the ledger has its changes):
--           4 orderId, 5 aCallsLastMember (1|0), 6 createdAt ms, 7 version, 8 comma-joined ids of its live
--           AXG bindings or '', 9.. blind index, ciphertext pairs; a group still there is left alone (EXISTS)
-- Answer (JSON): { r = OK | NOT_FOUND | EXISTS | TOO_MANY | BOUND (DELETE), version, aCalls, orderId, createdAt, bound,
-- members ('index:ciphertext,...'), changed (comma-joined indexes the change took effect for) }
local op, gid, platform = ARGV[1], ARGV[2], ARGV[3]
local key = base .. 'g:' .. gid
local now = now_ms()
local meta = redis.call('HGET', key, '~m')
local m = meta and split(meta)

local function view(changed)
  local members = {}
  local all = redis.call('HGETALL', key)
  for k = 1, #all, 2 do
    if string.sub(all[k], 1, 1) ~= '~' then
      members[#members + 1] = all[k] .. ':' .. all[k + 1]
    end
  end
  m = split(redis.call('HGET', key, '~m'))
  return cjson.encode({ r = 'OK', orderId = m[2], createdAt = m[3], aCalls = m[4], version = m[5],
    bound = redis.call('HGET', key, '~b') or '', members = table.concat(members, ','), changed = changed or '' })
end

local function event(typ, event_id, parties, indexes, extra)
  local f = { 'v', '1', 'eventId', event_id, 'type', typ, 'occurredAt', num(now), 'platformId', platform,
    'orderId', m[2], 'groupId', gid, 'groupVersion', m[5] }
  if parties ~= '' then
    f[#f + 1] = 'parties'
    f[#f + 1] = parties
    f[#f + 1] = 'memberIndexes'
    f[#f + 1] = indexes
  end
  for k = 1, #(extra or {}) do
    f[#f + 1] = extra[k]
  end
  redis.call('XADD', base .. 'ev', '*', unpack(f))
end

if op == 'CREATE' then
  if meta then
    return cjson.encode({ r = 'EXISTS' })
  end
  local indexes, f = {}, { '~m', platform .. '|' .. ARGV[4] .. '|' .. num(now) .. '|' .. ARGV[5] .. '|1' }
  for k = 9, #ARGV, 2 do
    indexes[#indexes + 1] = ARGV[k]
    f[#f + 1] = ARGV[k]
    f[#f + 1] = ARGV[k + 1]
  end
  redis.call('HSET', key, unpack(f))
  m = split(f[2])
  event('GROUP_CREATED', ARGV[6], ARGV[7], table.concat(indexes, ','),
    { 'aCallsLastMember', ARGV[5] == '1' and 'true' or 'false' })
  return view(table.concat(indexes, ','))
end

if op == 'RESTORE' then
  if meta then
    return cjson.encode({ r = 'EXISTS' })
  end
  local f = { '~m', platform .. '|' .. ARGV[4] .. '|' .. ARGV[6] .. '|' .. ARGV[5] .. '|' .. ARGV[7] }
  if ARGV[8] ~= '' then
    f[#f + 1] = '~b'
    f[#f + 1] = ARGV[8]
  end
  for k = 9, #ARGV, 2 do
    f[#f + 1] = ARGV[k]
    f[#f + 1] = ARGV[k + 1]
  end
  redis.call('HSET', key, unpack(f))
  return view()
end

if not m or m[1] ~= platform then
  return cjson.encode({ r = 'NOT_FOUND' })
end

if op == 'GET' or op == 'ATTACH' then
  if op == 'ATTACH' then
    local bound = redis.call('HGET', key, '~b')
    redis.call('HSET', key, '~b', bound and (bound .. ',' .. ARGV[4]) or ARGV[4])
  end
  return view()
end

if op == 'DETACH' then
  local gone, kept = {}, {}
  for id in string.gmatch(ARGV[4], '([^,]+)') do
    gone[id] = true
  end
  for id in string.gmatch(redis.call('HGET', key, '~b') or '', '([^,]+)') do
    if not gone[id] then
      kept[#kept + 1] = id
    end
  end
  if #kept == 0 then
    redis.call('HDEL', key, '~b')
  else
    redis.call('HSET', key, '~b', table.concat(kept, ','))
  end
  return view()
end

if op == 'DELETE' then
  -- the caller detached every binding it found ended; one still listed was attached since (a bind
  -- that raced the delete): the group stays
  if redis.call('HEXISTS', key, '~b') == 1 then
    return cjson.encode({ r = 'BOUND' })
  end
  event('GROUP_DELETED', ARGV[4], '', '')
  redis.call('DEL', key)
  return cjson.encode({ r = 'OK' })
end

-- ADD / REMOVE: only the members the change takes effect for count, and the version moves only then
local changed, count = {}, redis.call('HLEN', key) - (redis.call('HEXISTS', key, '~b') == 1 and 2 or 1)
for k = 7, #ARGV, 2 do
  local present = redis.call('HEXISTS', key, ARGV[k]) == 1
  if (op == 'ADD') ~= present then
    changed[#changed + 1] = k
  end
end
if op == 'ADD' and count + #changed > tonumber(ARGV[6]) then
  return cjson.encode({ r = 'TOO_MANY' })
end
if #changed == 0 then
  return view()
end
local indexes, asked = {}, {}
for k = 7, #ARGV, 2 do
  asked[#asked + 1] = ARGV[k]
end
for _, k in ipairs(changed) do
  indexes[#indexes + 1] = ARGV[k]
  if op == 'ADD' then
    redis.call('HSET', key, ARGV[k], ARGV[k + 1])
  else
    redis.call('HDEL', key, ARGV[k])
  end
end
m[5] = num(tonumber(m[5]) + 1)
redis.call('HSET', key, '~m', table.concat({ m[1], m[2], m[3], m[4], m[5] }, '|'))
-- the event names the members the request named (its ciphertext is theirs), in force or not before
event(op == 'ADD' and 'GROUP_MEMBERS_ADDED' or 'GROUP_MEMBERS_REMOVED', ARGV[4], ARGV[5], table.concat(asked, ','))
return view(table.concat(indexes, ','))
