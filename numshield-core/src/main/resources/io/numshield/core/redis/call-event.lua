-- ARGV: 1 eventId, 2 callId, 3 bindingId or '', 4 caller blind index, 5 virtual number,
-- 6 event details (JSON object: event, occurredAt, durationSeconds?, releaseCause?, releaseDirection?, caller masked),
-- 7 call-stream bound (entries), 8 the dialed extension (AXE, ADR 0021) or ''
-- Records a carrier's call event (CALL_EVENT) on the called number's shard's call stream and, when
-- the call belongs to a binding, queues its delivery to the owning platform in the same step. A
-- call stream at its bound takes nothing: the answer is { backlog = true } and nothing changes.
local event_id, call_id, given, caller, x = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]
if redis.call('XLEN', base .. 'calls') >= tonumber(ARGV[7]) then
  return cjson.encode({ backlog = true })
end
local now = now_ms()
local details = cjson.decode(ARGV[6])
local xkey = base .. 'x:' .. x

local id = nil
if given ~= '' then
  id = given
elseif (ARGV[8] or '') ~= '' then
  id = extension_binding(x, ARGV[8])
else
  -- a pair alone on X (lib.lua's 's') first, then the route entries of X
  id = single_party(x, caller) or redis.call('HGET', xkey, caller) or redis.call('HGET', xkey, '*')
end
local r = id and get_binding(id)
if r and r[5] ~= x then
  r = nil
end
if not r then
  id = nil
end
local role = 'OTHER'
if r and caller == r[11] then
  role = 'A'
elseif r and caller == r[12] then
  role = 'B'
end

redis.call('XADD', base .. 'calls', '*', 'v', '1', 'eventId', event_id, 'type', 'CALL_EVENT', 'occurredAt', num(now),
  'callId', call_id, 'virtualNumber', x, 'callerIndex', caller, 'callerRole', role, 'bindingId', id or '',
  'platformId', r and r[2] or '', 'orderId', r and r[3] or '', 'details', ARGV[6])

if r then
  details.eventId = event_id
  details.type = 'CALL_EVENT'
  details.callId = call_id
  details.bindingId = id
  details.orderId = r[3]
  details.virtualNumber = x
  details.callerRole = role
  -- delivery: attempts|firstQueuedAt|platformId|payload, due now
  redis.call('HSET', base .. 'cbd', event_id, '0|' .. num(now) .. '|' .. r[2] .. '|' .. cjson.encode(details))
  redis.call('ZADD', base .. 'cbq', now, event_id)
end
return cjson.encode({ bindingId = id, platformId = r and r[2] or nil, queued = (r and true or false) })
