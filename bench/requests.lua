-- The requests bench/run.sh measures, one mode per wrk run:
--   wrk ... -s bench/requests.lua <url> -- <mode> <file>
-- post, list, get, patch: <file> has lines "<token> <task id of that token's user>"
-- login:                  <file> has lines "<username> <password>"
-- mix (bench/soak.sh): get, list, patch and post as 40/25/20/15 out of 100, same file as get
-- Each thread starts at its own place in the file and walks it, so the 32 connections spread
-- over every user and task instead of queueing on one row.

local entries = {}
local mode
local next_entry = 0

function init(args)
  mode = args[1]
  for line in io.lines(args[2]) do
    local first, second = line:match("^(%S+)%s+(%S+)$")
    if first then
      entries[#entries + 1] = { first, second }
    end
  end
  math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)") or "0", 16))
  next_entry = math.random(#entries)
end

local json = { ["Content-Type"] = "application/json" }

local function mixed()
  local pick = math.random(100)
  if pick <= 40 then return "get" elseif pick <= 65 then return "list" elseif pick <= 85 then return "patch" end
  return "post"
end

function request()
  next_entry = next_entry % #entries + 1
  local entry = entries[next_entry]
  local mode = mode == "mix" and mixed() or mode
  if mode == "login" then
    return wrk.format("POST", "/api/auth/login", json,
      '{"username":"' .. entry[1] .. '","password":"' .. entry[2] .. '"}')
  end
  local headers = { ["Authorization"] = "Bearer " .. entry[1] }
  if mode == "post" then
    headers["Content-Type"] = "application/json"
    return wrk.format("POST", "/api/tasks", headers,
      '{"title":"Benchmark task","description":"created under load","priority":"high","due_date":"2030-01-01T00:00:00Z"}')
  elseif mode == "list" then
    return wrk.format("GET", "/api/tasks?limit=10", headers)
  elseif mode == "get" then
    return wrk.format("GET", "/api/tasks/" .. entry[2], headers)
  elseif mode == "patch" then
    headers["Content-Type"] = "application/json"
    -- a description of its own, so every PATCH changes the row and writes it (a PATCH that
    -- changes nothing commits no UPDATE); bench/sql/patch.sql sends the same statements
    return wrk.format("PATCH", "/api/tasks/" .. entry[2], headers,
      '{"completion":true,"priority":"low","description":"patched ' .. math.random(1000000000) .. '"}')
  end
  error("unknown mode " .. tostring(mode))
end
