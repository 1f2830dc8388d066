-- wrk script: one POST /v1/bindings:batch per request with ITEMS (default 100) AXB binds, each
-- body as bench/bind.lua makes it (whose setup, init and result line this script takes). TOKEN,
-- POOL and GRANTED come from the environment, as there. A 200 can hold failed items:
-- bench/batch-bind.sh counts the bindings made (the pool's activeBindings before and after).
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "bind.lua")
local token = os.getenv("TOKEN")
local items = tonumber(os.getenv("ITEMS") or "100")

request = function()
  local parts = {}
  for i = 1, items do
    parts[i] = bind_body("Q")
  end
  return wrk.format("POST", "/v1/bindings:batch", {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. token }, '{"bindings":[' .. table.concat(parts, ",") .. ']}')
end
