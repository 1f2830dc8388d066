-- ARGV: 1 managementNumber, 2 poolId, 3 size, 4 maxBindingsPerNumber, 5 cooldownMs, 6 extensionDigits,
-- 7 maxExtensionsPerNumber, 8 maxCallDurationSeconds or '', 9 announcementId or '', 10 ringbackToneId or ''
-- (8-10, the pool's call controls, are read by call-routing only, from its cache of 'bp')
-- Makes a block leasable on its shard. Bits past the block's size (a legacy block of one) are
-- marked taken so that BITPOS never offers them. Running it again refreshes the pool settings.
local mgmt, size = ARGV[1], tonumber(ARGV[3])
local fresh = redis.call('HEXISTS', base .. 'bp', mgmt) == 0
redis.call('HSET', base .. 'bp', mgmt, table.concat({ ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6] or '4',
  ARGV[7] or '1000', ARGV[8] or '', ARGV[9] or '', ARGV[10] or '' }, '|'))
if fresh and redis.call('EXISTS', base .. 'f:' .. mgmt) == 0 then
  local bits = math.ceil(size / 8) * 8
  redis.call('SETBIT', base .. 'f:' .. mgmt, bits - 1, 0)
  for i = size, bits - 1 do
    redis.call('SETBIT', base .. 'f:' .. mgmt, i, 1)
  end
end
return fresh and 'NEW' or 'KNOWN'
