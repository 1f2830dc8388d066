-- Puts back one live binding, as the ledger knows it, after Redis lost its data: the record, the
-- route entries of X, the number's load, the expiry entry, the counters and the order index, as
-- lease.lua would have left them. Writes no event: the ledger has the lease already.
-- ARGV: 1 bindingId, 2 platformId, 3 orderId, 4 mode, 5 x, 6 direction, 7 recording (0|1),
-- 8 createdAt ms, 9 expiresAt ms, 10 idxA, 11 idxB or '', 12 parties ciphertext, 13 extension (AXE) or '',
-- 14 the binding's own call controls or '', 15 AXG: the group reference ('1' or '0': whether A calls the last
-- member back; then the groupId) or '', 16 AXG: the group's version, 17 AXG: its members' blind indexes,
-- comma-joined (the copy on this shard, 'gm:<bindingId>', as lease.lua writes it; ADR 0024)
-- The expiry bucket width is binding-service's, as its sweeper recorded it in 'cfg' (sweep.lua): none
-- yet (Redis lost it, binding-service is not running) answers BUCKET_UNKNOWN, like BLOCK_UNKNOWN.
local id, platform, order, mode, x = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]
local idx_a, idx_b = ARGV[10], ARGV[11]
local now = now_ms()
if get_binding(id) then
  return cjson.encode({ r = 'EXISTS' })
end
local expires = tonumber(ARGV[9])
if expires <= now then
  return cjson.encode({ r = 'EXPIRED' })
end
local mgmt, i = block_of(x)
local info = block_info(mgmt)
if not info then
  return cjson.encode({ r = 'BLOCK_UNKNOWN' })
end
local bucket_ms = tonumber(redis.call('HGET', base .. 'cfg', 'expiry-bucket'))
if not bucket_ms then
  return cjson.encode({ r = 'BUCKET_UNKNOWN' })
end
-- a lease made since the loss may hold the place already: report it rather than double-book
local ext = ARGV[13] or ''
if mode == 'AXE' then
  local load = axe_load(mgmt, i)
  local bit = (tonumber(ext) or 0) - 1
  if (not load and redis.call('GETBIT', base .. 'f:' .. mgmt, i) == 1) or (load and load >= info.max_ext)
      or bit < 0 or bit >= info.max_ext or redis.call('GETBIT', base .. 'fe:' .. x, bit) == 1 then
    return cjson.encode({ r = 'CONFLICT' })
  end
  redis.call('SETBIT', base .. 'fe:' .. x, bit, 1)
elseif mode == 'AXN' or mode == 'AXG' then
  -- AXG: X comes back as A's, with its group's reference and members (the caller restored the group
  -- at its home, group.lua RESTORE)
  if redis.call('GETBIT', base .. 'f:' .. mgmt, i) == 1 then
    return cjson.encode({ r = 'CONFLICT' })
  end
else
  if pairs_on(mgmt, i) >= info.max or party_busy(x, idx_a, now) or party_busy(x, idx_b, now) then
    return cjson.encode({ r = 'CONFLICT' })
  end
end
local alone = take_number(mgmt, i, mode, info.pool, id)
place_binding(id, { 'A', platform, order, mode, x, ext, ARGV[6], ARGV[7], ARGV[8], ARGV[9], idx_a, idx_b, ARGV[12], '', '',
  ARGV[14] or '', mode == 'AXG' and (ARGV[15] or '') or '' },
  info.pool, bucket_ms, alone)
if mode == 'AXG' and (ARGV[15] or '') ~= '' then
  group_members(id, ARGV[16], ARGV[17] or '')
end
-- counted in 'pa:<poolId>:<platformId>' now: its end must take it off again (ADR 0025)
if tonumber(redis.call('HGET', base .. 'cfg', 'pa-since')) > tonumber(ARGV[8]) then
  redis.call('HSET', base .. 'cfg', 'pa-since', ARGV[8])
end
return cjson.encode({ r = 'OK' })
