-- ARGV: 1 bindingId, 2 platformId ('' = any: revocation), 3 reason, 4 tombstone ms, 5 expiry bucket ms
-- Reply (ReleaseCall): { 'OK' | 'ALREADY' | 'NOT_FOUND' }
local id, platform = ARGV[1], ARGV[2]
local now = now_ms()
local r = get_binding(id)
if not r or (platform ~= '' and r[2] ~= platform) then
  return { 'NOT_FOUND' }
end
if r[1] ~= 'A' then
  return { 'ALREADY' }
end
if tonumber(r[10]) <= now then
  -- it had run out before anyone swept it: record it as what it was, an expiry
  finish(id, r, 'BINDING_EXPIRED', 'EXPIRED', tonumber(r[10]), now, 'expired:' .. id, tonumber(ARGV[4]), tonumber(ARGV[5]))
  return { 'ALREADY' }
end
finish(id, r, 'BINDING_RELEASED', ARGV[3], now, now, 'released:' .. id, tonumber(ARGV[4]), tonumber(ARGV[5]))
return { 'OK' }
