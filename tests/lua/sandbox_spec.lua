-- Attacks on the plugin sandbox, as a hostile or careless plugin author
-- would write them. Each row is a plugin function (its body), the
-- arguments the host passes, and the outcome it must have:
--   refused = "pattern"    the call fails with an error naming the plugin
--                          and matching the pattern;
--   ok = function(...)     the call succeeds; the function checks results;
--   after = function()     a check on the host afterwards (both kinds).
-- To add an attack, add a row. Rows with the same `perms` share a plugin.
local lede = require "lede"
local P = require "lede.plugin"
local support = require "support"

local root = support.tmpdir()
local LIMITS = { cpu = 0.5, memory = 64 * 2^20 }
-- rows marked slow get time enough for a sanitizer build on a busy machine
local SLOW = { cpu = 30, memory = 64 * 2^20 }
local pwned = root .. "/pwned"

local function no_pwned()
  assert.is_nil(io.open(pwned), "the attack left " .. pwned)
end

local function fd_count()
  local n = 0
  for _ in io.popen("ls /proc/self/fd 2>/dev/null"):lines() do n = n + 1 end
  return n
end

local attacks = {
  -- the host's reach: processes, files, loaders
  { "os.execute", ('return os.execute("touch %s")'):format(pwned), refused = "execute", after = no_pwned },
  { "io.popen", 'return io.popen("id")', refused = "'io' is not available" },
  { "io.open", 'return io.open("/etc/passwd")', refused = "'io' is not available" },
  { "require io", 'return require("io")', refused = "'require' is not available" },
  { "package.loadlib", 'return package.loadlib("libc.so.6", "system")', refused = "'package' is not available" },
  { "debug.sethook", "return debug.sethook()", refused = "'debug' is not available" },
  { "debug.getregistry", "return debug.getregistry()", refused = "'debug' is not available" },
  { "load text", 'return load("return 1")', refused = "'load' is not available" },
  { "loadfile", 'return loadfile("/etc/passwd")', refused = "'loadfile' is not available" },
  { "dofile", 'return dofile("/etc/passwd")', refused = "'dofile' is not available" },
  { "string.dump", "return string.dump(function() end)", refused = "dump" },
  { "collectgarbage", 'return collectgarbage("count")', refused = "'collectgarbage' is not available" },
  { "coroutine", "return coroutine.create(print)", refused = "'coroutine' is not available" },
  { "lede.read", 'return lede.read("/etc/passwd")', refused = "lede.read is not available" },
  { "lede.load", 'return lede.load("/etc/passwd").text', refused = "lede.load is not available" },
  { "lede.each", 'return lede.each({"/etc/passwd"}, function(d) end)', refused = "lede.each is not available" },
  { "lede.current_db", "return lede.current_db()", refused = "lede.current_db is not available" },
  { "lede.db.open", 'return lede.db.open("/tmp/x.db")', refused = "lede.db is not available" },
  { "lede.inputs", 'return lede.inputs({"/etc/passwd"})', refused = "lede.inputs is not available" },
  { "lede.plugin", 'return lede.plugin("countries")', refused = "lede.plugin is not available" },
  { "lede._sys", "return lede._sys.listdir('/')", refused = "attempt to index a nil value" },
  { "lede._sandbox", "return lede._sandbox.readfile('/etc/passwd')", refused = "attempt to index a nil value" },
  { "open ..", 'return open("../../../../../../etc/passwd")', perms = '"read"', refused = "'%.%.' leaves" },
  { "open absolute", 'return open("/etc/passwd")', perms = '"read"', refused = "absolute" },
  { "open symlink out", 'local f = open("data/pw") return f and f:read("a")', perms = '"read"',
    refused = "outside the plugin's directory" },
  { "open a FIFO", 'return open("data/fifo")', perms = '"read"',
    ok = function(h, err) assert.is_nil(h) assert.matches("not a regular file", err) end },
  { "open a directory", 'return open("data")', perms = '"read"',
    ok = function(h, err) assert.is_nil(h) assert.matches("not a regular file", err) end },
  { "open without read", 'return open("data/x.txt")', refused = "does not declare it" },
  { "descriptors kept open", [[
      local keep = {}
      for i = 1, 3000 do keep[i] = open("data/x.txt") end
      return #keep]], perms = '"read"', slow = true,
    ok = function(n) assert.equals(3000, n) end,
    after = function()
      local f = assert(io.open(root .. "/probe", "w"))  -- the host still opens files
      f:close()
    end },

  -- code that would run in the host later, outside the limits
  { "metatable on a result", "return setmetatable({}, { __index = function() while true do end end })",
    ok = function(r) assert.is_nil(getmetatable(r)) assert.is_nil(r.anything) end },
  { "__metatable-protected result", [[
      return setmetatable({ x = 1 }, { __metatable = "mine", __index = function() while true do end end })]],
    ok = function(r) assert.is_nil(getmetatable(r)) assert.equals(1, r.x) assert.is_nil(r.y) end },
  { "metatable nested in a result", [[
      return { list = { setmetatable({}, { __len = function() while true do end end }) } }]],
    ok = function(r) assert.is_nil(getmetatable(r.list[1])) assert.equals(0, #r.list[1]) end },
  { "a function returned", "return function() while true do end end", refused = "returned a function" },
  { "a function nested in a result", "return { f = function() while true do end end }",
    refused = "returned a function" },
  { "metatable planted on an argument", [[
      local t = ...
      setmetatable(t, { __index = function() while true do end end, __metatable = "locked" })
      t.added = true]],
    args = function() return {} end,
    ok = function() end },
  { "function nested in an argument", "local t = ... return t.cb()",
    args = function() return { cb = function() return "host code" end } end,
    refused = "function cannot be passed" },
  { "metatable planted on doc:paragraphs()", [[
      local doc = ...
      local ps = doc:paragraphs()
      setmetatable(ps, { __index = function() while true do end end })
      doc.text = "pwned"
      rawset(doc, "_article", { paragraphs = "pwned" })]],
    args = function() return lede.article("A headline\n\nKYIV (AP) — The council met on Tuesday.") end,
    ok = function() end },
  { "__gc finalizer", "return setmetatable({}, { __gc = function() while true do end end })",
    refused = "__gc" },
  { "error object with __tostring", "error(setmetatable({}, { __tostring = function() while true do end end }))",
    refused = "error object is a table" },
  { "string metatable", 'return getmetatable("")', ok = function(mt) assert.is_nil(mt) end },
  { "the plugin's own _G unlocked", "return setmetatable(_G, nil)", refused = "" },

  -- CPU where the hook cannot see (Lua's C functions)
  { "endless loop", "while true do end", refused = "CPU budget exceeded %(limit is 0.5 s%)" },
  { "pcall swallows the stop", "while true do pcall(function() while true do end end) end",
    refused = "CPU budget exceeded" },
  { "string.rep of nothing", 'return #string.rep("", 2^50)', ok = function(n) assert.equals(0, n) end },
  { "string.rep of nothing with method", 'return #(""):rep(2^50, "")', ok = function(n) assert.equals(0, n) end },
  { "table.move over a huge range", "return table.move({}, 1, 2^40, 2)", refused = "CPU budget exceeded" },
  { "table.insert with a huge __len", [[
      return table.insert(setmetatable({}, { __len = function() return 2^40 end }), 1, "x")]],
    refused = "CPU budget exceeded" },
  { "table.remove with a huge __len", [[
      return table.remove(setmetatable({}, { __len = function() return 2^40 end }), 1)]],
    refused = "CPU budget exceeded" },
  { "backtracking pattern", 'return string.rep("a", 50000):find(".-.-.-b")', refused = "may take too long" },
  { "long literal pattern", 'local s = string.rep("a", 4e6) return s:find(string.rep("a", 4000) .. "b")',
    refused = "may take too long" },
  { "plain find", 'local s = string.rep("a", 4e6) return s:find(string.rep("a", 4000) .. "b", 1, true)',
    refused = "may take too long" },
  { "gmatch with ^", 'local s = string.rep("^", 20000) for x in s:gmatch("^.-.-b") do end',
    refused = "may take too long" },
  { "long set", [[
      local set = "[" .. string.rep("b", 20000) .. "]"
      return string.rep("a", 1e5):find(set)]],
    refused = "may take too long" },
  { "sort with a looping comparator", "table.sort({3, 2, 1}, function() while true do end end)",
    refused = "CPU budget exceeded" },

  -- memory
  { "a huge string.rep", 'return #string.rep("x", 2^30)', slow = true, refused = "memory limit exceeded %(limit is 64 MB%)" },
  { "a memory bomb", "local t = {} for i = 1, 1e9 do t[i] = { i, i } end",
    slow = true, refused = "memory limit exceeded" },
  { "memory held across calls", [[
      HELD = HELD or {}
      HELD[#HELD + 1] = string.rep("x", 20 * 2^20 + #HELD)
      return #HELD]],
    repeat_until_refused = 8, slow = true, refused = "memory limit exceeded" },

  -- host state
  { "math.randomseed", "math.randomseed(42) return math.random(1000)",
    ok = function() end,
    before = function() math.randomseed(7) end,
    after = function()
      local got = math.random(1e9)
      math.randomseed(7)
      assert.equals(math.random(1e9), got)
    end },
  { "lede.abbreviations.add", 'return lede.abbreviations.add("Pwnd.")', refused = "attempt to call a nil value",
    after = function() assert.is_false(lede.abbreviations.has("Pwnd.")) end },
  { "string.upper replaced", 'string.upper = function() return "pwned" end return ("x"):upper()',
    ok = function(r) assert.equals("pwned", r) end,
    after = function() assert.equals("ABC", ("abc"):upper()) assert.equals("ABC", string.upper("abc")) end },
  { "the plugin's lede changed", 'lede.sentences = nil lede.version = "pwned"',
    ok = function() end,
    after = function() assert.is_function(lede.sentences) assert.is_not.equals("pwned", lede.version) end },

  -- databases
  { "a database without permission", "local db = ... return db:one('SELECT 1 AS x')",
    args = function() return lede.db.memory() end, refused = "uses permission 'db'" },
  { "a database nested in an argument", "local t = ... return t.db:one('SELECT 1 AS x')",
    args = function() return { db = lede.db.memory() } end, refused = "uses permission 'db'" },
  { "fts3_tokenizer", "local db = ... return db:one(\"SELECT fts3_tokenizer('simple') AS p\")",
    perms = '"db"', args = function() return lede.db.memory() end, refused = "not authorized" },
  { "load_extension", "local db = ... return db:one(\"SELECT load_extension('/tmp/x.so') AS p\")",
    perms = '"db"', args = function() return lede.db.memory() end, refused = "not authorized" },
  { "ATTACH", ("local db = ... return db:exec(\"ATTACH '%s/att.db' AS x\")"):format(root),
    perms = '"db"', args = function() return lede.db.memory() end, refused = "not authorized",
    after = function() assert.is_nil(io.open(root .. "/att.db")) end },
  { "VACUUM INTO", ("local db = ... return db:exec(\"VACUUM INTO '%s/vac.db'\")"):format(root),
    perms = '"db"', args = function() return lede.db.memory() end, refused = "",
    after = function() assert.is_nil(io.open(root .. "/vac.db")) end },
  { "PRAGMA writable_schema", "local db = ... return db:exec('PRAGMA writable_schema = ON')",
    perms = '"db"', args = function() return lede.db.memory() end, refused = "not authorized" },
  { "PRAGMA temp_store_directory", "local db = ... return db:exec(\"PRAGMA temp_store_directory = '/tmp'\")",
    perms = '"db"', args = function() return lede.db.memory() end, refused = "not authorized" },
  { "db:close", "local db = ... return db:close()",
    perms = '"db"', args = function() return lede.db.memory() end, refused = "attempt to call a nil value" },
  { "the raw handle", "local db = ... return getmetatable(db)",
    perms = '"db"', args = function() return lede.db.memory() end,
    ok = function(mt) assert.is_false(mt) end },
  { "an endless query", [[
      local db = ...
      return db:one("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT max(x) AS m FROM c")]],
    perms = '"db"', args = function() return lede.db.memory() end, refused = "" },
  { "SQLite memory", "local db = ... return db:one('SELECT length(randomblob(400000000)) AS n')",
    perms = '"db"', args = function() return lede.db.memory() end, refused = "" },
  { "a declared database works", [[
      local db = ...
      db:insert("notes", { id = 1, note = "from a plugin" })
      local n = 0
      for row in db:query("SELECT note FROM notes") do n = n + 1 end
      return n, db:one("SELECT note FROM notes WHERE id = ?", { 1 }).note]],
    perms = '"db"', args = function() return lede.db.memory() end,
    ok = function(n, note) assert.equals(1, n) assert.equals("from a plugin", note) end },
}

-- One plugin per set of permissions, its functions a1, a2, ...
local plugins = {}
for i, a in ipairs(attacks) do
  local perms = a.perms or ""
  local name = "attack" .. (perms == "" and "" or "_" .. perms:gsub('"', ""))
  local p = plugins[name]
  if not p then
    p = { name = name, perms = perms, src = {} }
    plugins[name] = p
  end
  a.plugin, a.fname = name, "a" .. i
  p.src[#p.src + 1] = ("M.a%d = function(...)\n%s\nend\n"):format(i, a[2])
end
for name, p in pairs(plugins) do
  local dir = root .. "/" .. name
  assert(os.execute("mkdir -p " .. dir .. "/data"))
  support.writefile(dir .. "/plugin.lua", ([[
local M = { name = %q, version = "1.0.0", description = "attacks", lede = ">=0.1",
  permissions = { %s } }
%s
return M
]]):format(name, p.perms, table.concat(p.src)))
  support.writefile(dir .. "/data/x.txt", "figures\n")
  os.execute("ln -sf /etc/passwd " .. dir .. "/data/pw")
  os.execute("mkfifo " .. dir .. "/data/fifo")
end

describe("plugin sandbox attacks", function()
  local loaded = {}
  local old_path
  setup(function()
    old_path = P.path
    P.path = function() return { root } end
  end)
  teardown(function()
    P.path = old_path
    os.execute("rm -rf " .. root)
  end)

  local function plugin(name, slow)
    local key = name .. (slow and ":slow" or "")
    if not loaded[key] then
      loaded[key] = lede.plugin(name, nil, slow and SLOW or LIMITS)
    end
    return loaded[key]
  end

  for _, a in ipairs(attacks) do
    it(a[1], function()
      local f = plugin(a.plugin, a.slow)[a.fname]
      if a.before then a.before() end
      local res
      if a.repeat_until_refused then
        for _ = 1, a.repeat_until_refused do
          res = table.pack(pcall(f))
          if not res[1] then break end
        end
      else
        res = table.pack(pcall(f, a.args and a.args()))
      end
      if a.refused then
        assert.is_false(res[1], a[1] .. " was not refused")
        assert.matches("plugin '" .. a.plugin .. "'", res[2], 1, true)
        assert.matches(a.refused, res[2])
      else
        assert.is_true(res[1], tostring(res[2]))
        a.ok(table.unpack(res, 2, res.n))
      end
      if a.after then a.after() end
    end)
  end

  it("leaves the host's arguments as they were", function()
    local t = {}
    local doc = lede.article("A headline\n\nKYIV (AP) — The council met on Tuesday.")
    local paras = doc:paragraphs()
    for i, a in ipairs(attacks) do
      if a[1] == "metatable planted on an argument" then plugin(a.plugin)["a" .. i](t) end
      if a[1] == "metatable planted on doc:paragraphs()" then plugin(a.plugin)["a" .. i](doc) end
    end
    assert.is_nil(getmetatable(t))
    assert.is_nil(t.added)
    assert.matches("^A headline", doc.text)
    assert.equals(paras, doc:paragraphs())
    assert.is_nil(getmetatable(paras))
  end)

  it("keeps no descriptor open for a plugin's files", function()
    local before = fd_count()
    for i, a in ipairs(attacks) do
      if a[1] == "descriptors kept open" then plugin(a.plugin, true)["a" .. i]() end
    end
    assert.is_true(fd_count() <= before + 1)
  end)

  it("gives the host its own database rights back after a plugin call", function()
    local db = lede.db.memory()
    for i, a in ipairs(attacks) do
      if a[1] == "ATTACH" then pcall(plugin(a.plugin)["a" .. i], db) end
    end
    db:exec(("ATTACH '%s/host.db' AS h"):format(root))
    assert.equals(1, db:one("SELECT count(*) AS n FROM pragma_database_list WHERE name = 'h'").n)
  end)

  it("reads a plugin.lua only if it is a small regular file", function()
    os.execute("mkdir -p " .. root .. "/fifo " .. root .. "/zero " .. root .. "/big " .. root .. "/longver")
    os.execute("mkfifo " .. root .. "/fifo/plugin.lua")
    os.execute("ln -s /dev/zero " .. root .. "/zero/plugin.lua")
    local f = assert(io.open(root .. "/big/plugin.lua", "w"))
    f:write("return {}\n--", string.rep("x", 2 * 2^20), "\n")
    f:close()
    support.writefile(root .. "/longver/plugin.lua", [[
return { name = "longver", version = "1.0.0" .. string.rep("9", 4e7), description = "x", lede = ">=0.1",
  f = function() end }]])
    for _, name in ipairs { "fifo", "zero" } do
      local ok, err = pcall(lede.plugin, name)
      assert.is_false(ok)
      assert.matches("not found", err)
    end
    local ok, err = pcall(lede.plugin, "big")
    assert.is_false(ok)
    assert.matches("file too large", err)
    ok, err = pcall(lede.plugin, "longver")
    assert.is_false(ok)
    assert.matches("too long", err)
  end)
end)
