-- wrk script: routing questions from the (caller, virtual number) pairs in ROUTES_FILE, one pair a
-- line "caller virtualNumber", picked at random. TOKEN is a CARRIER token.
local token = os.getenv("TOKEN")
local pairs_list = {}
for line in io.lines(os.getenv("ROUTES_FILE")) do
  local caller, called = line:match("(%S+)%s+(%S+)")
  pairs_list[#pairs_list + 1] = { caller, called }
end
local n = 0

request = function()
  n = n + 1
  local p = pairs_list[math.random(#pairs_list)]
  local body = string.format('{"callId":"bench-%d","caller":"%s","called":"%s","type":"VOICE"}', n, p[1], p[2])
  return wrk.format("POST", "/v1/call-routes", {
    ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token }, body)
end

done = dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "wrk-result.lua")
