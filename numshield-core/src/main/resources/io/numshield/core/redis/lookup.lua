-- ARGV: 1 virtual number X (its digits), 2 platformId, 3 extension or ''
-- Read only (GET /v1/bindings?virtualNumber=, ADR 0025): the platform's active bindings on X, found
-- from the keys every lease keeps anyway, so leases pay nothing for this look-up: the pair alone on X
-- ('s:<block>:<k>'), X's route hash ('x:<X>': the parties' fields and '*', not 'L'), and for an AXE
-- number its extensions ('k:<X>:<j>'; only the asked one when an extension is given).
-- Reply: the whole ids of the bindings found, comma-joined ('' for none).
local x, platform, ext = ARGV[1], ARGV[2], ARGV[3]
local now = now_ms()
local mgmt, i = block_of(x)
local seen, found = {}, {}

local function consider(id)
  if not id or seen[id] then
    return
  end
  seen[id] = true
  local r = get_binding(id)
  if r and r[2] == platform and r[5] == x and is_active(r, now)
      and (ext == '' or (r[6] ~= '' and tonumber(r[6]) == tonumber(ext))) then
    found[#found + 1] = id
  end
end

if ext ~= '' then
  consider((extension_binding(x, ext)))
  return table.concat(found, ',')
end
consider(single_at(mgmt, i))
local route = redis.call('HGETALL', base .. 'x:' .. x)
for k = 1, #route, 2 do
  if route[k] ~= 'L' then
    consider(route[k + 1])
  end
end
if axe_load(mgmt, i) then
  local info = block_info(mgmt)
  for j = 0, math.floor(((info and info.max_ext or 1000) - 1) / 64) do
    for _, id in ipairs(redis.call('HVALS', ext_key(x, j * 64))) do
      consider(id)
    end
  end
end
return table.concat(found, ',')
