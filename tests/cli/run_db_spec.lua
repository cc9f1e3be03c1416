-- run_db_spec.lua -- the run's database reaches the script as a value
-- (the global `db` and lede.each's second argument), never through a
-- hook on _G; errors name the script's line, without tracebacks or lede's
-- own chunk names.
local S = require "support"

describe("lede run hands the database to the script", function()
  local d
  before_each(function() d = S.tmpdir() end)
  after_each(function() os.execute("rm -rf " .. S.quote(d)) end)

  it("passes db to lede.each's function and as the global db", function()
    local art = S.writefile(d .. "/a.txt", "Russia launched 112 drones overnight.\n")
    local script = S.writefile(d .. "/s.lua", [[
      print(getmetatable(_G) == nil or getmetatable(_G).__index == nil)
      lede.each(function(doc, db2)
        print(rawequal(db, db2))
        db2:insert("t", { n = #doc:numbers() })
      end)]])
    local out, err, code = S.run { "run", script, "--db", d .. "/x.db", art }
    assert.equals(0, code, err)
    assert.equals("true\ntrue\n", out)
  end)

  it("without --db, db says what to do and no file is written", function()
    local art = S.writefile(d .. "/a.txt", "Text.\n")
    local script = S.writefile(d .. "/s.lua", [[
      lede.each(function(doc, db2)
        assert(db2 == nil)
        db:insert("t", { x = 1 })
      end)]])
    local _, err, code = S.run { "run", script, art }
    assert.equals(1, code)
    assert.truthy(err:find("s.lua:3: this script uses `db` but no database was given", 1, true), err)
  end)

  it("reports a script error at the script's line, without a traceback", function()
    local script = S.writefile(d .. "/s.lua", "local x = 1\nlocal doc = lede.article(5)\n")
    local _, err, code = S.run { "run", script }
    assert.equals(1, code)
    assert.equals("lede: " .. script .. ":2: bad argument #1 to 'lede.article' " ..
      "(string expected, got number)\n", err)
    assert.falsy(err:find("traceback", 1, true))
    assert.falsy(err:find("[string", 1, true))
  end)
end)
