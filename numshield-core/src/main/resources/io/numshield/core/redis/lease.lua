-- ARGV: 1 bindingId, 2 platformId, 3 orderId, 4 mode, 5 managementNumber, 6 asked index or '',
-- 7 idxA, 8 idxB or '', 9 parties ciphertext, 10 direction, 11 recording (0|1), 12 ttlMs or '',
-- 13 expiresAtMs or '', 14 random start byte, 15 consent reference, 16 consent grantedAt,
-- 17 expiry bucket ms
local id, platform, order, mode, mgmt = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]
local idx_a, idx_b = ARGV[7], ARGV[8]
local now = now_ms()

local existing = get_binding(id)
if existing then
  return cjson.encode({ r = 'EXISTS', x = existing[5], createdAt = existing[9], expiresAt = existing[10] })
end
local refused = platform_refusal(platform)
if refused then
  return cjson.encode({ r = refused })
end
if blocked(idx_a) or blocked(idx_b) then
  return cjson.encode({ r = 'PARTY_BLOCKED' })
end
local info = block_info(mgmt)
if not info then
  return cjson.encode({ r = 'BLOCK_UNKNOWN' })
end
local expires = (ARGV[13] ~= '') and tonumber(ARGV[13]) or (now + tonumber(ARGV[12]))
if expires <= now then
  return cjson.encode({ r = 'EXPIRY_IN_PAST' })
end

-- numbers whose AXN cool-down is over are free again
local ckey = base .. 'c:' .. mgmt
local due = redis.call('ZRANGEBYSCORE', ckey, '-inf', now, 'LIMIT', 0, 100)
for _, i in ipairs(due) do
  redis.call('ZREM', ckey, i)
  if not redis.call('ZSCORE', base .. 'l:' .. mgmt, i) then
    redis.call('SETBIT', base .. 'f:' .. mgmt, tonumber(i), 0)
  end
end

local fkey, lkey = base .. 'f:' .. mgmt, base .. 'l:' .. mgmt
local function axb_fits(i)
  local c = redis.call('ZSCORE', lkey, i)
  if not c then
    return redis.call('GETBIT', fkey, i) == 0
  end
  if tonumber(c) >= info.max then
    return false
  end
  local x = number_at(mgmt, i)
  return not party_busy(x, idx_a, now) and not party_busy(x, idx_b, now)
end

local chosen = -1
if ARGV[6] ~= '' then
  local i = tonumber(ARGV[6])
  local fits
  if i >= info.size then
    fits = false
  elseif mode == 'AXN' then
    fits = redis.call('GETBIT', fkey, i) == 0
  else
    fits = axb_fits(i)
  end
  if not fits then
    return cjson.encode({ r = 'NUMBER_UNAVAILABLE' })
  end
  chosen = i
else
  -- a free number first, from a random place, so that load spreads over the block
  local pos = redis.call('BITPOS', fkey, 0, tonumber(ARGV[14]))
  if pos < 0 or pos >= info.size then
    pos = redis.call('BITPOS', fkey, 0)
  end
  if pos >= 0 and pos < info.size then
    chosen = pos
  elseif mode == 'AXB' then
    -- then the least loaded AXB number that has room and where neither party is already
    local offset = 0
    while chosen < 0 do
      local cands = redis.call('ZRANGEBYSCORE', lkey, 1, info.max - 1, 'LIMIT', offset, 64)
      if #cands == 0 then
        break
      end
      for _, c in ipairs(cands) do
        local x = number_at(mgmt, tonumber(c))
        if not party_busy(x, idx_a, now) and not party_busy(x, idx_b, now) then
          chosen = tonumber(c)
          break
        end
      end
      offset = offset + 64
    end
  end
  if chosen < 0 then
    return cjson.encode({ r = 'FULL' })
  end
end

take_number(mgmt, chosen, mode, info.pool)
local x = number_at(mgmt, chosen)
local r = { 'A', platform, order, mode, x, '', ARGV[10], ARGV[11], num(now), num(expires),
  idx_a, idx_b, ARGV[9], '', '' }
place_binding(id, r, info.pool, tonumber(ARGV[17]))
emit('BINDING_CREATED', 'created:' .. id, id, r, now,
  { 'consentReference', ARGV[15], 'consentGrantedAt', ARGV[16] })
return cjson.encode({ r = 'OK', x = x, createdAt = r[9], expiresAt = r[10] })
