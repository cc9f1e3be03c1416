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

-- Our own articles in the style of air force reports and summit copy
-- (tests/data/workflows/): the rows each one must give.
describe("drone_figures.lua on war reporting", function()
  local d, db
  setup(function()
    d = tmpdir()
    db = d .. "/drones.db"
    run_workflow("drone_figures.lua", db, "tests/data/workflows/drones")
  end)
  teardown(function() os.execute("rm -rf " .. S.quote(d)) end)

  local function got()
    return set(rows(db, [[SELECT article || '|' || weapon || '|' || action || '|' || count
      || '|' || IFNULL(max, '') || '|' || side || '|' || IFNULL(target, '') || '|' || subtotal
      || '|' || IFNULL(date, '') FROM drone_reports]]))
  end

  it("reads launched, intercepted, lost and hit, by night and side", function()
    local g = got()
    local A = "tests/data/workflows/drones/"
    for _, want in ipairs {
      -- Reuters: launched, "shot down or suppressed" after the figures, hits at locations
      "reuters/01_reuters_record|drone|launched|810||Russia|Ukraine|0|2025-09-07",
      "reuters/01_reuters_record|missile|launched|13||Russia|Ukraine|0|2025-09-07",
      "reuters/01_reuters_record|drone|intercepted|747||Russia|Ukraine|0|2025-09-07",
      "reuters/01_reuters_record|missile|intercepted|4||Russia|Ukraine|0|2025-09-07",
      "reuters/01_reuters_record|missile|hit|9||Russia|Ukraine|0|2025-09-07",
      "reuters/01_reuters_record|drone|hit|56||Russia|Ukraine|0|2025-09-07",
      "reuters/01_reuters_record|location|hit|37||Russia|Ukraine|0|2025-09-07",
      -- "Of the 112 drones, 84 were intercepted or jammed"
      A .. "02_of_the_drones.txt|drone|launched|112||Russia|Ukraine|0|2025-09-04",
      A .. "02_of_the_drones.txt|drone|intercepted|84||Russia|Ukraine|0|2025-09-04",
      A .. "02_of_the_drones.txt|location|hit|11||Russia|Ukraine|0|2025-09-04",
      -- "downed 58 of 72 drones that Russia launched overnight into Sunday"
      A .. "03_downed_of_kharkiv.txt|drone|intercepted|58||Russia|Ukraine|0|2025-06-15",
      A .. "03_downed_of_kharkiv.txt|drone|launched|72||Russia|Ukraine|0|2025-06-15",
      A .. "03_downed_of_kharkiv.txt|drone|hit|2||Russia|Ukraine|0|2025-06-15",
      -- Russia's ministry on Ukrainian drones; a breakdown is a subtotal
      "reuters/04_russian_mod_claims|drone|intercepted|121||Ukraine|Russia|0|2025-08-17",
      "reuters/04_russian_mod_claims|drone|intercepted|38||Ukraine|Russia|1|2025-08-17",
      -- "Saturday night" ends on Sunday morning; "five more were locally lost"
      A .. "05_bbc_saturday_night.txt|drone|intercepted|41||Russia|Ukraine|0|2025-09-07",
      A .. "05_bbc_saturday_night.txt|drone|lost|5||Russia|Ukraine|0|2025-09-07",
      -- "on the night of Sept. 6-7", approximations, spelled-out numbers
      A .. "06_night_of_range.txt|drone|launched|400||Russia|Ukraine|0|2025-09-07",
      A .. "06_night_of_range.txt|missile|launched|40||Russia|Ukraine|0|2025-09-07",
      A .. "06_night_of_range.txt|missile|intercepted|29||Russia|Ukraine|0|2025-09-07",
      -- ranges
      "reuters/07_ranges_them|drone|launched|50|60|Russia|Ukraine|0|2025-10-02",
      "reuters/07_ranges_them|drone|intercepted|30|40|Russia|Ukraine|0|2025-10-02",
      -- the night named in the sentence before ("began late on Tuesday")
      "reuters/08_date_previous_sentence|drone|launched|62||Russia|Ukraine|0|2025-07-09",
      "reuters/08_date_previous_sentence|drone|intercepted|49||Russia|Ukraine|0|2025-07-09",
      -- Ukrainian drones over Russia
      "reuters/09_ukraine_strikes_russia|drone|intercepted|57||Ukraine|Russia|0|2025-05-25",
      A .. "10_kyiv_independent_hits.txt|drone|launched|93||Russia|Ukraine|0|2025-11-20",
      A .. "10_kyiv_independent_hits.txt|missile|launched|2||Russia|Ukraine|0|2025-11-20",
      A .. "10_kyiv_independent_hits.txt|drone|intercepted|72||Russia|Ukraine|0|2025-11-20",
      A .. "10_kyiv_independent_hits.txt|location|hit|14||Russia|Ukraine|0|2025-11-20",
      A .. "11_failed_to_reach.txt|drone|intercepted|26||Russia|Ukraine|0|2025-03-14",
      A .. "11_failed_to_reach.txt|drone|lost|14||Russia|Ukraine|0|2025-03-14",
      A .. "11_failed_to_reach.txt|drone|launched|45||Russia|Ukraine|0|2025-03-14",
      A .. "13_night_into_drones_and_missiles.txt|drone+missile|launched|367||Russia|Ukraine|0|2025-05-25",
      A .. "13_night_into_drones_and_missiles.txt|drone|intercepted|266||Russia|Ukraine|0|2025-05-25",
      A .. "13_night_into_drones_and_missiles.txt|missile|intercepted|45||Russia|Ukraine|0|2025-05-25",
      A .. "13_night_into_drones_and_missiles.txt|drone|lost|208||Russia|Ukraine|0|2025-05-25",
      "reuters/14_missile_spelled|missile|launched|11||Russia|Ukraine|0|2025-04-24",
      "reuters/14_missile_spelled|drone|launched|70||Russia|Ukraine|0|2025-04-24",
      "reuters/14_missile_spelled|missile|intercepted|7||Russia|Ukraine|0|2025-04-24",
      "reuters/14_missile_spelled|drone|intercepted|60||Russia|Ukraine|0|2025-04-24",
    } do
      assert.is_true(g[want], want)
    end
  end)

  it("reports nothing that is not an attack, and nothing from headlines", function()
    -- production plans, deliveries, "Drones hit apartment block" headline
    assert.equals("0", rows(db, [[SELECT COUNT(*) FROM drone_reports
      WHERE article = 'reuters/12_not_reports']])[1])
    assert.equals("3", rows(db, [[SELECT COUNT(*) FROM drone_reports
      WHERE article LIKE '%03_downed_of_kharkiv.txt']])[1])
    assert.equals("0", rows(db, "SELECT COUNT(*) FROM drone_reports WHERE count = 5 AND action = 'hit'")[1])
  end)
end)

