-- wrk script: cycles through the request paths listed in a file (one per line).
--   wrk ... -s tests/load/paths.lua URL -- PATHS_FILE
local paths = {}
local n = 0
function init(args)
  for line in io.lines(args[1]) do
    if #line > 0 then paths[#paths + 1] = line end
  end
  n = math.random(#paths)
end
function request()
  n = n % #paths + 1
  return wrk.format("GET", paths[n])
end
