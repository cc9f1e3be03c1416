-- tokens.lua FILE [RUNS] -- the Lua stages of tests/bench/run.sh: every
-- token of FILE iterated from Lua through bin/lede.so, with the fast form
-- (lede.token_spans) and with token tables (lede.tokens). Prints
-- "stage <tab> MB/s <tab> tokens <tab> seconds", best of RUNS.
local lede = require "lede"
local path, runs = assert(arg[1], "usage: tokens.lua FILE [RUNS]"), tonumber(arg[2] or 3)
local f = assert(io.open(path, "rb"))
local text = f:read("a")
f:close()

local function clock()
  return os.clock()
end

local stages = {
  { "lua token_spans", function()
      local count = 0
      for _ in lede.token_spans(text) do count = count + 1 end
      return count
    end },
  { "lua tokens", function()
      local count = 0
      for _ in lede.tokens(text) do count = count + 1 end
      return count
    end },
}

for _, st in ipairs(stages) do
  local best, items = math.huge, 0
  for _ = 1, runs do
    collectgarbage()
    local t0 = clock()
    items = st[2]()
    local dt = clock() - t0
    if dt < best then best = dt end
  end
  if best <= 0 then best = 1e-9 end
  io.write(string.format("%s\t%.1f\t%d\t%.4f\n", st[1], #text / 1e6 / best, items, best))
end
