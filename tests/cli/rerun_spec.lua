-- Re-runs of a workflow as a user meets them: an edited script redoes its
-- articles and replaces its rows, --force, the summary on stderr, the
-- progress line on a terminal only, the `runs` table, and no database
-- written where none was asked for.
local S = require "support"

local function sql(db, query)
  local p = io.popen("sqlite3 " .. S.quote(db) .. " " .. S.quote(query) .. " 2>&1")
  local out = p:read("a")
  p:close()
  return (out:gsub("%s+$", ""))
end

local SCRIPT = [[
lede.each(function(doc)
  for _, f in ipairs(doc:numbers()) do
    db:insert("counts", { article = doc.id, n = f.value })
  end
end)
]]

describe("lede run, again", function()
  local d
  before_each(function()
    d = S.tmpdir()
    for i = 1, 3 do
      S.writefile(("%s/a%d.txt"):format(d, i),
        ("Officials counted %d drones on day %d."):format(i * 10, i))
    end
  end)
  after_each(function() S.rmdir(d) end)

  it("skips what an unchanged script did, redoes and replaces after an edit, and with --force", function()
    local script = S.writefile(d .. "/w.lua", SCRIPT)
    local db = d .. "/t.db"
    local _, err, code = S.run { "run", script, "--db", db, d }
    assert.equals(0, code, err)
    assert.equals("6", sql(db, "SELECT count(*) FROM counts"))
    assert.matches("3 articles read, 3 processed, 0 skipped as done", err)

    _, err = S.run { "run", script, "--db", db, d }
    assert.equals("6", sql(db, "SELECT count(*) FROM counts"))
    assert.matches("3 articles read, 0 processed, 3 skipped as done", err)

    -- the edited script keeps only the first figure: its old rows go
    S.writefile(script, SCRIPT:gsub("for _, f in ipairs%(doc:numbers%(%)%) do",
      "for _, f in ipairs({ doc:numbers()[1] }) do"))
    _, err = S.run { "run", script, "--db", db, d }
    assert.matches("3 processed", err)
    assert.equals("3", sql(db, "SELECT count(*) FROM counts"))
    assert.equals("10\n20\n30", sql(db, "SELECT n FROM counts ORDER BY n"))

    _, err = S.run { "run", script, "--force", "--db", db, d }
    assert.matches("3 processed, 0 skipped as done", err)
    assert.equals("3", sql(db, "SELECT count(*) FROM counts"))
  end)

  it("records every run and traces every row to its run and article", function()
    local script = S.writefile(d .. "/w.lua", SCRIPT)
    local db = d .. "/t.db"
    S.run { "run", script, "--db", db, d }
    S.run { "run", script, "--db", db, d }
    assert.equals("1|w|ok|3|3|0|0|0\n2|w|ok|3|0|3|0|0", sql(db,
      "SELECT id, workflow, status, articles_read, processed, skipped_done, " ..
      "skipped_duplicate, failed FROM runs ORDER BY id"))
    local run = sql(db, "SELECT script, script_sha256, lede_version, started <= ended, inputs FROM runs WHERE id = 1")
    local f = assert(io.open(script, "rb"))
    local p = io.popen("sha256sum " .. S.quote(script))
    local hash = p:read("a"):match("^%x+")
    p:close()
    f:close()
    assert.equals(script .. "|" .. hash .. "|" .. (S.run { "--version" }):match("[%d.]+") ..
      "|1|" .. S.json.encode({ d }):gsub("\\/", "/"), run)
    -- each row: its run, its article (the sha256 in `articles`)
    assert.equals("0", sql(db, "SELECT count(*) FROM counts c LEFT JOIN articles a " ..
      "ON a.sha256 = c.lede_article WHERE a.sha256 IS NULL OR c.lede_run <> 1"))
  end)

  it("names duplicate texts and shows a repeated error once, with a count", function()
    S.writefile(d .. "/copy.txt", S.readfile(d .. "/a2.txt"))
    local script = S.writefile(d .. "/bad.lua",
      'lede.each(function(doc) error("no luck here") end)')
    local _, err, code = S.run { "run", script, d }
    assert.equals(1, code)
    assert.matches("4 articles read, 0 processed, 0 skipped as done, 1 skipped as duplicate text, 3 failed", err, 1, true)
    assert.matches("duplicate text skipped: [^\n]*copy%.txt %(= [^\n]*a2%.txt%)", err)
    local _, n = err:gsub("no luck here", "")
    assert.equals(2, n)  -- the first report and the count
    assert.matches("3 articles failed with: [^\n]*bad%.lua:1: no luck here", err)
  end)

  it("writes no database without --db, and says so when the script needs one", function()
    local script = S.writefile(d .. "/w.lua", SCRIPT)
    local _, err, code = S.run(("cd %s && %s run w.lua a1.txt"):format(S.quote(d), S.quote(
      S.lede:sub(1, 1) == "/" and S.lede or (os.getenv("PWD") .. "/" .. S.lede))))
    assert.equals(1, code)
    assert.matches("no database was given: run it with %-%-db PATH", err)
    assert.is_nil(io.open(d .. "/lede.db"))
    assert.truthy(script)
  end)

  it("shows progress on a terminal only", function()
    local script = S.writefile(d .. "/p.lua", "lede.each(function(doc) end)")
    local lede = S.lede:sub(1, 1) == "/" and S.lede or (os.getenv("PWD") .. "/" .. S.lede)
    local _, err = S.run { "run", script, d }
    assert.is_nil(err:find("\r", 1, true))
    local tty = os.tmpname()
    local ok = os.execute(("script -qec %s %s >/dev/null 2>&1"):format(
      S.quote(S.quote(lede) .. " run " .. S.quote(script) .. " " .. S.quote(d)), S.quote(tty)))
    if not ok then os.remove(tty) return pending("script(1) cannot open a terminal here") end
    local typed = S.readfile(tty)
    os.remove(tty)
    assert.matches("\r\27%[Klede: %d/3 articles  %d+/s  ETA %d+:%d%d", typed)
  end)
end)

describe("lede run --date and --year", function()
  it("give undated articles a date", function()
    local d = S.tmpdir()
    S.writefile(d .. "/r.txt", "LONDON, March 3 (Reuters) - Shares rose 5 pct on Tuesday.\n")
    local script = S.writefile(d .. "/s.lua",
      'lede.each(function(doc) print(doc.date, doc.date_source, doc:dates()[2].value) end)')
    local out = S.run { "run", script, "--year", "1987", d .. "/r.txt" }
    assert.equals("1987-03-03\tdateline+year\t1987-03-03\n", out)
    out = S.run { "run", script, "--date", "1987-03-04", d .. "/r.txt" }
    assert.equals("1987-03-04\tdefault\t1987-03-03\n", out)
    local _, err, code = S.run { "run", script, "--year", "87", d .. "/r.txt" }
    assert.equals(2, code)
    assert.matches("%-%-year wants YYYY", err)
    S.rmdir(d)
  end)
end)
