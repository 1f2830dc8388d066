-- ARGV: 1 eventId, 2 callId, 3 bindingId or '', 4 caller blind index, 5 virtual number,
-- 6 event details (JSON object: event, occurredAt, durationSeconds?, releaseCause?, releaseDirection?, caller masked),
-- 7 call-stream bound (entries), 8 the event's occurredAt (ms since the epoch),
-- 9 the dialed extension (AXE, ADR 0022) or ''
-- Records a carrier's call event (CALL_EVENT) on the called number's shard's call stream and, when
-- the call belongs to a binding whose platform wants this kind of event (wants_callback: its
-- 'event' by name), queues its delivery to the platform in the same step. A platform that wants
-- HANGUP gets the call's summary in it (lib.lua's 'cs:<callId>', kept up to date here). A call stream
-- at its bound takes nothing: the answer is { backlog = true } and nothing changes.
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
elseif (ARGV[9] or '') ~= '' then
  id = extension_binding(x, ARGV[9])
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

local queued = false
if r then
  local entry = platform_entry(r[2])
  local kind = details.event
  if wants_callback(entry, 'HANGUP') then
    -- the call's summary: startedAt|ringingAt|answeredAt (ms)
    local skey = base .. 'cs:' .. call_id
    local at = tonumber(ARGV[8] or '') or now
    local stored = redis.call('GET', skey)
    local f = split(stored or '||')
    if kind == 'HANGUP' then
      redis.call('DEL', skey)
      local started, ringing, answered = tonumber(f[1]), tonumber(f[2]), tonumber(f[3])
      local function seconds(from, to)
        return math.max(0, math.floor((to - from) / 1000))
      end
      details.call = { startedAt = started and iso(started), ringingAt = ringing and iso(ringing),
        answeredAt = answered and iso(answered), endedAt = iso(at),
        ringSeconds = ringing and seconds(ringing, answered or at) or nil,
        talkSeconds = answered and seconds(answered, at) or details.durationSeconds or 0,
        releaseCause = details.releaseCause, releaseDirection = details.releaseDirection }
    elseif (kind == 'RINGING' and f[2] == '') or (kind == 'ANSWERED' and f[3] == '') then
      f[kind == 'RINGING' and 2 or 3] = num(at)
      local value = f[1] .. '|' .. f[2] .. '|' .. f[3]
      if stored then
        redis.call('SET', skey, value, 'KEEPTTL')
      else
        redis.call('SET', skey, value, 'PX', CALL_SUMMARY_MS)
      end
    end
  end
  if wants_callback(entry, kind) then
    details.eventId = event_id
    details.type = 'CALL_EVENT'
    details.callId = call_id
    details.bindingId = id
    details.orderId = r[3]
    details.virtualNumber = x
    details.callerRole = role
    -- the platform asks for a link to a recording: its location never leaves here
    details.recordingLocation = nil
    queue_callback(r[2], event_id, details, now)
    queued = true
  end
end
return cjson.encode({ bindingId = id, platformId = r and r[2] or nil, queued = queued })
