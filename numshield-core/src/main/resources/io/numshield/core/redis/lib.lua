-- NumShield lease library: prepended to every lease script. KEYS[1] is the shard's key base,
-- "<prefix>{NN}:", so every key below carries the shard's hash tag. Layout: docs/architecture.md.
local base = KEYS[1]
local AXN_HELD = 1000000000
-- an AXE number's load-set score: AXE_HELD + its extensions in use (ADR 0022)
local AXE_HELD = 2000000000

local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end

local function num(n)
  return string.format('%d', n)
end

local function split(s)
  local r, i = {}, 1
  for f in string.gmatch(s .. '|', '([^|]*)|') do
    r[i] = f
    i = i + 1
  end
  return r
end

-- binding record, as the scripts use it (a table of 16 strings):
-- status|platform|order|mode|x|extension|direction|recording|createdAt|expiresAt|idxA|idxB|parties|releasedAt|reason|controls
-- (the pool is not stored per binding: it is the block's, in 'bp'). extension: an AXE binding's
-- (ADR 0022), else ''; controls: the binding's own call controls 'maxDurationSeconds,announcementId,
-- ringbackToneId' when it was given any, else ''.
-- Stored compact (ADR 0003, format 2): 14 fields, the status in lower case (a|r|e: what tells the
-- format), mode and direction as one letter (AXE: 'E' and the extension), times in base 36 ms; a
-- 15th field only for controls. Records of format 1 (15 fields, status in upper case) are still
-- read, and rewritten compact when they change.
-- AXG (ADR 0024): mode 'G' followed by the group reference, field 17 of the table: '1' or '0' (whether A
-- may call the last member who called) and the groupId.
local MODES, MODE_CODES = { B = 'AXB', N = 'AXN', E = 'AXE', G = 'AXG' }, { AXB = 'B', AXN = 'N', AXE = 'E', AXG = 'G' }
local DIRECTIONS, DIRECTION_CODES = { B = 'BOTH', A = 'A_TO_B', R = 'B_TO_A' }, { BOTH = 'B', A_TO_B = 'A', B_TO_A = 'R' }
local DIGITS36 = '0123456789abcdefghijklmnopqrstuvwxyz'

local function to36(ms)
  if ms == '' then
    return ''
  end
  local n, out = tonumber(ms), ''
  repeat
    local d = n % 36
    out = string.sub(DIGITS36, d + 1, d + 1) .. out
    n = (n - d) / 36
  until n == 0
  return out
end

local function from36(s)
  if s == '' then
    return ''
  end
  return num(tonumber(s, 36))
end

-- A binding id is its shard's tag (2 digits) and 14 characters: on the shard's own hashes ('b', and
-- the ids of 'o') the tag says nothing, and without it the id fits a 16-byte allocation instead of
-- 32 (ADR 0003). Records stored under the whole id (before format 2) are still found, and moved by
-- their next change. Ids of another length (tests) are kept whole.
local function field(id)
  if #id == 16 then
    return string.sub(id, 3)
  end
  return id
end

local function get_binding(id)
  local short = field(id)
  local found = redis.call('HMGET', base .. 'b', short, id)
  local s = found[1] or found[2]
  if not s then
    return nil
  end
  local f = split(s)
  if short ~= id and not found[1] then
    -- stored under the whole id: put_binding moves it
    f.whole = true
  end
  if #f == 15 and string.upper(f[1]) == f[1] then
    f[16] = ''
    return f
  end
  local mode, ext, group = f[4], '', ''
  if string.sub(mode, 1, 1) == 'E' then
    mode, ext = 'E', string.sub(mode, 2)
  elseif string.sub(mode, 1, 1) == 'G' then
    mode, group = 'G', string.sub(mode, 2)
  end
  return { string.upper(f[1]), f[2], f[3], MODES[mode] or mode, f[5], ext, DIRECTIONS[f[6]] or f[6], f[7],
    from36(f[8]), from36(f[9]), f[10], f[11], f[12], from36(f[13]), f[14], f[15] or '', group, whole = f.whole }
end

local function put_binding(id, r)
  if r.whole then
    redis.call('HDEL', base .. 'b', id)
    r.whole = nil
  end
  local f = { string.lower(r[1]), r[2], r[3], (MODE_CODES[r[4]] or r[4]) .. (r[6] or '') .. (r[17] or ''), r[5],
    DIRECTION_CODES[r[7]] or r[7], r[8], to36(r[9]), to36(r[10]), r[11], r[12], r[13], to36(r[14]), r[15] }
  if r[16] and r[16] ~= '' then
    f[15] = r[16]
  end
  redis.call('HSET', base .. 'b', field(id), table.concat(f, '|'))
end

local function is_active(r, now)
  return r[1] == 'A' and tonumber(r[10]) > now
end

local function block_of(x)
  if #x == 15 then
    return string.sub(x, 1, 11), tonumber(string.sub(x, 12))
  end
  return x, 0
end

local function number_at(mgmt, i)
  if string.sub(mgmt, 1, 3) == '700' then
    return mgmt .. string.format('%04d', i)
  end
  return mgmt
end

-- block info: pool|size|maxBindingsPerNumber|cooldownMs|extensionDigits|maxExtensionsPerNumber|(the
-- pool's call controls, read by call-routing only); blocks registered before AXE: 4 digits, 1000
local function block_info(mgmt)
  local s = redis.call('HGET', base .. 'bp', mgmt)
  if not s then
    return nil
  end
  local f = split(s)
  return { pool = f[1], size = tonumber(f[2]), max = tonumber(f[3]), cooldown = tonumber(f[4]),
    ext_digits = tonumber(f[5]) or 4, max_ext = tonumber(f[6]) or 1000 }
end

-- AXE (ADR 0022): an extension n (1..maxExtensionsPerNumber) of X is bit n-1 of 'fe:<X>' (taken) and
-- field n-1 of 'k:<X>:<(n-1) div 64>' (-> bindingId, kept after the end until the purge, for the
-- BINDING_EXPIRED answer); 64 fields a hash keep it a listpack.
local function ext_key(x, bit)
  return base .. 'k:' .. x .. ':' .. num(math.floor(bit / 64))
end

-- the binding on extension ext (digits) of X, as (id, record), or nil
local function extension_binding(x, ext)
  local bit = tonumber(ext) - 1
  if bit < 0 then
    return nil
  end
  local id = redis.call('HGET', ext_key(x, bit), bit)
  local r = id and get_binding(id)
  if r and r[5] == x and r[6] ~= '' and tonumber(r[6]) - 1 == bit then
    return id, r
  end
  return nil
end

-- AXE numbers carry AXE bindings only; answers the number's extensions in use, or nil when it is no AXE number
local function axe_load(mgmt, i)
  local c = redis.call('ZSCORE', base .. 'l:' .. mgmt, i)
  if c and tonumber(c) >= AXE_HELD then
    return tonumber(c) - AXE_HELD
  end
  return nil
end

local function schedule(entry, at, bucket_ms)
  local bucket = num(math.floor(at / bucket_ms))
  redis.call('RPUSH', base .. 'e:' .. bucket, entry)
  redis.call('ZADD', base .. 'eq', bucket, bucket)
end

-- A number that holds exactly one AXB pair keeps it in 's' instead of a route hash 'x:<X>' and a
-- load-set entry 'l:<block>' (ADR 0003): hash 's:<block>:<i div 64>', field i -> bindingId. Up to
-- 64 small fields stay a listpack, so such a number costs about 20 bytes instead of a key of its own
-- and a sorted-set entry. The parties are the record's (idxA, idxB). A second pair moves the first
-- to 'x:<X>' and 'l:<block>' (take_number); an ended single pair leaves its route entries in
-- 'x:<X>' like any other (give_back), so that its parties hear BINDING_EXPIRED until it is purged.
local function single_key(mgmt, i)
  return base .. 's:' .. mgmt .. ':' .. num(math.floor(i / 64))
end

-- the binding that is alone on number i of the block, or nil
local function single_at(mgmt, i)
  return redis.call('HGET', single_key(mgmt, i), i)
end

-- the binding alone on X in which idx is a party, as (id, record), or nil; it may have run out
-- without being swept yet (the caller checks is_active)
local function single_party(x, idx)
  local mgmt, i = block_of(x)
  local sid = single_at(mgmt, i)
  if not sid then
    return nil
  end
  local r = get_binding(sid)
  if r and (r[11] == idx or (r[12] ~= '' and r[12] == idx)) then
    return sid, r
  end
  return nil
end

-- AXB pairs on number i of the block: its load-set score, else 1 when a single pair holds it
local function pairs_on(mgmt, i)
  local c = redis.call('ZSCORE', base .. 'l:' .. mgmt, i)
  if c then
    return tonumber(c)
  end
  return single_at(mgmt, i) and 1 or 0
end

local function party_busy(x, idx, now)
  if idx == '' then
    return false
  end
  local sid, single = single_party(x, idx)
  if sid and is_active(single, now) then
    return true
  end
  local bid = redis.call('HGET', base .. 'x:' .. x, idx)
  if not bid then
    return false
  end
  local r = get_binding(bid)
  return r ~= nil and is_active(r, now)
end

-- The one platform-status rule, read from the shard's mirror 'p' (binding-service copies every
-- platform's status there before a change is answered): only an ACTIVE platform may lease, change
-- a binding or be routed to. Answers nil when it may, else why not: 'PLATFORM_UNKNOWN' (the shard
-- holds no status: the caller mirrors it and asks again) or 'PLATFORM_SUSPENDED' (suspended or
-- revoked). lease.lua, update.lua and route.lua ask here; release.lua does not (ending a binding
-- is always allowed).
-- The mirror's value is the status alone, or status|kinds|batchSize|batchWindowMs when the platform
-- chose its callbacks (PlatformCallbacks, wants_callback below). The second answer is that value,
-- so a caller that also asks wants_callback reads 'p' once.
local function platform_refusal(platform)
  local entry = redis.call('HGET', base .. 'p', platform)
  if not entry then
    return 'PLATFORM_UNKNOWN'
  end
  local status, cut = entry, string.find(entry, '|', 1, true)
  if cut then
    status = string.sub(entry, 1, cut - 1)
  end
  if status == 'ACTIVE' then
    return nil, entry
  end
  return 'PLATFORM_SUSPENDED', entry
end

-- the platform's mirror value (for wants_callback and the batch settings), nil when not mirrored
local function platform_entry(platform)
  return redis.call('HGET', base .. 'p', platform)
end

-- Whether the platform (its mirror value) wants callbacks of this kind: a kind of CallbackKind, or a
-- call event's 'event', compared by name. The status alone: every kind; not mirrored: every kind too
-- (as before the switches; call-routing drops what has no callback target).
local function wants_callback(entry, kind)
  if not entry then
    return true
  end
  local cut = string.find(entry, '|', 1, true)
  if not cut then
    return true
  end
  local stop = string.find(entry, '|', cut + 1, true)
  local kinds = string.sub(entry, cut + 1, stop and stop - 1 or -1)
  return string.find(',' .. kinds .. ',', ',' .. kind .. ',', 1, true) ~= nil
end

-- Queues a callback to the platform, due now, on this shard: 'cbd' eventId ->
-- attempts|firstQueuedAt|platformId|payload (JSON), 'cbq' eventId -> when due. Payload times are
-- ISO-8601 strings (cjson would round milliseconds since the epoch).
local function queue_callback(platform, event_id, payload, now)
  redis.call('HSET', base .. 'cbd', event_id, '0|' .. num(now) .. '|' .. platform .. '|' .. cjson.encode(payload))
  redis.call('ZADD', base .. 'cbq', now, event_id)
end

-- milliseconds since the epoch as ISO-8601 UTC with milliseconds (days to civil date: H. Hinnant)
local function iso(ms)
  local s = math.floor(ms / 1000)
  local days = math.floor(s / 86400)
  local secs = s - days * 86400
  local z = days + 719468
  local era = math.floor(z / 146097)
  local doe = z - era * 146097
  local yoe = math.floor((doe - math.floor(doe / 1460) + math.floor(doe / 36524) - math.floor(doe / 146096)) / 365)
  local doy = doe - (365 * yoe + math.floor(yoe / 4) - math.floor(yoe / 100))
  local mp = math.floor((5 * doy + 2) / 153)
  local d = doy - math.floor((153 * mp + 2) / 5) + 1
  local m = mp < 10 and mp + 3 or mp - 9
  local y = yoe + era * 400 + (m <= 2 and 1 or 0)
  return string.format('%04d-%02d-%02dT%02d:%02d:%02d.%03dZ', y, m, d, math.floor(secs / 3600),
    math.floor(secs % 3600 / 60), secs % 60, ms % 1000)
end

-- A connected call's summary for its HANGUP callback, on the called number's shard:
-- 'cs:<callId>' = startedAt|ringingAt|answeredAt (ms, '' when not known), kept CALL_SUMMARY_MS,
-- started by route.lua's CONNECT, completed by call-event.lua, deleted at HANGUP.
local CALL_SUMMARY_MS = 7200000

local function blocked(idx)
  return idx ~= '' and redis.call('SISMEMBER', base .. 'bl', idx) == 1
end

-- A platform's own blocklist (ADR 0025): 'pbl:<platformId>', the blind indexes of numbers the
-- platform keeps out of its own bindings. Read only when the platform's mirror value (platform_refusal's
-- second answer) ends in the flag '|B', so a lease or route of a platform without a list makes no
-- further call.
local function platform_blocked(platform, entry, idx)
  return idx ~= '' and entry ~= nil and string.sub(entry, -2) == '|B'
    and redis.call('SISMEMBER', base .. 'pbl:' .. platform, idx) == 1
end

-- order index: one hash per platform and shard, orderId -> comma-joined active bindingIds
local function order_add(platform, order, id)
  local key = base .. 'o:' .. platform
  local ids = redis.call('HGET', key, order)
  redis.call('HSET', key, order, ids and (ids .. ',' .. field(id)) or field(id))
end

local function order_remove(platform, order, id)
  local key = base .. 'o:' .. platform
  local ids = redis.call('HGET', key, order)
  if not ids then
    return
  end
  local kept = {}
  for each in string.gmatch(ids, '([^,]+)') do
    if each ~= id and each ~= field(id) then
      kept[#kept + 1] = each
    end
  end
  if #kept == 0 then
    redis.call('HDEL', key, order)
  else
    redis.call('HSET', key, order, table.concat(kept, ','))
  end
end

-- appends a lease event; the caller passes the block's pool (it has read the block already)
local function emit(typ, event_id, id, r, pool, now, extra)
  local f = { 'v', '1', 'eventId', event_id, 'type', typ, 'occurredAt', num(now), 'bindingId', id,
    'platformId', r[2], 'orderId', r[3], 'mode', r[4], 'virtualNumber', r[5], 'poolId', pool,
    'direction', r[7], 'recording', r[8], 'createdAt', r[9], 'expiresAt', r[10],
    'partyAIndex', r[11], 'partyBIndex', r[12], 'parties', r[13] }
  if r[6] ~= '' then
    f[#f + 1] = 'extension'
    f[#f + 1] = r[6]
  end
  if r[16] and r[16] ~= '' then
    f[#f + 1] = 'callControls'
    f[#f + 1] = r[16]
  end
  if r[17] and r[17] ~= '' then
    f[#f + 1] = 'groupId'
    f[#f + 1] = string.sub(r[17], 2)
    f[#f + 1] = 'aCallsLastMember'
    f[#f + 1] = string.sub(r[17], 1, 1) == '1' and 'true' or 'false'
  end
  if extra then
    for k = 1, #extra do
      f[#f + 1] = extra[k]
    end
  end
  return redis.call('XADD', base .. 'ev', '*', unpack(f))
end

-- route entries of a binding in its number's route hash: A, and B when there is one
local function route_entries(id, r)
  local xkey = base .. 'x:' .. r[5]
  redis.call('HSET', xkey, r[11], id)
  if r[12] ~= '' then
    redis.call('HSET', xkey, r[12], id)
  end
end

-- a number of a block becomes taken by one more binding (id); answers true when that binding is
-- alone on it (an AXB pair in 's', with no route entries of its own)
local function take_number(mgmt, i, mode, pool, id)
  local lkey = base .. 'l:' .. mgmt
  if mode == 'AXG' then
    -- an AXG number is its holder's alone, as an AXN number (ADR 0024)
    mode = 'AXN'
  end
  if mode == 'AXE' then
    -- the caller took an extension of X already (take_extension); routes go by extension
    if not redis.call('ZSCORE', lkey, i) then
      redis.call('SETBIT', base .. 'f:' .. mgmt, i, 1)
      redis.call('HINCRBY', base .. 'n', 'pn:' .. pool, 1)
      redis.call('ZADD', lkey, AXE_HELD, i)
    end
    redis.call('ZINCRBY', lkey, 1, i)
    return true
  end
  if mode == 'AXN' then
    redis.call('SETBIT', base .. 'f:' .. mgmt, i, 1)
    redis.call('ZADD', lkey, AXN_HELD, i)
    redis.call('HINCRBY', base .. 'n', 'pn:' .. pool, 1)
    return false
  end
  if redis.call('ZSCORE', lkey, i) then
    redis.call('ZINCRBY', lkey, 1, i)
    return false
  end
  local skey = single_key(mgmt, i)
  local other = redis.call('HGET', skey, i)
  if other then
    -- a second pair: the first takes the shared form (route entries and a load-set entry)
    local r = get_binding(other)
    if r then
      route_entries(other, r)
    end
    redis.call('HDEL', skey, i)
    redis.call('ZADD', lkey, 2, i)
    return false
  end
  redis.call('SETBIT', base .. 'f:' .. mgmt, i, 1)
  redis.call('HINCRBY', base .. 'n', 'pn:' .. pool, 1)
  redis.call('HSET', skey, i, id)
  return true
end

-- a binding takes its place on its shard: the record, who may call X (A, B, and '*' for an AXN
-- holder; none when it is alone on X: take_number's answer), its expiry entry, the counters and the
-- order index (lease.lua, restore.lua)
local function place_binding(id, r, pool, bucket_ms, alone)
  put_binding(id, r)
  if not alone then
    route_entries(id, r)
  end
  if r[4] == 'AXE' then
    local bit = tonumber(r[6]) - 1
    redis.call('HSET', ext_key(r[5], bit), bit, id)
  end
  if r[4] == 'AXN' or r[4] == 'AXG' then
    -- anyone calling X reaches its holder: routing finds the binding without knowing the caller
    -- (AXG: route.lua then asks whether the caller is a member of the binding's group)
    redis.call('HSET', base .. 'x:' .. r[5], '*', id)
  end
  schedule(id, tonumber(r[10]), bucket_ms)
  redis.call('HINCRBY', base .. 'n', 'a:' .. r[2], 1)
  redis.call('HINCRBY', base .. 'n', 'pb:' .. pool, 1)
  -- the platform's active bindings in the pool (GET /v1/inventory, ADR 0025); 'cfg' 'pa-since' is the
  -- createdAt of the first binding counted on this shard (set when a counter leaves 0, so most leases
  -- pay one HINCRBY): finish takes off only bindings created since
  if redis.call('HINCRBY', base .. 'n', 'pa:' .. pool .. ':' .. r[2], 1) == 1 then
    redis.call('HSETNX', base .. 'cfg', 'pa-since', r[9])
  end
  order_add(r[2], r[3], id)
end

-- Number lifecycle (ADR 0026). A quarantined number keeps its bit in 'f:<block>' set, so that no
-- free-number search offers it: hash 'q:<block>' index -> until|reason (until: ms, '' = until
-- lifted); 'qq' block -> the earliest until of its block (the sweeper's list). A draining block
-- ('dr', a set of management numbers, mirrored from PostgreSQL) leases nothing new.
local function quarantine_of(mgmt, i)
  local q = redis.call('HGET', base .. 'q:' .. mgmt, i)
  if not q then
    return nil
  end
  local cut = string.find(q, '|', 1, true)
  return { ['until'] = string.sub(q, 1, cut - 1), reason = string.sub(q, cut + 1) }
end

local function draining(mgmt)
  return redis.call('SISMEMBER', base .. 'dr', mgmt) == 1
end

-- a number's bit in 'f:<block>' goes back to 0 (free) unless the number is quarantined
local function free_bit(mgmt, i)
  if redis.call('HEXISTS', base .. 'q:' .. mgmt, i) == 0 then
    redis.call('SETBIT', base .. 'f:' .. mgmt, tonumber(i), 0)
  end
end

-- the bindings on number i: AXB pairs, 1 for an AXN holder, an AXE number's extensions in use
local function bindings_on(mgmt, i)
  local load = redis.call('ZSCORE', base .. 'l:' .. mgmt, i)
  if load then
    load = tonumber(load)
    return load >= AXE_HELD and load - AXE_HELD or (load >= AXN_HELD and 1 or load)
  end
  return single_at(mgmt, i) and 1 or 0
end

-- an event about a number rather than a binding (NUMBER_*), on the lease stream
local function number_event(typ, event_id, x, pool, now, extra)
  local f = { 'v', '1', 'eventId', event_id, 'type', typ, 'occurredAt', num(now), 'virtualNumber', x,
    'poolId', pool }
  for k = 1, #extra do
    f[#f + 1] = extra[k]
  end
  return redis.call('XADD', base .. 'ev', '*', unpack(f))
end

-- ends number i's quarantine with NUMBER_QUARANTINE_LIFTED: its bit is freed when nothing else
-- holds it (no binding, no cool-down)
local function lift_quarantine(mgmt, i, pool, now, event_id, reason, by)
  local q = quarantine_of(mgmt, i)
  if not q then
    return false
  end
  redis.call('HDEL', base .. 'q:' .. mgmt, i)
  if not redis.call('ZSCORE', base .. 'l:' .. mgmt, i) and not redis.call('HGET', single_key(mgmt, i), i)
      and not redis.call('ZSCORE', base .. 'c:' .. mgmt, i) then
    redis.call('SETBIT', base .. 'f:' .. mgmt, i, 0)
  end
  number_event('NUMBER_QUARANTINE_LIFTED', event_id, number_at(mgmt, i), pool, now,
    { 'managementNumber', mgmt, 'reason', reason, 'quarantineReason', q.reason, 'until', q['until'], 'by', by })
  return true
end

-- whether number i is held by a quarantine now; one whose until has passed is lifted here (the
-- sweeper would lift it within a sweep interval)
local function quarantine_holds(mgmt, i, pool, now)
  local q = quarantine_of(mgmt, i)
  if not q then
    return false
  end
  if q['until'] ~= '' and tonumber(q['until']) <= now then
    lift_quarantine(mgmt, i, pool, now, 'quarantine-ended:' .. number_at(mgmt, i) .. ':' .. q['until'],
      'UNTIL_PASSED', '')
    return false
  end
  return true
end

-- AXN numbers of a block whose cool-down is over become free again (at most limit of them);
-- answers how many. The sweeper calls it for the blocks of 'cq' that are due, and a lease for its
-- block only when no number is free, so a lease does not pay for it otherwise.
local function cool_down_over(mgmt, now, limit)
  local ckey = base .. 'c:' .. mgmt
  local due = redis.call('ZRANGEBYSCORE', ckey, '-inf', now, 'LIMIT', 0, limit)
  for _, i in ipairs(due) do
    redis.call('ZREM', ckey, i)
    if not redis.call('ZSCORE', base .. 'l:' .. mgmt, i) then
      free_bit(mgmt, i)
    end
  end
  return #due
end

-- a binding (id, record r) gives its number back; AXN numbers cool down before they can be leased again
local function give_back(id, r, mgmt, i, mode, pool, now, cooldown)
  local lkey = base .. 'l:' .. mgmt
  if mode == 'AXG' then
    mode = 'AXN'
  end
  local skey = single_key(mgmt, i)
  if mode == 'AXE' then
    -- the extension is free at once; its route field stays until the purge (BINDING_EXPIRED)
    redis.call('SETBIT', base .. 'fe:' .. r[5], tonumber(r[6]) - 1, 0)
    local c = tonumber(redis.call('ZINCRBY', lkey, -1, i))
    if c <= AXE_HELD then
      redis.call('ZREM', lkey, i)
      redis.call('DEL', base .. 'fe:' .. r[5])
      free_bit(mgmt, i)
      redis.call('HINCRBY', base .. 'n', 'pn:' .. pool, -1)
    end
    return
  end
  if mode ~= 'AXN' and redis.call('HGET', skey, i) == id then
    -- it was alone on X: X is free, and its parties' entries stay until the purge (BINDING_EXPIRED)
    redis.call('HDEL', skey, i)
    route_entries(id, r)
    free_bit(mgmt, i)
    redis.call('HINCRBY', base .. 'n', 'pn:' .. pool, -1)
  elseif mode == 'AXN' then
    redis.call('ZREM', lkey, i)
    redis.call('HINCRBY', base .. 'n', 'pn:' .. pool, -1)
    if cooldown > 0 then
      redis.call('ZADD', base .. 'c:' .. mgmt, now + cooldown, i)
      -- the shard's cool-down queue: block -> when its earliest cool-down ends (the sweeper's list)
      redis.call('ZADD', base .. 'cq', 'LT', now + cooldown, mgmt)
    else
      free_bit(mgmt, i)
    end
  else
    local c = tonumber(redis.call('ZINCRBY', lkey, -1, i))
    if c <= 0 then
      redis.call('ZREM', lkey, i)
      free_bit(mgmt, i)
      redis.call('HINCRBY', base .. 'n', 'pn:' .. pool, -1)
    end
  end
end

-- ends an active binding: RELEASED (deleted, revoked) or EXPIRED, in one step with its event
local function finish(id, r, typ, reason, ended_at, now, event_id, tombstone_ms, bucket_ms)
  r[1] = (typ == 'BINDING_EXPIRED') and 'E' or 'R'
  r[14] = num(ended_at)
  r[15] = reason
  put_binding(id, r)
  local mgmt, i = block_of(r[5])
  local info = block_info(mgmt)
  local pool = info and info.pool or ''
  give_back(id, r, mgmt, i, r[4], pool, now, info and info.cooldown or 0)
  redis.call('HINCRBY', base .. 'n', 'a:' .. r[2], -1)
  redis.call('HINCRBY', base .. 'n', 'pb:' .. pool, -1)
  local since = redis.call('HGET', base .. 'cfg', 'pa-since')
  if since and tonumber(r[9]) >= tonumber(since) then
    redis.call('HINCRBY', base .. 'n', 'pa:' .. pool .. ':' .. r[2], -1)
  end
  order_remove(r[2], r[3], id)
  schedule('P' .. id, ended_at + tombstone_ms, bucket_ms)
  if typ == 'BINDING_EXPIRED' and wants_callback(platform_entry(r[2]), 'BINDING_EXPIRED') then
    -- the platform's callback, in the step that records the expiry (sweep.lua, release.lua)
    local cb = 'evt_' .. string.sub(redis.sha1hex(event_id), 1, 32)
    queue_callback(r[2], cb, { eventId = cb, type = 'BINDING_EXPIRED',
      occurredAt = iso(now), bindingId = id, orderId = r[3], mode = r[4], virtualNumber = r[5],
      expiresAt = iso(tonumber(r[10])) }, now)
  end
  return emit(typ, event_id, id, r, pool, now, { 'releasedAt', num(ended_at), 'reason', reason })
end

-- takes a free extension of AXE number x (pool's maxExtensionsPerNumber, digits wide), searching
-- from a random byte; answers its digits, or nil when x has none free
local function take_extension(x, info, start)
  local fe = base .. 'fe:' .. x
  local bytes = math.ceil(info.max_ext / 8)
  local pos = redis.call('BITPOS', fe, 0, start % bytes)
  if pos < 0 or pos >= info.max_ext then
    pos = redis.call('BITPOS', fe, 0)
  end
  if pos < 0 or pos >= info.max_ext then
    return nil
  end
  redis.call('SETBIT', fe, pos, 1)
  return string.format('%0' .. num(info.ext_digits) .. 'd', pos + 1)
end

-- forgets a finished binding once its tombstone time is over
local function purge(id)
  local r = get_binding(id)
  if not r or r[1] == 'A' then
    return
  end
  local xkey = base .. 'x:' .. r[5]
  for _, idx in ipairs({ r[11], r[12], '*' }) do
    if idx ~= '' and redis.call('HGET', xkey, idx) == id then
      redis.call('HDEL', xkey, idx)
    end
  end
  local last = redis.call('HGET', xkey, 'L')
  if last and string.sub(last, 1, #id + 1) == id .. '|' then
    redis.call('HDEL', xkey, 'L')
  end
  if r[6] ~= '' then
    local bit = tonumber(r[6]) - 1
    if redis.call('HGET', ext_key(r[5], bit), bit) == id then
      redis.call('HDEL', ext_key(r[5], bit), bit)
    end
    local kl = base .. 'kl:' .. r[5]
    last = redis.call('HGET', kl, bit)
    if last and string.sub(last, 1, #id + 1) == id .. '|' then
      redis.call('HDEL', kl, bit)
    end
  end
  redis.call('DEL', base .. 'gm:' .. id)
  redis.call('HDEL', base .. 'b', field(id), id)
end

-- AXG (ADR 0024): the members of an AXG binding's group, on the binding's own shard, so that
-- route.lua decides from one shard: 'gm:<bindingId>' member blind index -> '1', '~v' -> the group's
-- version they are copied from. Replaced whole, and only by a newer version (group-sync.lua), so that
-- two copies of one group that cross on their way cannot leave the older one.
local function group_members(id, version, indexes)
  local key = base .. 'gm:' .. id
  local had = tonumber(redis.call('HGET', key, '~v') or '-1')
  if had >= tonumber(version) then
    return false
  end
  redis.call('DEL', key)
  local f = { '~v', version }
  for idx in string.gmatch(indexes, '([^,]+)') do
    f[#f + 1] = idx
    f[#f + 1] = '1'
  end
  redis.call('HSET', key, unpack(f))
  return true
end
