-- wrk script: replays pre-signed requests from SIGNED_FILE ("<Authorization>\t<body>" a line, see
-- SignRequests.java), thread t taking lines t, t+THREADS, ... so that no nonce is sent twice.
-- With TOKEN set, the same bodies go with "Authorization: Bearer TOKEN" instead: the direct run.
-- PATH_ is the request path. Optional pacing as in bind.lua (RATE over CONNS connections).
local counter = 0
local threads = {}
function setup(thread)
  counter = counter + 1
  thread:set("tid", counter)
  table.insert(threads, thread)
end

local path = os.getenv("PATH_")
local token = os.getenv("TOKEN")
if token == "" then token = nil end
local rate = tonumber(os.getenv("RATE") or "")
local conns = tonumber(os.getenv("CONNS") or "1")
local nthreads = tonumber(os.getenv("THREADS") or "2")

function init(args)
  lines = {}
  local i = 0
  for line in io.lines(os.getenv("SIGNED_FILE")) do
    if i % nthreads == tid - 1 then
      local auth, body = line:match("([^\t]+)\t(.*)")
      lines[#lines + 1] = { auth, body }
    end
    i = i + 1
  end
  n = 0
end

function delay()
  if rate and rate > 0 then
    return math.floor(conns * 1000 / rate)
  end
  return 0
end

request = function()
  n = n + 1
  local l = lines[((n - 1) % #lines) + 1]
  local auth = token and ("Bearer " .. token) or l[1]
  return wrk.format("POST", path, { ["Content-Type"] = "application/json", ["Authorization"] = auth }, l[2])
end

done = dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "wrk-result.lua")
