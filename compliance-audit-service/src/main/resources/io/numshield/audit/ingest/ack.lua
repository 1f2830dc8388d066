-- Acknowledges a round's entries of several streams in one command (StreamIngestor), where XACK
-- takes one stream each: KEYS are the streams (on Redis Cluster those of one shard, one hash slot),
-- ARGV[1] the consumer group, ARGV[1 + i] how many of the ids after them belong to KEYS[i], in
-- KEYS' order. Answers how many entries were acknowledged, as the XACKs together would.
local group = ARGV[1]
local at = #KEYS + 2
local acked = 0
for i, key in ipairs(KEYS) do
  local last = at + tonumber(ARGV[1 + i]) - 1
  -- in slices: unpack() of more than a few thousand values overflows Lua's C stack
  while at <= last do
    local upto = math.min(at + 999, last)
    acked = acked + redis.call('XACK', key, group, unpack(ARGV, at, upto))
    at = upto + 1
  end
end
return acked
