-- bench/soak.sh's requests: bench/requests.lua's, with a pause before each request of a
-- connection, which is how the soak holds its rate (wrk has no rate option):
--   wrk ... -s bench/soak.lua <url> -- mix <file> <pause ms>
-- wrk uses delay() only when the script defines it, so the benchmark's own runs stay unpaused.
dofile("bench/requests.lua")

local pause = 0
local requests_init = init

function init(args)
  pause = tonumber(args[3] or "0")
  requests_init(args)
end

function delay()
  return pause
end
