-- plugin_bench.lua -- the cost of a plugin call: countries.find over the
-- news corpus, through the sandbox (lede.plugin: the plugin's own Lua
-- state, arguments and results copied, limits on) and, for comparison,
-- the same plugin.lua loaded straight into this state with no sandbox.
--
--   LUA_CPATH="bin/?.so;;" lua5.4 tests/bench/plugin_bench.lua [CORPUS.jsonl.gz]
--
-- BENCH_PLUGIN_ARTICLES (default 3000) articles; best of BENCH_RUNS (3).
-- Prints per-call microseconds of each and the sandbox's share.
local lede = require "lede"
local cjson = require "cjson"

local corpus = arg[1] or "../shared/corpus/news.jsonl.gz"
local want = tonumber(os.getenv("BENCH_PLUGIN_ARTICLES") or "") or 3000
local runs = tonumber(os.getenv("BENCH_RUNS") or "") or 3
local f = io.open(corpus, "rb")
if not f then print("plugin bench: skipped, " .. corpus .. " not found") return end
f:close()

local texts, bytes = {}, 0
local p = io.popen("gzip -dc '" .. corpus .. "'")
for line in p:lines() do
  local ok, obj = pcall(cjson.decode, line)
  if ok and type(obj) == "table" and type(obj.text) == "string" then
    texts[#texts + 1] = obj.text
    bytes = bytes + #obj.text
    if #texts >= want then break end
  end
end
p:close()

-- The plugin with no sandbox: plugin.lua in a plain environment.
local dir = "plugins/countries"
local function bare_open(rel) return io.open(dir .. "/" .. rel, "rb") end
local env = setmetatable({ open = bare_open, lede = lede }, { __index = _G })
local bare = assert(loadfile(dir .. "/plugin.lua", "t", env))()

local boxed = lede.plugin("countries")

local function best(fn)
  local t = math.huge
  for _ = 1, runs do
    local t0 = os.clock()
    for i = 1, #texts do fn(texts[i]) end
    t = math.min(t, os.clock() - t0)
  end
  return t
end

-- both once, so that data files are read before timing
local n1, n2 = #boxed.find(texts[1]), #bare.find(texts[1])
assert(n1 == n2, "the sandbox changed the results")
local tb = best(bare.find)
local ts = best(boxed.find)
print(("plugin bench: countries.find over %d articles (%.1f MB), best of %d"):format(
  #texts, bytes / 2^20, runs))
print(("  no sandbox   %8.1f us/call"):format(tb / #texts * 1e6))
print(("  sandbox      %8.1f us/call  (+%.1f%%, %.1f us per call)"):format(
  ts / #texts * 1e6, (ts / tb - 1) * 100, (ts - tb) / #texts * 1e6))
