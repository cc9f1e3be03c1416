-- lede.plugin: discovery, manifests, versions, permissions, caching.
local lede = require "lede"
local P = require "lede.plugin"
local support = require "support"

local root = os.tmpname()
os.remove(root)

local function plugin(dir, name, fields, body)
  os.execute("mkdir -p " .. dir .. "/" .. name)
  local f = fields or {}
  local lines = {
    ("name = %s,"):format(f.name or ("%q"):format(name)),
    ("version = %s,"):format(f.version or '"1.0.0"'),
    ("description = %s,"):format(f.description or '"test plugin"'),
    ("lede = %s,"):format(f.lede or '">=0.1"'),
    ("permissions = %s,"):format(f.permissions or "{}"),
  }
  support.writefile(dir .. "/" .. name .. "/plugin.lua",
    "local M = {\n" .. table.concat(lines, "\n") .. "\n}\n"
    .. (body or "function M.where() return " .. ("%q"):format(dir) .. " end\n")
    .. "return M\n")
end

describe("lede.plugin", function()
  local old_path, warnings
  before_each(function()
    os.execute("rm -rf " .. root)
    os.execute("mkdir -p " .. root .. "/a " .. root .. "/b")
    old_path = P.path
    P.path = function() return { root .. "/a", root .. "/b" } end
    P.loaded = {}
    warnings = {}
    P.warn = function(msg) warnings[#warnings + 1] = msg end
  end)
  after_each(function() P.path = old_path end)

  it("is installed in the module", function()
    assert.equals(P.plugin, lede.plugin)
  end)

  it("searches ./plugins, LEDE_PLUGIN_PATH, then XDG_DATA_HOME", function()
    local dirs = old_path()
    assert.equals("./plugins", dirs[1])
    assert.matches("lede/plugins$", dirs[#dirs])
  end)

  it("takes the first match and reports duplicates", function()
    plugin(root .. "/a", "dup")
    plugin(root .. "/b", "dup")
    local p = lede.plugin("dup")
    assert.equals(root .. "/a", p.where())
    assert.equals(1, #warnings)
    assert.matches("shadowed", warnings[1])
    local list = P.scan(function(m) warnings[#warnings + 1] = m end)
    assert.equals(1, #list)
    assert.equals(root .. "/b/dup", list[1].shadowed[1])
  end)

  it("loads a plugin once per process", function()
    plugin(root .. "/a", "once", nil, "COUNT = (COUNT or 0) + 1\nfunction M.n() return COUNT end\n")
    local ok = pcall(lede.plugin, "once")
    -- globals are the plugin's own: assignment works inside its env
    assert.is_true(ok)
    assert.equals(1, lede.plugin("once").n())
    assert.equals(1, lede.plugin("once").n())
  end)

  it("checks a version requirement", function()
    plugin(root .. "/a", "ver", { version = '"1.4.2"' })
    assert.equals("1.4.2", lede.plugin("ver", ">=1.2").version)
    assert.has_error(function() lede.plugin("ver", ">=2.0") end,
      "plugin 'ver' is version 1.4.2 (" .. root .. "/a/ver) but >=2.0 is required")
    assert.is_true(P.satisfies("1.4.2", "^1.2"))
    assert.is_false(P.satisfies("2.0.0", "^1.2"))
    assert.is_true(P.satisfies("0.1.0", ">=0.1, <1"))
    assert.is_false(P.satisfies("0.1.0", "~0.2"))
  end)

  it("refuses an incompatible lede version", function()
    plugin(root .. "/a", "future", { lede = '">=99.0"' })
    local ok, err = pcall(lede.plugin, "future")
    assert.is_false(ok)
    assert.matches("incompatible lede version: needs lede >=99.0, this is lede " .. lede.version:gsub("%.", "%%."), err)
  end)

  it("names the bad manifest field", function()
    local cases = {
      { "badver", { version = '"1.2"' }, "field 'version'" },
      { "nodesc", { description = '""' }, "field 'description'" },
      { "badreq", { lede = '"soon"' }, "field 'lede'" },
      { "badperm", { permissions = '{ "network" }' }, "field 'permissions' has unknown permission 'network'" },
      { "badname", { name = '"other"' }, "field 'name' is 'other' but the directory is 'badname'" },
    }
    for _, c in ipairs(cases) do
      plugin(root .. "/a", c[1], c[2])
      local ok, err = pcall(lede.plugin, c[1])
      assert.is_false(ok)
      assert.matches(c[3], err, 1, true)
    end
    plugin(root .. "/a", "nofun", nil, "")
    local ok, err = pcall(lede.plugin, "nofun")
    assert.is_false(ok)
    assert.matches("field 'provides'", err)
  end)

  it("lists the searched path for a missing plugin", function()
    local ok, err = pcall(lede.plugin, "nowhere")
    assert.is_false(ok)
    assert.matches("plugin 'nowhere' not found; searched: " .. root .. "/a, " .. root .. "/b", err, 1, true)
    assert.has_error(function() lede.plugin("../etc") end)
  end)

  it("refuses a permission the manifest does not declare", function()
    plugin(root .. "/a", "reader", nil, 'function M.read() return open("data.txt") end\n')
    local ok, err = pcall(lede.plugin("reader").read)
    assert.is_false(ok)
    assert.matches("uses permission 'read' %(open%) but does not declare it", err)
    plugin(root .. "/a", "dbuser", nil, "function M.f(db) return db:one('SELECT 1 AS x') end\n")
    ok, err = pcall(lede.plugin("dbuser").f, lede.db.memory())
    assert.is_false(ok)
    assert.matches("uses permission 'db'", err)
  end)

  it("opens files in the plugin's directory with read", function()
    plugin(root .. "/a", "reader2", { permissions = '{ "read" }' },
      'function M.read() local f = assert(open("data/x.txt")) local s = f:read("a") f:close() return s end\n')
    os.execute("mkdir -p " .. root .. "/a/reader2/data")
    support.writefile(root .. "/a/reader2/data/x.txt", "figures")
    assert.equals("figures", lede.plugin("reader2").read())
  end)

  it("refuses precompiled bytecode", function()
    os.execute("mkdir -p " .. root .. "/a/bin")
    support.writefile(root .. "/a/bin/plugin.lua", string.dump(function() return {} end))
    local ok, err = pcall(lede.plugin, "bin")
    assert.is_false(ok)
    assert.matches("bytecode", err)
  end)

  it("takes limits as options", function()
    plugin(root .. "/a", "spin", nil, "function M.spin() while true do end end\n")
    local t0 = os.clock()
    local ok, err = pcall(lede.plugin("spin", nil, { cpu = 0.2 }).spin)
    assert.is_false(ok)
    assert.matches("plugin 'spin': CPU budget exceeded %(limit is 0.2 s%)", err)
    assert.is_true(os.clock() - t0 < 1.5)
  end)

  it("loads the shipped plugins", function()
    P.path = function() return { "plugins" } end
    for _, name in ipairs { "countries", "quotes", "apstyle" } do
      assert.equals(name, lede.plugin(name).name)
    end
    local m = lede.plugin("countries").find("The Ukrainian president spoke.")
    assert.equals("Ukraine", m[1].country)
  end)
end)

describe("a document passed to a plugin", function()
  local old_path
  before_each(function()
    os.execute("rm -rf " .. root)
    os.execute("mkdir -p " .. root .. "/a")
    old_path = P.path
    P.path = function() return { root .. "/a" } end
    P.loaded = {}
  end)
  after_each(function() P.path = old_path end)

  it("carries its text when it was read from a file as one block", function()
    plugin(root .. "/a", "textof", nil,
      "function M.text(doc) return doc.text, #doc:numbers() end\n")
    local text = "Rates\n\nThe bank raised rates by 0.5 points to 4.25% on Tuesday."
    local path = root .. "/story.txt"
    support.writefile(path, text)
    local doc = lede.article(assert(lede._read_text(path)))
    local got, n = lede.plugin("textof").text(doc)
    assert.equals(text, got)
    assert.equals(#lede.article(text):numbers(), n)
  end)
end)
