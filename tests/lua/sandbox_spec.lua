-- Escape attempts from inside a plugin: each is refused or stopped, and
-- the process carries on.
local lede = require "lede"
local P = require "lede.plugin"
local support = require "support"

local root = os.tmpname()
os.remove(root)
assert(os.execute("mkdir -p " .. root .. "/evil/data"))

local function writeplugin(name, body, perms)
  os.execute("mkdir -p " .. root .. "/" .. name)
  support.writefile(root .. "/" .. name .. "/plugin.lua", ([[
local M = { name = %q, version = "1.0.0", description = "escape attempts",
  lede = ">=0.1", permissions = %s }
%s
return M
]]):format(name, perms or "{}", body))
end

writeplugin("evil", [[
function M.execute() return os.execute("touch /tmp/lede_pwned") end
function M.popen() return io.popen("id") end
function M.passwd_dotdot() return open("../../../../../../etc/passwd") end
function M.passwd_abs() return open("/etc/passwd") end
function M.passwd_link() local f = open("data/pw") return f and f:read("a") end
function M.passwd_lede() return lede.read("/etc/passwd") end
function M.passwd_require() return require("io") end
function M.bytecode() return load(string.dump(function() end)) end
function M.dump() return string.dump(function() end) end
function M.unlock_G() return setmetatable(_G, nil) end
function M.string_mt() return getmetatable("") end
function M.string_index() return ("").x end
function M.string_poison() local idx = ("").upper; string.upper = function() return "pwned" end end
function M.loadlib() return package.loadlib("libc.so.6", "system") end
function M.sethook() return debug.sethook() end
function M.rawset_shared() return rawset(string, "upper", function() return "pwned" end) end
function M.gc() return setmetatable({}, { __gc = function() while true do end end }) end
function M.loop() while true do end end
function M.loop_pcall() while true do pcall(function() while true do end end) end end
function M.rep() return #string.rep("x", 2^30) end
function M.bomb() local t = {} for i = 1, 1e9 do t[i] = { i, i } end end
function M.pattern() return string.rep("a", 50000):find(".-.-.-b") end
function M.collect() return collectgarbage("count") end
function M.host_global() return _G.print or _G.os.exit end
function M.result_meta() return setmetatable({}, { __index = function() while true do end end }) end
]], '{ "read" }')
os.execute("ln -sf /etc/passwd " .. root .. "/evil/data/pw")

describe("plugin sandbox", function()
  local evil
  setup(function()
    P.loaded.evil = nil
    local old = P.path
    P.path = function() return { root } end
    evil = lede.plugin("evil", nil, { cpu = 0.5, memory = 64 * 2^20 })
    P.path = old
  end)

  local function refused(fname, pattern)
    local ok, err = pcall(evil[fname])
    assert.is_false(ok, fname .. " was not refused")
    assert.matches("plugin 'evil'", err)
    if pattern then assert.matches(pattern, err) end
    return err
  end

  it("refuses os.execute and io.popen", function()
    refused("execute", "execute")  -- os is a copy without execute
    refused("popen", "'io' is not available")
    assert.is_nil(io.open("/tmp/lede_pwned"))
  end)

  it("refuses every route to /etc/passwd", function()
    refused("passwd_dotdot", "'%.%.' leaves")
    refused("passwd_abs", "absolute")
    refused("passwd_link", "outside the plugin's directory")
    refused("passwd_lede")
    refused("passwd_require", "'require' is not available")
  end)

  it("refuses bytecode", function()
    refused("bytecode", "'load' is not available")
    refused("dump")
  end)

  it("keeps _G, the string metatable and shared tables locked", function()
    refused("unlock_G")
    local ok, mt = pcall(evil.string_mt)
    assert.is_true(ok)
    assert.is_nil(mt)
    local ok2, v = pcall(evil.string_index)
    assert.is_true(ok2)
    assert.is_nil(v)
    refused("string_poison", "read%-only")
    refused("rawset_shared", "read%-only")
    assert.equals("ABC", ("abc"):upper())
    assert.equals("ABC", string.upper("abc"))
  end)

  it("refuses package.loadlib, debug.sethook, collectgarbage and __gc", function()
    refused("loadlib", "'package' is not available")
    refused("sethook", "'debug' is not available")
    refused("collect", "'collectgarbage' is not available")
    refused("gc", "__gc")
  end)

  it("does not hand out host globals", function()
    refused("host_global")
  end)

  it("stops an infinite loop at the CPU budget", function()
    local t0 = os.clock()
    refused("loop", "CPU budget exceeded %(limit is 0.5 s%)")
    assert.is_true(os.clock() - t0 < 2)
    refused("loop_pcall", "CPU budget exceeded")
  end)

  it("stops a huge string.rep and a memory bomb at the memory cap", function()
    -- a generous CPU budget, so that the memory cap is what stops them
    -- even on a slow (sanitizer) build
    P.loaded.evil = nil
    local old = P.path
    P.path = function() return { root } end
    local greedy = lede.plugin("evil", nil, { cpu = 30, memory = 64 * 2^20 })
    P.path = old
    P.loaded.evil = nil
    for _, fname in ipairs { "rep", "bomb" } do
      local ok, err = pcall(greedy[fname])
      assert.is_false(ok, fname .. " was not refused")
      assert.matches("plugin 'evil': memory limit exceeded %(limit is 64 MB%)", err)
    end
    local t = {}
    for i = 1, 1e5 do t[i] = { i } end  -- the host allocates freely again
    assert.equals(1e5, #t)
  end)

  it("refuses a backtracking pattern too costly for its subject", function()
    refused("pattern", "may take too long")
  end)

  it("copies results, so no plugin metamethod runs in the host", function()
    local r = evil.result_meta()
    assert.is_nil(getmetatable(r))
    assert.is_nil(r.anything)
  end)

  it("applies the default limits from lede._sandbox", function()
    assert.equals(2, lede._sandbox.defaults.cpu)
    assert.equals(256 * 2^20, lede._sandbox.defaults.memory)
    local ok, err = pcall(lede._sandbox.call, "x", { cpu = 0.2 }, function() while true do end end)
    assert.is_false(ok)
    assert.equals("plugin 'x': CPU budget exceeded (limit is 0.2 s)", err)
    assert.same({ 3, "z" }, { lede._sandbox.call("x", nil, function(a, b) return a + b, "z" end, 1, 2) })
  end)

  teardown(function()
    os.execute("rm -rf " .. root)
  end)
end)
