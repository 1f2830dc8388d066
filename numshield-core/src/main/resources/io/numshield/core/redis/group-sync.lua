-- AXG (ADR 0024): copies a group's members to one AXG binding on the binding's shard ('gm:<bindingId>',
-- lib.lua group_members), when that binding is still active and holds this group, and the copy is
-- newer than the one it has. No event: the change was recorded on the group's home shard (GROUP_*);
-- this copy is derived from it, as the blocklist's mirrors are.
-- ARGV: 1 bindingId, 2 groupId, 3 the group's version, 4 its members' blind indexes, comma-joined
-- Answer (JSON): { r = ACTIVE (the binding holds the group: copied, or as new already) | GONE (ended or
-- purged, or none of this group) }
local r = get_binding(ARGV[1])
if not r or r[4] ~= 'AXG' or string.sub(r[17], 2) ~= ARGV[2] or not is_active(r, now_ms()) then
  return cjson.encode({ r = 'GONE' })
end
group_members(ARGV[1], ARGV[3], ARGV[4])
return cjson.encode({ r = 'ACTIVE' })
