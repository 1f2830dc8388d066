-- ARGV: 1 bindingId, 2 platformId, 3 orderId, 4 mode, 5 managementNumber, 6 asked index or '',
-- 7 idxA, 8 idxB or '', 9 parties ciphertext, 10 direction, 11 recording (0|1), 12 ttlMs or '',
-- 13 expiresAtMs or '', 14 random start byte, 15 consent reference, 16 consent grantedAt,
-- 17 expiry bucket ms, 18 the binding's own call controls ('maxDurationSeconds,announcementId,ringbackToneId') or '',
-- 19 AXG: the group reference ('1' or '0': whether A calls the last member back; then the groupId) or '',
-- 20 AXG: the group's version, 21 AXG: its members' blind indexes, comma-joined (ADR 0024),
-- 22 the lease's industrial identifier or absent (ADR 0028: in the BINDING_CREATED event only, not the record)
-- AXE (ADR 0022): an extension of an AXE number with room (the fullest first), else of a free number.
-- Reply (LeaseCall.Reply): { 'OK' | 'EXISTS', virtual number, createdAtMs, expiresAtMs, extension }, or { why not }
-- (PARTY_BLOCKED: the regulators' list; PARTY_BLOCKED_BY_PLATFORM: the platform's own, ADR 0025).
local id, platform, order, mode, mgmt = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]
local idx_a, idx_b = ARGV[7], ARGV[8]
local now = now_ms()

local existing = get_binding(id)
if existing then
  return { 'EXISTS', existing[5], existing[9], existing[10], existing[6] }
end
local refused, entry = platform_refusal(platform)
if refused then
  return { refused }
end
if blocked(idx_a) or blocked(idx_b) then
  return { 'PARTY_BLOCKED' }
end
if platform_blocked(platform, entry, idx_a) or platform_blocked(platform, entry, idx_b) then
  return { 'PARTY_BLOCKED_BY_PLATFORM' }
end
local info = block_info(mgmt)
if not info then
  return { 'BLOCK_UNKNOWN' }
end
-- a draining block leases nothing new; a quarantined number is not leased (ADR 0026)
if draining(mgmt) then
  return { ARGV[6] ~= '' and 'NUMBER_UNAVAILABLE' or 'FULL' }
end
if ARGV[6] ~= '' and quarantine_holds(mgmt, tonumber(ARGV[6]), info.pool, now) then
  return { 'NUMBER_UNAVAILABLE' }
end
local expires = (ARGV[13] ~= '') and tonumber(ARGV[13]) or (now + tonumber(ARGV[12]))
if expires <= now then
  return { 'EXPIRY_IN_PAST' }
end

local fkey, lkey = base .. 'f:' .. mgmt, base .. 'l:' .. mgmt
local function axb_fits(i)
  local c = pairs_on(mgmt, i)
  if c == 0 then
    return redis.call('GETBIT', fkey, i) == 0
  end
  if c >= info.max then
    return false
  end
  local x = number_at(mgmt, i)
  return not party_busy(x, idx_a, now) and not party_busy(x, idx_b, now)
end

local chosen = -1
local function free_number()
  -- a free number first, from a random place, so that load spreads over the block
  local pos = redis.call('BITPOS', fkey, 0, tonumber(ARGV[14]))
  if pos < 0 or pos >= info.size then
    pos = redis.call('BITPOS', fkey, 0)
  end
  if (pos < 0 or pos >= info.size) and cool_down_over(mgmt, now, 100) > 0 then
    -- none free: numbers whose AXN cool-down is over and that the sweeper has not freed yet are
    pos = redis.call('BITPOS', fkey, 0)
  end
  if pos >= 0 and pos < info.size then
    return pos
  end
  return -1
end

