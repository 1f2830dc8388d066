-- ARGV: 1 action (QUARANTINE | LIFT | FLAG), 2 virtual number, 3 eventId, 4 by (the caller's key id),
-- 5 reason (QUARANTINE: a QuarantineReason; LIFT: the operator's words, masked), 6 until ms or ''
-- (QUARANTINE; FLAG: the automatic quarantine's), 7 note, masked, or '', 8 flag kind (FLAG),
-- 9 flags that quarantine (FLAG), 10 their window ms (FLAG)
-- The number lifecycle of one virtual number (ADR 0026), each change with its NUMBER_* event:
-- QUARANTINE takes the number out of leasing (its bit in 'f:<block>' stays set, 'q:<block>' says
-- why and until when); LIFT ends that; FLAG counts a carrier's report in 'fl:<block>' (index ->
-- comma-joined report times within the window) and quarantines the number (CARRIER_FLAGS) when the
-- window holds ARGV[9] reports.
-- Reply: JSON { r = 'OK' | 'NOT_QUARANTINED' | 'UNKNOWN', pool, flags, quarantined }.
local action, x, event_id, by = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local now = now_ms()
local mgmt, i = block_of(x)
local info = block_info(mgmt)
if not info or i >= info.size then
  return cjson.encode({ r = 'UNKNOWN' })
end

local function quarantine(reason, till, id)
  redis.call('HSET', base .. 'q:' .. mgmt, i, till .. '|' .. reason)
  redis.call('SETBIT', base .. 'f:' .. mgmt, i, 1)
  if till ~= '' then
    redis.call('ZADD', base .. 'qq', 'LT', till, mgmt)
  end
  number_event('NUMBER_QUARANTINED', id, x, info.pool, now,
    { 'managementNumber', mgmt, 'reason', reason, 'until', till, 'note', ARGV[7], 'by', by,
      'bindings', num(bindings_on(mgmt, i)) })
end

if action == 'QUARANTINE' then
  if ARGV[6] ~= '' and tonumber(ARGV[6]) <= now then
    return cjson.encode({ r = 'UNTIL_IN_PAST' })
  end
  quarantine(ARGV[5], ARGV[6], event_id)
  return cjson.encode({ r = 'OK', pool = info.pool, quarantined = true })
elseif action == 'LIFT' then
  if not quarantine_of(mgmt, i) then
    return cjson.encode({ r = 'NOT_QUARANTINED', pool = info.pool, quarantined = false })
  end
  lift_quarantine(mgmt, i, info.pool, now, event_id, ARGV[5], by)
  return cjson.encode({ r = 'OK', pool = info.pool, quarantined = false })
end

-- FLAG
local window, threshold = tonumber(ARGV[10]), tonumber(ARGV[9])
local fkey = base .. 'fl:' .. mgmt
local kept = {}
for t in string.gmatch(redis.call('HGET', fkey, i) or '', '([^,]+)') do
  if tonumber(t) > now - window then
    kept[#kept + 1] = t
  end
end
kept[#kept + 1] = num(now)
redis.call('HSET', fkey, i, table.concat(kept, ','))
number_event('NUMBER_FLAGGED', event_id, x, info.pool, now,
  { 'managementNumber', mgmt, 'kind', ARGV[8], 'note', ARGV[7], 'by', by, 'flags', num(#kept) })
local held = quarantine_holds(mgmt, i, info.pool, now)
if not held and #kept >= threshold then
  quarantine('CARRIER_FLAGS', ARGV[6], event_id .. ':quarantined')
  held = true
end
return cjson.encode({ r = 'OK', pool = info.pool, flags = #kept, quarantined = held })
