-- ARGV: 1 consumer group of the audit service
-- How many events of this shard the audit trail has not yet acknowledged: the group's lag (not yet
-- delivered) plus its pending entries (delivered, not acknowledged); without the group, every entry.
local key = base .. 'ev'
if redis.call('EXISTS', key) == 0 then
  return cjson.encode({ backlog = 0 })
end
local len = redis.call('XLEN', key)
local groups = redis.pcall('XINFO', 'GROUPS', key)
if type(groups) ~= 'table' or groups.err then
  return cjson.encode({ backlog = len })
end
for _, g in ipairs(groups) do
  local f = {}
  for i = 1, #g, 2 do
    f[g[i]] = g[i + 1]
  end
  if f['name'] == ARGV[1] then
    if type(f['lag']) ~= 'number' then
      return cjson.encode({ backlog = len })
    end
    return cjson.encode({ backlog = f['lag'] + f['pending'] })
  end
end
return cjson.encode({ backlog = len })
