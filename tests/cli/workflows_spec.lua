-- The workflows in scripts/, run as users run them: lede run ... --db.
local S = require "support"

local tmpdir = S.tmpdir

local function rows(db, query)
  local p = io.popen("sqlite3 -separator '|' " .. S.quote(db) .. " " .. S.quote(query))
  local list = {}
  for line in p:lines() do list[#list + 1] = line end
  p:close()
  return list
end

local function set(list)
  local s = {}
  for _, v in ipairs(list) do s[v] = true end
  return s
end

local function run_workflow(script, db, input)
  local _, err, code = S.run { "run", "scripts/" .. script, "--db", db, input }
  assert.equals(0, code, err)
end

describe("workflows on the sample articles", function()
  local d, db
  setup(function()
    d = tmpdir()
    db = d .. "/lede.db"
    run_workflow("drone_figures.lua", db, "scripts/samples")
    run_workflow("country_pledges.lua", db, "scripts/samples")
  end)
  teardown(function() os.execute("rm -rf " .. S.quote(d)) end)

  it("records every sample article once", function()
    local n = tonumber(rows(db, "SELECT COUNT(*) FROM articles")[1])
    assert.is_true(n >= 7)
    assert.equals(tostring(n), rows(db, "SELECT COUNT(DISTINCT sha256) FROM articles")[1])
  end)

  it("finds drones launched and intercepted, by night, with evidence", function()
    local got = set(rows(db, [[SELECT a.path || '|' || r.action || '|' || r.count || '|' || r.date
      FROM drone_reports r JOIN articles a USING (sha256) WHERE r.weapon = 'drone']]))
    assert.is_true(got["scripts/samples/01_drones_kharkiv.txt|launched|143|2025-06-10"])
    assert.is_true(got["scripts/samples/01_drones_kharkiv.txt|intercepted|121|2025-06-10"])
    assert.is_true(got["scripts/samples/05_strikes_odesa.txt|launched|72|2025-08-09"])
    assert.is_true(got["scripts/samples/05_strikes_odesa.txt|intercepted|58|2025-08-09"])
    -- the evidence points at the figure inside its sentence
    for _, r in ipairs(rows(db, "SELECT figure, sentence FROM drone_reports")) do
      local figure, sentence = r:match("^(.-)|(.*)$")
      assert.truthy(sentence:find(figure, 1, true), r)
    end
  end)

  it("credits pledges to the countries that made them", function()
    local got = set(rows(db, "SELECT country || '|' || what FROM pledges WHERE kind = 'country'"))
    assert.is_true(got["Germany|money"])
    assert.is_true(got["Estonia|troops"])
    assert.is_nil(got["Ukraine|troops"])
    local counts = set(rows(db, "SELECT kind || '|' || count || '|' || IFNULL(total, '') FROM pledges WHERE kind != 'country'"))
    assert.is_true(counts["pledging|30|38"])
    assert.is_true(counts["coalition|38|"])
  end)

  it("finds country mentions, demonyms included", function()
    local got = set(rows(db, "SELECT country || '|' || via FROM country_mentions"))
    assert.is_true(got["Ukraine|name"])
    assert.is_true(got["Finland|demonym"])
    assert.is_true(got["Germany|name"])
  end)

  it("creates no duplicates when run again", function()
    local before = rows(db, "SELECT COUNT(*) FROM drone_reports")[1]
    run_workflow("drone_figures.lua", db, "scripts/samples")
    assert.equals(before, rows(db, "SELECT COUNT(*) FROM drone_reports")[1])
  end)

  it("prints a summary", function()
    local out, err, code = S.run { "run", "scripts/summary.lua", "--db", db }
    assert.equals(0, code, err)
    assert.matches("drone_reports%s+%d+ rows", out)
    assert.matches("Drones and missiles", out)
  end)
end)

describe("figures.lua", function()
  it("writes the fact-checker's sheet as CSV", function()
    local d = tmpdir()
    local csv = d .. "/f.csv"
    local _, err, code = S.run { "run", "scripts/figures.lua", "--csv", csv,
      "scripts/samples/03_budget_berlin.txt" }
    assert.equals(0, code, err)
    local text = S.readfile(csv)
    assert.matches("^article,type,text,kind,value", text)
    assert.matches("82%.7 billion euros,money,82700000000,,EUR", text)
    os.execute("rm -rf " .. S.quote(d))
  end)
end)

describe("workflows on the real story", function()
  local story = S.shared("articles/000_a8aca9f3748c2f87.txt")
  if not story then
    pending("../shared is absent")
    return
  end
  local d, db
  setup(function()
    d = tmpdir()
    db = d .. "/seed.db"
    run_workflow("drone_figures.lua", db, story)
    run_workflow("country_pledges.lua", db, story)
  end)
  teardown(function() os.execute("rm -rf " .. S.quote(d)) end)

  it("finds 112 launched and 84 intercepted or jammed, the night of 2025-09-04", function()
    local got = set(rows(db, "SELECT action || '|' || count || '|' || date FROM drone_reports"))
    assert.is_true(got["launched|112|2025-09-04"])
    assert.is_true(got["intercepted|84|2025-09-04"])
  end)

  it("finds 26 pledging of a 35-country coalition", function()
    local got = set(rows(db, "SELECT kind || '|' || count FROM pledges WHERE kind != 'country'"))
    assert.is_true(got["pledging|26"])
    assert.is_true(got["coalition|35"])
  end)

  it("finds the countries mentioned", function()
    local got = set(rows(db, "SELECT DISTINCT country FROM country_mentions"))
    for _, c in ipairs { "Ukraine", "France", "Russia", "United States",
        "United Kingdom", "Germany", "Finland", "China", "Estonia" } do
      assert.is_true(got[c], c)
    end
  end)
end)
