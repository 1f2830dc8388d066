-- wrk script: regulators' look-ups over the 10-million-row bench ledger (bench/audit.sh).
-- MODE=trace: GET /v1/audit/trace for a random generated binding i of BINDINGS, at an instant in
-- its lease (the generator's formulas: number 700 + (BASE + i*7919 mod NUMBERS), leased at
-- T0 + (i-1) * year/BINDINGS, for at least 30 min), so every look-up finds at least one holder.
-- MODE=party: POST /v1/audit/party-search for PARTY over a random 30-day window of the year.
local token = os.getenv("TOKEN")
local mode = os.getenv("MODE") or "trace"
local numbers = tonumber(os.getenv("NUMBERS"))
local base = tonumber(os.getenv("BASE"))
local t0 = tonumber(os.getenv("T0"))
local span = tonumber(os.getenv("SPAN"))
local bindings = tonumber(os.getenv("BINDINGS"))
local party = os.getenv("PARTY")
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("tid", counter)
end

function init(args)
  math.randomseed(os.time() * 1000 + tid)
end

request = function()
  if mode == "party" then
    local from = t0 + math.random(0, span - 30 * 86400)
    local body = string.format('{"party":"%s","from":"%s","to":"%s","reason":"bench"}', party,
      os.date("!%Y-%m-%dT%H:%M:%SZ", from), os.date("!%Y-%m-%dT%H:%M:%SZ", from + 30 * 86400))
    return wrk.format("POST", "/v1/audit/party-search", {
      ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token }, body)
  end
  local i = math.random(1, bindings)
  local x = string.format("700%012d", base + (i * 7919) % numbers)
  local at = os.date("!%Y-%m-%dT%H:%M:%SZ", t0 + math.floor((i - 1) * span / bindings) + 900)
  return wrk.format("GET", "/v1/audit/trace?virtualNumber=" .. x .. "&at=" .. at .. "&reason=bench", {
    ["Authorization"] = "Bearer " .. token })
end

done = dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "wrk-result.lua")