describe("country_pledges.lua on summit and aid reporting", function()
  local d, db
  setup(function()
    d = tmpdir()
    db = d .. "/pledges.db"
    run_workflow("country_pledges.lua", db, "tests/data/workflows/pledges")
  end)
  teardown(function() os.execute("rm -rf " .. S.quote(d)) end)

  local function file(name) return "tests/data/workflows/pledges/" .. name end

  it("credits each pledge to the country that made it", function()
    local g = set(rows(db, [[SELECT article || '|' || country || '|' || IFNULL(what, '')
      || '|' || IFNULL(CAST(amount AS INTEGER), '') || '|' || IFNULL(unit, '')
      FROM pledges WHERE kind = 'country']]))
    for _, want in ipairs {
      file "01_london_summit.txt|United Kingdom|money, equipment|1600000000|GBP",
      file "01_london_summit.txt|Canada|training||",
      file "02_aid_berlin.txt|Germany|money, equipment|1900000000|EUR",
      file "02_aid_berlin.txt|Netherlands|equipment||",
      file "02_aid_berlin.txt|Norway|money, equipment|5000000000|NOK",
      file "03_coalition_35_nation.txt|Estonia|troops||",
      file "03_coalition_35_nation.txt|Lithuania|training||",
      file "04_jordan_georgia.txt|Jordan|money, humanitarian|50000000|USD",
      file "04_jordan_georgia.txt|Saudi Arabia|money|500000000|USD",
      file "05_ramstein.txt|Sweden|money|4000000000|SEK",
      file "05_ramstein.txt|Finland|training||",
      file "05_ramstein.txt|Japan|equipment||",
      file "06_korea.txt|South Korea|money|100000000|USD",
      file "06_korea.txt|South Korea|equipment||",
      file "07_nordic_baltic.txt|Denmark|reassurance force, troops||",
      file "07_nordic_baltic.txt|Norway|reassurance force, troops||",
    } do
      assert.is_true(g[want], want)
    end
    -- no pledge from a country that declined, spoke, or was only named
    local countries = set(rows(db, "SELECT article || '|' || country FROM pledges WHERE kind = 'country'"))
    for _, not_wanted in ipairs {
      file "01_london_summit.txt|Italy", file "03_coalition_35_nation.txt|France",
      file "05_ramstein.txt|Ukraine", file "06_korea.txt|North Korea",
      file "07_nordic_baltic.txt|Germany", file "08_no_pledge.txt|China",
      file "02_aid_berlin.txt|Ukraine",
    } do
      assert.is_nil(countries[not_wanted], not_wanted)
    end
  end)

  it("counts pledging countries and coalition members", function()
    local g = set(rows(db, [[SELECT article || '|' || kind || '|' || count || '|' || IFNULL(total, '')
      FROM pledges WHERE kind != 'country']]))
    for _, want in ipairs {
      file "01_london_summit.txt|pledging|18|31", file "01_london_summit.txt|coalition|31|",
      file "03_coalition_35_nation.txt|coalition|35|", file "03_coalition_35_nation.txt|pledging|26|",
      file "05_ramstein.txt|pledging|20|50", file "05_ramstein.txt|coalition|50|",
    } do
      assert.is_true(g[want], want)
    end
  end)

  it("reads demonyms and tells Jordan and Georgia apart from people and U.S. states", function()
    local g = set(rows(db, "SELECT article || '|' || country || '|' || text FROM country_mentions"))
    for _, want in ipairs {
      file "01_london_summit.txt|Canada|Canadian", file "01_london_summit.txt|Italy|Italian",
      file "05_ramstein.txt|Finland|Finnish", file "05_ramstein.txt|Japan|Japanese",
      file "06_korea.txt|South Korea|Korean", file "06_korea.txt|South Korea|South Korean",
      file "07_nordic_baltic.txt|Germany|Germans", file "07_nordic_baltic.txt|Denmark|Danish",
      file "04_jordan_georgia.txt|Jordan|Jordan",
    } do
      assert.is_true(g[want], want)
    end
    assert.equals("2", rows(db, [[SELECT COUNT(*) FROM country_mentions
      WHERE country = 'Jordan' AND article = ']] .. file "04_jordan_georgia.txt" .. "'")[1])
    assert.equals("0", rows(db, "SELECT COUNT(*) FROM country_mentions WHERE country = 'Georgia'")[1])
  end)
end)

describe("figures.lua into the database", function()
  it("stores every figure and date with its sentence", function()
    local d = tmpdir()
    local db = d .. "/f.db"
    run_workflow("figures.lua", db, "tests/data/workflows/drones/06_night_of_range.txt")
    local g = set(rows(db, "SELECT type || '|' || text || '|' || IFNULL(kind, '') || '|' || IFNULL(value, '') || '|' || IFNULL(noun, '') FROM figures"))
    assert.is_true(g["figure|more than 400|number|400|drones"])
    assert.is_true(g["figure|Twenty-nine|number|29|missiles"])
    assert.is_true(g["date|Sept. 6-7|interval|2025-09-06|"])
    for _, r in ipairs(rows(db, "SELECT text || '|' || sentence FROM figures")) do
      local text, sentence = r:match("^(.-)|(.*)$")
      assert.truthy(sentence:find(text, 1, true), r)
    end
    os.execute("rm -rf " .. S.quote(d))
  end)
end)
