-- ARGV: 1 virtual number (dialed), 2 callId, 3 caller blind index, 4 caller ciphertext, 5 VOICE|SMS,
-- 6 call-rate limit (distinct numbers), 7 call-rate window ms, 8 call-back window ms,
-- 9 expired-answer window ms, 10 eventId, 11 call-stream bound (entries), 12 caller masked ('' for none),
-- 13 dialed extension or ''
-- The carrier's question at call setup, answered and recorded (CALL_ROUTED) in one step on the
-- dialed number's shard, on the shard's call stream (not the lease stream). The callee leaves only
-- as ciphertext; the service decrypts it. A call stream at its bound takes nothing: the answer is
-- { 'BACKLOG' } and nothing changes (no unrecorded decision).
-- Reply (RouteCall.Decision): { action, reason, bindingId, platformId, record (0|1), calleeCiphertext,
-- calleePosition, the binding's own call controls }, '' for absent.
-- An extension (AXE, ADR 0022) is looked up only when one was dialed, or on the way to a REJECT, so
-- AXB and AXN routes make no more calls than before.
local x, call_id, caller = ARGV[1], ARGV[2], ARGV[3]
if redis.call('XLEN', base .. 'calls') >= tonumber(ARGV[11]) then
  return { 'BACKLOG' }
end
local now = now_ms()
local xkey = base .. 'x:' .. x

-- platformId -> its mirror value, as platform_refuses read it (false: not mirrored)
local entries = {}

-- A decision that names a binding is the platform's CALL_STARTED callback (when it wants it), and a
-- connected voice call starts its summary for the HANGUP callback (when it wants that): in the step that
-- decides, and with no read of 'p' beyond platform_refuses' but for a BINDING_EXPIRED answer.
local function callbacks(action, reason, id, r)
  local entry = entries[r[2]]
  if entry == nil then
    entry = platform_entry(r[2]) or false
  end
  entry = entry or nil
  if action == 'CONNECT' and ARGV[5] ~= 'SMS' and wants_callback(entry, 'HANGUP') then
    redis.call('SET', base .. 'cs:' .. call_id, num(now) .. '||', 'PX', CALL_SUMMARY_MS)
  end
  if wants_callback(entry, 'CALL_STARTED') then
    local role = (caller == r[11] and 'A') or (r[12] ~= '' and caller == r[12] and 'B') or 'OTHER'
    local cb = 'evt_' .. string.sub(redis.sha1hex(ARGV[10]), 1, 32)
    queue_callback(r[2], cb, { eventId = cb, type = 'CALL_STARTED', occurredAt = iso(now),
      callId = call_id, bindingId = id, orderId = r[3], virtualNumber = x, callType = ARGV[5], action = action,
      reason = reason, callerRole = role, caller = ARGV[12] ~= '' and ARGV[12] or nil }, now)
  end
end

local function answer(action, reason, id, r, callee, position)
  local f = { 'v', '1', 'eventId', ARGV[10], 'type', 'CALL_ROUTED', 'occurredAt', num(now), 'callId', call_id,
    'callType', ARGV[5], 'virtualNumber', x, 'callerIndex', caller, 'action', action, 'reason', reason or '',
    'bindingId', id or '', 'platformId', r and r[2] or '', 'orderId', r and r[3] or '' }
  if ARGV[13] ~= '' then
    f[#f + 1] = 'extension'
    f[#f + 1] = ARGV[13]
  end
  redis.call('XADD', base .. 'calls', '*', unpack(f))
  if r then
    callbacks(action, reason, id, r)
  end
  return { action, reason or '', id or '', r and r[2] or '', (r and r[8] == '1') and '1' or '0', callee or '',
    position or '', (action == 'CONNECT' and r[16]) or '' }
end

-- nil when the binding's platform takes the call, else the REJECT reason: PLATFORM_SUSPENDED, or
-- CALLER_BLOCKED_BY_PLATFORM (the caller is on that platform's own blocklist, ADR 0025; read only for a
-- platform whose mirror value carries the list's flag)
local function platform_refuses(r)
  local refused, entry = platform_refusal(r[2])
  entries[r[2]] = entry or false
  if refused then
    return 'PLATFORM_SUSPENDED'
  end
  if platform_blocked(r[2], entry, caller) then
    return 'CALLER_BLOCKED_BY_PLATFORM'
  end
  return nil
end

local function ended_recently(r)
  local ended = (r[14] ~= '' and tonumber(r[14])) or tonumber(r[10])
  return now - ended <= tonumber(ARGV[9])
end

if blocked(caller) then
  return answer('REJECT', 'CALLER_BLOCKED')
end

-- scanning and harassment: how many distinct numbers of this shard the caller dialed in the window
local rkey = base .. 'cr:' .. caller
local window = tonumber(ARGV[7])
redis.call('ZREMRANGEBYSCORE', rkey, '-inf', now - window)
-- each extension of an AXE number counts as a number of its own: walking extensions is scanning too
redis.call('ZADD', rkey, now, ARGV[13] ~= '' and (x .. ',' .. ARGV[13]) or x)
redis.call('PEXPIRE', rkey, window)
if redis.call('ZCARD', rkey) > tonumber(ARGV[6]) then
  return answer('REJECT', 'CALL_RATE_EXCEEDED')
end

-- AXE: the dialed extension decides; an extension dialed to a number that is no AXE number is
-- ignored (a carrier may pass what its IVR collected for any number)
if ARGV[13] ~= '' then
  local eid, e = extension_binding(x, ARGV[13])
  local mgmt, i = block_of(x)
  if e and is_active(e, now) then
    local no = platform_refuses(e)
    if no then
      return answer('REJECT', no, eid, e)
    end
    if e[12] == '' then
      -- AXN rules on the extension: anyone reaches A; A calls back the extension's last caller
      local kl = base .. 'kl:' .. x
      local bit = num(tonumber(e[6]) - 1)
      if caller == e[11] then
        local last = redis.call('HGET', kl, bit)
        if last then
          local f = split(last)
          if f[1] == eid and now - tonumber(f[2]) <= tonumber(ARGV[8]) then
            return answer('CONNECT', nil, eid, e, f[3], '1')
          end
        end
        return answer('REJECT', 'NO_RECENT_CALLER', eid, e)
      end
      redis.call('HSET', kl, bit, eid .. '|' .. num(now) .. '|' .. ARGV[4])
      return answer('CONNECT', nil, eid, e, e[13], '1')
    end
    -- AXB rules on the extension
    if caller == e[11] then
      if e[7] == 'B_TO_A' then
        return answer('REJECT', 'DIRECTION_NOT_ALLOWED', eid, e)
      end
      return answer('CONNECT', nil, eid, e, e[13], '2')
    end
    if caller ~= e[12] then
      return answer('REJECT', 'CALLER_NOT_PARTY', eid, e)
    end
    if e[7] == 'A_TO_B' then
      return answer('REJECT', 'DIRECTION_NOT_ALLOWED', eid, e)
    end
    return answer('CONNECT', nil, eid, e, e[13], '1')
  end
  if e and ended_recently(e) then
    return answer('REJECT', 'BINDING_EXPIRED', eid, e)
  end
  if e or axe_load(mgmt, i) then
    return answer('REJECT', 'NO_BINDING')
  end
end

-- a pair alone on X (lib.lua's 's') first, then the route entries of X
local bid, own = single_party(x, caller)
if not bid then
  bid = redis.call('HGET', xkey, caller)
  own = bid and get_binding(bid)
end
if own and is_active(own, now) then
  local no = platform_refuses(own)
  if no then
    return answer('REJECT', no, bid, own)
  end
  if own[4] == 'AXN' or own[4] == 'AXG' then
    -- the holder calls back whoever called last within the call-back window (AXG: the last member
    -- who called, unless the group says A may not call its members)
    if own[4] == 'AXG' and string.sub(own[17], 1, 1) ~= '1' then
      return answer('REJECT', 'DIRECTION_NOT_ALLOWED', bid, own)
    end
    local last = redis.call('HGET', xkey, 'L')
    if last then
      local f = split(last)
      if f[1] == bid and now - tonumber(f[2]) <= tonumber(ARGV[8]) then
        return answer('CONNECT', nil, bid, own, f[3], '1')
      end
    end
    return answer('REJECT', 'NO_RECENT_CALLER', bid, own)
  end
  if caller == own[11] then
    if own[7] == 'B_TO_A' then
      return answer('REJECT', 'DIRECTION_NOT_ALLOWED', bid, own)
    end
    return answer('CONNECT', nil, bid, own, own[13], '2')
  end
  if own[7] == 'A_TO_B' then
    return answer('REJECT', 'DIRECTION_NOT_ALLOWED', bid, own)
  end
  return answer('CONNECT', nil, bid, own, own[13], '1')
end

-- not party to an active binding here: an AXN number takes anyone's call to its holder
local held = redis.call('HGET', xkey, '*')
local axn = held and get_binding(held)
if axn and is_active(axn, now) then
  local no = platform_refuses(axn)
  if no then
    return answer('REJECT', no, held, axn)
  end
  -- AXG (ADR 0024): only a member of the binding's group reaches A; one read, for AXG numbers only
  if axn[4] == 'AXG' and redis.call('HEXISTS', base .. 'gm:' .. held, caller) == 0 then
    return answer('REJECT', 'NOT_GROUP_MEMBER', held, axn)
  end
  redis.call('HSET', xkey, 'L', held .. '|' .. num(now) .. '|' .. ARGV[4])
  return answer('CONNECT', nil, held, axn, axn[13], '1')
end
if own and ended_recently(own) then
  return answer('REJECT', 'BINDING_EXPIRED', bid, own)
end
if axn and ended_recently(axn) then
  return answer('REJECT', 'BINDING_EXPIRED', held, axn)
end
local mgmt, i = block_of(x)
local pairs_here = redis.call('ZSCORE', base .. 'l:' .. mgmt, i)
if pairs_here and tonumber(pairs_here) >= AXE_HELD then
  return answer('REJECT', 'EXTENSION_REQUIRED')
end
if (pairs_here and tonumber(pairs_here) > 0) or single_at(mgmt, i) then
  return answer('REJECT', 'CALLER_NOT_PARTY')
end
return answer('REJECT', 'NO_BINDING')
