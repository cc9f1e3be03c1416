-- lede report and lede chart, as users meet them: the page made from the
-- demo's workflows, checked as HTML and (where Chromium is installed) in
-- a headless browser; charts of any table; the Vega-Lite export; Lua.
local S = require "support"
local cjson = require "cjson"

local sql = S.sql

-- The evidence a page carries, decoded: marks[k + 1] is data-ev k.
local function evidence(html)
  local json = html:match('<script type="application/json" id="evidence%-data">(.-)</script>')
  assert.is_truthy(json, "page has its evidence block")
  local e = cjson.decode(json)
  local function str(i) return i >= 0 and e.strings[i + 1] or nil end
  local marks = {}
  for k, m in ipairs(e.marks) do
    local rows = {}
    for _, r in ipairs(m.rows) do
      rows[#rows + 1] = { article = str(r[1]), sentence = str(r[2]), figure = str(r[3]) }
    end
    marks[k] = { label = m.label, rows = rows, more = m.more }
  end
  return marks
end

-- The mark elements of a page: { {value=, x=, series=, ev=}, ... }.
local function marks_of(html)
  local list = {}
  for attrs in html:gmatch('<%a+ (class="mark"[^>]*)>') do
    list[#list + 1] = {
      value = attrs:match('data%-value="([^"]*)"'), x = attrs:match('data%-x="([^"]*)"'),
      series = attrs:match('data%-series="([^"]*)"'), ev = tonumber(attrs:match('data%-ev="(%d+)"')),
    }
  end
  return list
end

local function find_mark(list, value, series)
  for _, m in ipairs(list) do
    if m.value == value and (series == nil or m.series == series) then return m end
  end
end

local function chromium()
  for _, p in ipairs { "/usr/bin/chromium", "/usr/bin/chromium-browser" } do
    local f = io.open(p, "rb")
    if f then f:close() return p end
  end
end

-- Browser runs are not lede code: run them once, not again under the
-- sanitizer build (whose LD_PRELOAD would also break Chromium).
local function browser_or_pending()
  local c = chromium()
  if not c then pending("chromium is not installed (make deps installs it)") return nil end
  if S.lede:find("sanitize", 1, true) then pending("browser checks run in the release pass") return nil end
  return c
end

local function browser(c, args)
  local cmd = "env -u LD_PRELOAD " .. c .. " --headless --no-sandbox --disable-gpu --hide-scrollbars "
    .. "--no-first-run --disable-extensions --user-data-dir=" .. S.quote(os.tmpname() .. ".chromium")
    .. " " .. args .. " 2>/dev/null"
  local p = io.popen(cmd)
  local s = p:read("a")
  p:close()
  return s
end

describe("lede report", function()
  local d, db, page, html
  local seed = S.shared("articles/000_a8aca9f3748c2f87.txt")
  setup(function()
    d = S.tmpdir()
    db = d .. "/demo.db"
    local inputs = { "scripts/samples" }
    if seed then inputs[2] = seed end
    for _, script in ipairs { "scripts/drone_figures.lua", "scripts/country_pledges.lua" } do
      local args = { "run", script, "--db", db }
      for _, i in ipairs(inputs) do args[#args + 1] = i end
      local _, err, code = S.run(args)
      assert.equals(0, code, err)
    end
    page = d .. "/report.html"
    local _, err, code = S.run { "report", "--db", db, "--out", page }
    assert.equals(0, code, err)
    assert.matches("report written to", err)
    html = S.readfile(page)
  end)
  teardown(function() S.rmdir(d) end)

  it("has a section with an SVG chart for each workflow table", function()
    for _, id in ipairs { "drones", "pledges", "mentions" } do
      local section = html:match('<section id="' .. id .. '">(.-)</section>')
      assert.is_truthy(section, id)
      assert.matches("<svg", section, 1, true)
    end
  end)

  it("labels axes, gives titles and a source line", function()
    assert.matches('class="axis%-label"[^>]*>Night %(date of the attack%)<', html)
    assert.matches('class="axis%-label"[^>]*>Number %(drones%)<', html)
    assert.matches('class="chart%-title"', html)
    assert.matches('class="chart%-source"[^>]*>Source: lede, table drone_reports', html)
    assert.matches(">10 Jun 2025<", html, 1, true)   -- readable dates
  end)

  it("draws the demo night's figures as marks with their evidence sentence", function()
    local marks, ev = marks_of(html), evidence(html)
    local m = find_mark(marks, "143", "launched")
    assert.is_truthy(m, "a mark for 143 launched")
    assert.equals("2025-06-10", m.x)
    local rows = ev[m.ev + 1].rows
    assert.equals("143", rows[1].figure)
    assert.matches("Russia launched 143 strike and decoy drones", rows[1].sentence, 1, true)
    assert.matches("01_drones_kharkiv", rows[1].article, 1, true)
  end)

  it("draws the seed night's launched 112 and intercepted 84 with their sentences", function()
    if not seed then pending("../shared is absent") return end
    local marks, ev = marks_of(html), evidence(html)
    for _, want in ipairs { { "112", "launched" }, { "84", "intercepted" } } do
      local m = find_mark(marks, want[1], want[2])
      assert.is_truthy(m, want[1] .. " " .. want[2])
      assert.equals("2025-09-04", m.x)
      local row = ev[m.ev + 1].rows[1]
      assert.equals(want[1], row.figure)
      assert.matches(want[1], row.sentence, 1, true)
      assert.matches("000_a8aca9f3748c2f87", row.article, 1, true)
    end
  end)

  it("keeps subtotals and longer periods apart from the nightly bars", function()
    assert.is_nil(find_mark(marks_of(html), "6000"))
    assert.matches("Subtotals and longer periods", html, 1, true)
    assert.matches("<b>6,000</b>", html, 1, true)
  end)

  it("states coalition counts with their source", function()
    assert.matches("30 of 38 countries", html, 1, true)
    assert.matches("02_coalition_paris", html, 1, true)
  end)

  it("makes no network request: no http(s) in src or href, no external files", function()
    assert.is_nil(html:find("%f[%w]src%s*=%s*[\"']?%s*https?:"))
    assert.is_nil(html:find("%f[%w]href%s*=%s*[\"']?%s*https?:"))
    assert.is_nil(html:find("<script[^>]*%ssrc="))
    assert.is_nil(html:find("<link[^>]*stylesheet"))
    assert.is_nil(html:find("@import", 1, true))
    assert.is_nil(html:find("url%(%s*['\"]?https?:"))
  end)

  it("exports its charts as Vega-Lite specs", function()
    local out, err, code = S.run { "report", "--db", db, "--format", "vega-lite" }
    assert.equals(0, code, err)
    local specs = cjson.decode(out)
    assert.is_true(#specs >= 3)
    for _, s in ipairs(specs) do
      assert.matches("vega%-lite/v5", s["$schema"])
      assert.is_truthy(s.mark.type)
      assert.is_truthy(s.encoding.x.field)
      assert.is_true(#s.data.values > 0)
    end
    local found = false
    for _, v in ipairs(specs[1].data.values) do
      if v.count == 143 and v.action == "launched" then found = true end
    end
    assert.is_true(found, "the drone spec carries 143 launched")
  end)

  it("renders in a headless browser: not blank, and a mark opens its evidence", function()
    local c = browser_or_pending()
    if not c then return end
    local png = d .. "/report.png"
    browser(c, "--window-size=1000,1500 --screenshot=" .. S.quote(png) .. " " .. S.quote("file://" .. page))
    local p = io.popen("python3 tests/cli/png_ink.py " .. S.quote(png))
    local ink = tonumber(p:read("a"))
    p:close()
    assert.is_truthy(ink, "screenshot decoded")
    assert.is_true(ink > 0.02, "screenshot has marks on it (ink share " .. tostring(ink) .. ")")
    -- open the evidence of the 143 mark the way a click does
    local m = find_mark(marks_of(html), "143", "launched")
    local dom = browser(c, "--virtual-time-budget=2000 --dump-dom " .. S.quote("file://" .. page .. "#ev-" .. m.ev))
    assert.matches("<mark>143</mark>", dom, 1, true)
    assert.matches('data%-ready="%d+"', dom)
    if os.getenv("LEDE_SCREENSHOT") then os.execute("cp " .. S.quote(png) .. " " .. S.quote(os.getenv("LEDE_SCREENSHOT"))) end
  end)
end)

describe("lede report on awkward tables", function()
  local d
  before_each(function() d = S.tmpdir() end)
  after_each(function() S.rmdir(d) end)

  it("handles empty workflow tables and an empty database", function()
    local db = d .. "/empty.db"
    sql(db, [[CREATE TABLE drone_reports (sha256 TEXT, start INTEGER, date TEXT, side TEXT,
      weapon TEXT, action TEXT, count INTEGER, subtotal INTEGER, sentence TEXT, figure TEXT,
      date_text TEXT, article TEXT)]])
    local _, err, code = S.run { "report", "--db", db, "--out", d .. "/r.html" }
    assert.equals(0, code, err)
    local html = S.readfile(d .. "/r.html")
    assert.matches("No nightly figures", html, 1, true)
    local db2 = d .. "/none.db"
    sql(db2, "CREATE TABLE notes (x TEXT)")
    _, err, code = S.run { "report", "--db", db2, "--out", d .. "/r2.html" }
    assert.equals(0, code, err)
    assert.matches("Nothing to chart", S.readfile(d .. "/r2.html"), 1, true)
  end)

  it("charts a one-row table of its own (generic section)", function()
    local db = d .. "/one.db"
    sql(db, "CREATE TABLE budgets (date TEXT, amount REAL, sentence TEXT, article TEXT); "
      .. "INSERT INTO budgets VALUES ('2025-03-01', 2500000, 'The council set aside 2.5 million.', 'a1')")
    local _, err, code = S.run { "report", "--db", db, "--out", d .. "/r.html" }
    assert.equals(0, code, err)
    local html = S.readfile(d .. "/r.html")
    assert.matches('<section class="generic" id="table%-budgets">', html)
    local m = find_mark(marks_of(html), "2500000.0") or find_mark(marks_of(html), "2500000")
    assert.is_truthy(m)
    assert.matches("set aside", evidence(html)[m.ev + 1].rows[1].sentence, 1, true)
  end)

  it("escapes quotes and <script> in sentences", function()
    local db = d .. "/esc.db"
    sql(db, [[CREATE TABLE drone_reports (sha256 TEXT, start INTEGER, date TEXT, side TEXT,
      weapon TEXT, action TEXT, count INTEGER, subtotal INTEGER, sentence TEXT, figure TEXT,
      date_text TEXT, article TEXT);
      INSERT INTO drone_reports VALUES ('h', 1, '2025-01-02', 'Side "A" <b>', 'drone', 'launched', 5, 0,
        'They said "</script><script>alert(1)</script>" & fired 5 drones.', '5', 'Jan. 2', 'x<y>.txt');
      INSERT INTO drone_reports VALUES ('h', 9, '2025-01-02', 'Side', 'drone', 'lost', 1, 1,
        '<img src=x onerror=alert(2)> 1 lost', '1', '<i>', 'x.txt')]])
    local _, err, code = S.run { "report", "--db", db, "--out", d .. "/r.html" }
    assert.equals(0, code, err)
    local html = S.readfile(d .. "/r.html")
    assert.is_nil(html:find("<script>alert", 1, true))
    assert.is_nil(html:find("<img src=x", 1, true))
    assert.is_nil(html:find("<b>'", 1, true))
    assert.matches("Side &quot;A&quot; &lt;b&gt;", html, 1, true)
    local ev = evidence(html)
    local found = false
    for _, m in ipairs(ev) do
      for _, r in ipairs(m.rows) do
        if r.sentence and r.sentence:find("</script><script>alert(1)</script>", 1, true) then found = true end
      end
    end
    assert.is_true(found, "the sentence survives intact inside the evidence data")
  end)

  it("keeps a 10,000-row table's page small and quick to open", function()
    local db = d .. "/big.db"
    sql(db, [[CREATE TABLE readings (date TEXT, level INTEGER, sentence TEXT, article TEXT);
      WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 9999)
      INSERT INTO readings SELECT date('2000-01-01', '+' || (i % 2000) || ' days'), i % 97,
        'On that day the level stood at ' || (i % 97) || ' points.', 'art' || (i % 50) FROM n]])
    local _, err, code = S.run { "report", "--db", db, "--out", d .. "/r.html" }
    assert.equals(0, code, err)
    local html = S.readfile(d .. "/r.html")
    assert.is_true(#html < 1500000, "page is " .. #html .. " bytes")
    assert.is_truthy(html:find("grouped by month", 1, true), "2,000 days drawn as months")
    local c = browser_or_pending()
    if not c then return end
    local dom = browser(c, "--virtual-time-budget=3000 --dump-dom " .. S.quote("file://" .. d .. "/r.html"))
    local ms = tonumber(dom:match('data%-ready="(%d+)"'))
    assert.is_truthy(ms, "the page's script ran")
    assert.is_true(ms < 1000, "page ready in " .. tostring(ms) .. " ms")
  end)

  it("fails clearly on a missing database or option", function()
    local _, err, code = S.run { "report", "--db", d .. "/nope.db" }
    assert.equals(1, code)
    assert.matches("nope.db", err)
    _, err, code = S.run { "report" }
    assert.equals(2, code)
    assert.matches("%-%-db", err)
  end)
end)

describe("lede chart", function()
  local d, db
  setup(function()
    d = S.tmpdir()
    db = d .. "/c.db"
    sql(db, [[CREATE TABLE money (date TEXT, party TEXT, amount REAL);
      INSERT INTO money VALUES ('2025-01-01', 'North', 10), ('2025-01-01', 'South', 4),
        ('2025-02-01', 'North', 7), ('2025-02-01', 'North', 1)]])
  end)
  teardown(function() S.rmdir(d) end)

  it("draws any table as SVG, summed by x and coloured by a column", function()
    local out, err, code = S.run { "chart", "--db", db, "--table", "money", "--x", "date",
      "--y", "amount", "--color", "party" }
    assert.equals(0, code, err)
    assert.matches("^<%?xml", out)
    assert.matches('<svg xmlns="http://www.w3.org/2000/svg"', out, 1, true)
    assert.matches('data%-value="8.0"', out)          -- 7 + 1 for North in February
    assert.matches('data%-series="South"', out)
    assert.matches(">Sum of amount<", out, 1, true)
  end)

  it("writes a file, counts rows without --y, and exports Vega-Lite", function()
    local _, err, code = S.run { "chart", "--db", db, "--table", "money", "--x", "party",
      "--out", d .. "/c.svg" }
    assert.equals(0, code, err)
    assert.matches('data%-value="3"', S.readfile(d .. "/c.svg"))
    local out
    out, err, code = S.run { "chart", "--db", db, "--table", "money", "--x", "date",
      "--y", "amount", "--format", "vega-lite" }
    assert.equals(0, code, err)
    local spec = cjson.decode(out)
    assert.equals("bar", spec.mark.type)
    assert.equals("temporal", spec.encoding.x.type)
    assert.equals(2, #spec.data.values)
  end)

  it("names the valid columns when one is wrong, and wants its options", function()
    local _, err, code = S.run { "chart", "--db", db, "--table", "money", "--x", "dat" }
    assert.equals(1, code)
    assert.matches("no column \"dat\"", err, 1, true)
    assert.matches("amount, date, party", err, 1, true)
    _, err, code = S.run { "chart", "--db", db, "--table", "nope", "--x", "a" }
    assert.equals(1, code)
    assert.matches("no table", err)
    _, err, code = S.run { "chart", "--db", db, "--x", "date" }
    assert.equals(2, code)
  end)

  it("draws a query as a terminal bar chart in the REPL (:chart)", function()
    local out, err, code = S.run({ "repl", "--db", db },
      ":chart SELECT party, SUM(amount) FROM money GROUP BY 1 ORDER BY 1\n:quit\n")
    assert.equals(0, code, err)
    assert.is_truthy(out:find("North │████", 1, true), out)
    assert.is_truthy(out:find("█ 18\n", 1, true), out)
    assert.is_truthy(out:find("South │███", 1, true), out)   -- 4/18 of the width
    out, err = S.run({ "repl", "--db", db }, ":chart SELECT party FROM money\n:quit\n")
    assert.matches("a chart needs two columns", out .. err, 1, true)
  end)

  it("is reachable from Lua as lede.chart and lede.report", function()
    local script = d .. "/c.lua"
    S.writefile(script, ([[
      local lede = require "lede"
      local svg = assert(lede.chart { db = %q, table = "money", x = "party", y = "amount", agg = "max" })
      assert(svg:find('data-value="10.0"', 1, true), "max per party")
      local html = assert(lede.report { db = %q })
      assert(html:find("<!DOCTYPE html>", 1, true))
      local ok, err = lede.chart { db = %q, table = "money", x = "nope" }
      assert(ok == nil and err:find("no column"), err)
      print("ok")
    ]]):format(db, db, db))
    local out, err, code = S.run { "run", script }
    assert.equals(0, code, err)
    assert.matches("ok", out)
  end)
end)