local ext = ''
if mode == 'AXE' then
  if ARGV[6] ~= '' then
    local i = tonumber(ARGV[6])
    local load = i < info.size and axe_load(mgmt, i)
    if load then
      chosen = load < info.max_ext and i or -1
    elseif i < info.size and redis.call('GETBIT', fkey, i) == 0 then
      chosen = i
    elseif i < info.size then
      local ends = redis.call('ZSCORE', base .. 'c:' .. mgmt, i)
      if ends and tonumber(ends) <= now and cool_down_over(mgmt, now, 100) > 0
          and redis.call('GETBIT', fkey, i) == 0 then
        chosen = i
      end
    end
    if chosen < 0 then
      return { 'NUMBER_UNAVAILABLE' }
    end
  else
    local offset = 0
    while chosen < 0 do
      local fullest = redis.call('ZREVRANGEBYSCORE', lkey, '(' .. num(AXE_HELD + info.max_ext), AXE_HELD + 1,
        'LIMIT', offset, 16)
      if #fullest == 0 then
        break
      end
      for _, c in ipairs(fullest) do
        if redis.call('HEXISTS', base .. 'q:' .. mgmt, c) == 0 then
          chosen = tonumber(c)
          break
        end
      end
      offset = offset + 16
    end
    if chosen < 0 then
      chosen = free_number()
    end
    if chosen < 0 then
      return { 'FULL' }
    end
  end
  ext = take_extension(number_at(mgmt, chosen), info, tonumber(ARGV[14]))
  if not ext then
    return { ARGV[6] ~= '' and 'NUMBER_UNAVAILABLE' or 'FULL' }
  end
elseif ARGV[6] ~= '' then
  local i = tonumber(ARGV[6])
  local function fits_at()
    if i >= info.size then
      return false
    elseif mode == 'AXN' or mode == 'AXG' then
      return redis.call('GETBIT', fkey, i) == 0
    end
    return axb_fits(i)
  end
  local fits = fits_at()
  if not fits and i < info.size then
    -- perhaps held only by a cool-down that is over and that the sweeper has not ended yet
    local ends = redis.call('ZSCORE', base .. 'c:' .. mgmt, i)
    if ends and tonumber(ends) <= now and cool_down_over(mgmt, now, 100) > 0 then
      fits = fits_at()
    end
  end
  if not fits then
    return { 'NUMBER_UNAVAILABLE' }
  end
  chosen = i
else
  chosen = free_number()
  if chosen >= 0 then
    -- taken
  elseif mode == 'AXB' then
    -- then the least loaded AXB number that has room and where neither party is already: first
    -- the numbers a single pair holds (in 's', 64 numbers a hash), then the load set
    local function fits_beside(c)
      local x = number_at(mgmt, c)
      return redis.call('HEXISTS', base .. 'q:' .. mgmt, c) == 0 and not party_busy(x, idx_a, now)
        and not party_busy(x, idx_b, now)
    end
    if info.max > 1 then
      for part = 0, math.floor((info.size - 1) / 64) do
        for _, c in ipairs(redis.call('HKEYS', single_key(mgmt, part * 64))) do
          if fits_beside(tonumber(c)) then
            chosen = tonumber(c)
            break
          end
        end
        if chosen >= 0 then
          break
        end
      end
    end
    local offset = 0
    while chosen < 0 do
      local cands = redis.call('ZRANGEBYSCORE', lkey, 1, info.max - 1, 'LIMIT', offset, 64)
      if #cands == 0 then
        break
      end
      for _, c in ipairs(cands) do
        if fits_beside(tonumber(c)) then
          chosen = tonumber(c)
          break
        end
      end
      offset = offset + 64
    end
  end
  if chosen < 0 then
    return { 'FULL' }
  end
end

local alone = take_number(mgmt, chosen, mode, info.pool, id)
local x = number_at(mgmt, chosen)
local r = { 'A', platform, order, mode, x, ext, ARGV[10], ARGV[11], num(now), num(expires),
  idx_a, idx_b, ARGV[9], '', '', ARGV[18] or '', mode == 'AXG' and ARGV[19] or '' }
place_binding(id, r, info.pool, tonumber(ARGV[17]), alone)
if mode == 'AXG' then
  group_members(id, ARGV[20], ARGV[21])
end
local created = { 'consentReference', ARGV[15], 'consentGrantedAt', ARGV[16] }
if ARGV[22] and ARGV[22] ~= '' then
  created[5] = 'industrialId'
  created[6] = ARGV[22]
end
emit('BINDING_CREATED', 'created:' .. id, id, r, info.pool, now, created)
return { 'OK', x, r[9], r[10], ext }
