-- ARGV: 1 managementNumber
-- Removes a drained block from its shard (ADR 0026): refused while a binding holds one of its
-- numbers (its load set or its single-pair hashes have entries: an active binding, or one whose
-- expiry the sweeper has not recorded yet). Its settings, free map, load set, cool-downs,
-- quarantines and carrier flags go; tombstones of ended bindings stay until their purge. The
-- BLOCK_REMOVED event is binding-service's (its outbox, ADR 0016).
-- Reply: 'OK' | 'UNKNOWN' | 'BUSY'.
local mgmt = ARGV[1]
local info = block_info(mgmt)
if not info then
  return 'UNKNOWN'
end
if redis.call('ZCARD', base .. 'l:' .. mgmt) > 0 then
  return 'BUSY'
end
for part = 0, math.floor((info.size - 1) / 64) do
  if redis.call('EXISTS', single_key(mgmt, part * 64)) == 1 then
    return 'BUSY'
  end
end
redis.call('HDEL', base .. 'bp', mgmt)
redis.call('DEL', base .. 'f:' .. mgmt, base .. 'l:' .. mgmt, base .. 'c:' .. mgmt, base .. 'q:' .. mgmt,
  base .. 'fl:' .. mgmt)
redis.call('SREM', base .. 'dr', mgmt)
redis.call('ZREM', base .. 'cq', mgmt)
redis.call('ZREM', base .. 'qq', mgmt)
return 'OK'
