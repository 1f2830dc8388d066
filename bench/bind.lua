-- wrk script: one AXB bind per request, random fixture-range parties (138/139 0 + 7 random digits),
-- unique order ids. TOKEN and POOL come from the environment.
local counter = 0
local token = os.getenv("TOKEN")
local pool = os.getenv("POOL")
local granted = os.getenv("GRANTED")
-- optional open pacing: RATE requests/s in all over CONNS connections (each waits CONNS*1000/RATE ms)
local rate = tonumber(os.getenv("RATE") or "")
local conns = tonumber(os.getenv("CONNS") or "1")

function delay()
  if rate and rate > 0 then
    return math.floor(conns * 1000 / rate)
  end
  return 0
end

function setup(thread)
  counter = counter + 1
  thread:set("tid", counter)
end

function init(args)
  math.randomseed(os.time() * 1000 + tid)
  n = 0
end

-- the next bind body of this thread (bench/batch-bind.lua puts ITEMS of them in one batch)
function bind_body(prefix)
  n = n + 1
  local a = string.format("1380%07d", math.random(0, 9999999))
  local b = string.format("1390%07d", math.random(0, 9999999))
  return string.format('{"mode":"AXB","orderId":"%s%d-%d","partyA":"%s","partyB":"%s","ttlSeconds":1800,"poolId":"%s","consent":{"reference":"bench","grantedAt":"%s"}}',
    prefix, tid, n, a, b, pool, granted)
end

request = function()
  return wrk.format("POST", "/v1/bindings", {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. token }, bind_body("B"))
end


done = dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "wrk-result.lua")
