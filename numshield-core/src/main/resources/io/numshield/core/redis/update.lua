-- ARGV: 1 bindingId, 2 platformId, 3 eventId, 4 expiresAtMs or '', 5 new idxB or '',
-- 6 new parties ciphertext or '', 7 expiry bucket ms, the binding's own call controls, each '' for
-- unchanged: 8 maxDurationSeconds, 9 announcementId, 10 ringbackToneId; 11 recording '1' | '0' | ''
-- (unchanged)
local id, platform = ARGV[1], ARGV[2]
local new_expiry, new_b = ARGV[4], ARGV[5]
local now = now_ms()
-- a suspended or revoked platform extends and changes nothing (it may still release: release.lua)
local refused, entry = platform_refusal(platform)
if refused then
  return cjson.encode({ r = refused })
end
local r = get_binding(id)
if not r or r[2] ~= platform then
  return cjson.encode({ r = 'NOT_FOUND' })
end
if not is_active(r, now) then
  return cjson.encode({ r = 'NOT_ACTIVE' })
end
-- every check before any change: a refusal leaves nothing half done
local e = (new_expiry ~= '') and tonumber(new_expiry) or nil
if e and e <= now then
  return cjson.encode({ r = 'EXPIRY_IN_PAST' })
end
local changes = {}
if new_b ~= '' then
  -- an AXE binding with a party B follows the AXB rules on its extension (ADR 0022)
  local axe = r[4] == 'AXE' and r[12] ~= ''
  if r[4] ~= 'AXB' and not axe then
    return cjson.encode({ r = 'NOT_AXB' })
  end
  if new_b ~= r[12] then
    if blocked(new_b) then
      return cjson.encode({ r = 'PARTY_BLOCKED' })
    end
    if platform_blocked(platform, entry, new_b) then
      return cjson.encode({ r = 'PARTY_BLOCKED_BY_PLATFORM' })
    end
    if new_b == r[11] or (not axe and party_busy(r[5], new_b, now)) then
      return cjson.encode({ r = 'PARTY_BUSY_ON_NUMBER' })
    end
    -- a pair alone on X has no route entries: routing reads B from the record; nor has an AXE binding
    local mgmt, i = block_of(r[5])
    if not axe and single_at(mgmt, i) ~= id then
      local xkey = base .. 'x:' .. r[5]
      if redis.call('HGET', xkey, r[12]) == id then
        redis.call('HDEL', xkey, r[12])
      end
      redis.call('HSET', xkey, new_b, id)
    end
    r[12] = new_b
    r[13] = ARGV[6]
    changes[#changes + 1] = 'partyB'
  end
end
if e then
  if num(e) ~= r[10] then
    r[10] = num(e)
    schedule(id, e, tonumber(ARGV[7]))
    changes[#changes + 1] = 'expiresAt'
  end
end
-- call controls: each one given replaces the binding's own (record field 16, "max,announcement,ringback")
local given = { ARGV[8] or '', ARGV[9] or '', ARGV[10] or '' }
if given[1] ~= '' or given[2] ~= '' or given[3] ~= '' then
  local own = { '', '', '' }
  if r[16] and r[16] ~= '' then
    local k = 1
    for part in string.gmatch(r[16] .. ',', '([^,]*),') do
      own[k] = part
      k = k + 1
    end
  end
  for k = 1, 3 do
    if given[k] ~= '' then
      own[k] = given[k]
    end
  end
  local merged = table.concat(own, ',')
  if merged ~= (r[16] or '') then
    r[16] = merged
    changes[#changes + 1] = 'callControls'
  end
end
local recording = ARGV[11] or ''
if recording ~= '' and recording ~= r[8] then
  r[8] = recording
  changes[#changes + 1] = 'recording'
end
if #changes > 0 then
  put_binding(id, r)
  local info = block_info((block_of(r[5])))
  emit('BINDING_UPDATED', ARGV[3], id, r, info and info.pool or '', now, { 'changes', table.concat(changes, ',') })
end
return cjson.encode({ r = 'OK' })
