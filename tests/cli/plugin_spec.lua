-- `lede plugin list|info|test|new|check` through bin/lede.
local support = require "support"

local cwd = io.popen("pwd"):read("l")
local lede_bin = support.lede:sub(1, 1) == "/" and support.lede or cwd .. "/" .. support.lede
local q = support.quote

-- Runs `lede plugin ARGS` in dir with LEDE_PLUGIN_PATH=path.
local function plugin(dir, path, args)
  return support.run(("cd %s && HOME=%s XDG_DATA_HOME= LEDE_PLUGIN_PATH=%s %s plugin %s")
    :format(q(dir), q(dir), q(path or ""), q(lede_bin), args))
end

describe("lede plugin", function()
  local tmp
  before_each(function()
    tmp = os.tmpname()
    os.remove(tmp)
    assert(os.execute("mkdir -p " .. tmp .. "/shared"))
  end)
  after_each(function() os.execute("rm -rf " .. q(tmp)) end)

  it("new scaffolds a plugin that passes its own test", function()
    local out, err, code = plugin(tmp, nil, "new gazetteer")
    assert.equals(0, code, err)
    assert.matches("created plugins/gazetteer", out)
    out, err, code = plugin(tmp, nil, "test gazetteer")
    assert.equals(0, code, out .. err)
    out, err, code = plugin(tmp, nil, "check plugins/gazetteer")
    assert.equals(0, code, err)
    assert.matches("^ok: gazetteer 0%.1%.0", out)
    local _, _, again = plugin(tmp, nil, "new gazetteer")
    assert.equals(1, again)
  end)

  it("test fails when the plugin's tests fail", function()
    plugin(tmp, nil, "new broken")
    local spec = tmp .. "/plugins/broken/tests/broken_spec.lua"
    support.writefile(spec, support.readfile(spec):gsub("assert.equals%(7,", "assert.equals(8,"))
    local _, _, code = plugin(tmp, nil, "test broken")
    assert.equals(1, code)
  end)

  it("list shows name, version, permissions and where, and finds LEDE_PLUGIN_PATH", function()
    plugin(tmp .. "/shared", nil, "new desk")
    local out, err, code = plugin(tmp, tmp .. "/shared/plugins", "list")
    assert.equals(0, code, err)
    assert.matches("desk%s+0%.1%.0%s+%-%s+" .. tmp:gsub("%p", "%%%0") .. "/shared/plugins/desk", out)
  end)

  it("list warns about a plugin shadowed by another", function()
    plugin(tmp, nil, "new twin")
    plugin(tmp .. "/shared", nil, "new twin")
    local out, err, code = plugin(tmp, tmp .. "/shared/plugins", "list")
    assert.equals(0, code)
    assert.matches("twin", out)
    assert.matches("shadowed", err)
  end)

  it("info describes a shipped plugin", function()
    local out, err, code = plugin(cwd, nil, "info countries")
    assert.equals(0, code, err)
    assert.matches("permissions: read", out)
    assert.matches("functions:   all, find, lookup", out)
  end)

  it("runs the tests of the shipped plugins", function()
    for _, name in ipairs { "countries", "quotes", "apstyle" } do
      local out, err, code = plugin(cwd, nil, "test " .. name)
      assert.equals(0, code, name .. ": " .. out .. err)
    end
  end)

  it("check names the bad field", function()
    plugin(tmp, nil, "new bad")
    local path = tmp .. "/plugins/bad/plugin.lua"
    support.writefile(path, support.readfile(path):gsub('version = "0.1.0"', 'version = "one"'))
    local _, err, code = plugin(tmp, nil, "check plugins/bad")
    assert.equals(1, code)
    assert.matches("manifest field 'version'", err)
  end)

  it("reports a missing plugin with the searched path, and usage errors", function()
    local _, err, code = plugin(tmp, tmp .. "/shared", "info nothere")
    assert.equals(1, code)
    assert.matches("searched: %./plugins, " .. tmp:gsub("%p", "%%%0") .. "/shared", err)
    _, _, code = plugin(tmp, nil, "frobnicate")
    assert.equals(2, code)
    _, _, code = plugin(tmp, nil, "new '../x'")
    assert.equals(2, code)
  end)
end)
