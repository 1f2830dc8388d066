-- ARGV: 1 managementNumber, 2 first index, 3 at most this many numbers, 4 state or '' (any),
-- 5 at most this many indexes looked at
-- A block's numbers with their state (ADR 0026), read only, from the first index on:
-- QUARANTINED (until, reason), LEASED (bindings: AXB pairs, 1 for AXN, extensions for AXE),
-- COOLING_DOWN (until), FREE. A quarantine or cool-down whose time has passed but that the sweeper
-- has not ended yet shows what it leaves behind.
-- Reply: a string, lines joined by '\n': 'next|size|pool|draining' (next: the index to go on
-- from, '' at the end; draining 0|1), then one 'index|state|until|reason|bindings' per number;
-- or 'UNKNOWN'.
local mgmt = ARGV[1]
local info = block_info(mgmt)
if not info then
  return 'UNKNOWN'
end
local now = now_ms()
local i, limit, wanted, budget = tonumber(ARGV[2]), tonumber(ARGV[3]), ARGV[4], tonumber(ARGV[5])
local ckey = base .. 'c:' .. mgmt
local out = {}
local looked = 0
while i < info.size and #out < limit and looked < budget do
  local bindings = bindings_on(mgmt, i)
  local state, till, reason = 'FREE', '', ''
  local q = quarantine_of(mgmt, i)
  if q and (q['until'] == '' or tonumber(q['until']) > now) then
    state, till, reason = 'QUARANTINED', q['until'], q.reason
  elseif bindings > 0 then
    state = 'LEASED'
  else
    local ends = redis.call('ZSCORE', ckey, i)
    if ends and tonumber(ends) > now then
      state, till = 'COOLING_DOWN', ends
    end
  end
  if wanted == '' or wanted == state then
    out[#out + 1] = table.concat({ num(i), state, till, reason, num(bindings) }, '|')
  end
  i = i + 1
  looked = looked + 1
end
local next = i < info.size and num(i) or ''
table.insert(out, 1, table.concat({ next, num(info.size), info.pool, draining(mgmt) and '1' or '0' }, '|'))
return table.concat(out, '\n')
