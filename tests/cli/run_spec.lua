-- `lede run`: scripts, arg, per-article isolation, the database of a run,
-- re-runs and a run killed half-way.
local S = require "support"

local tmpdir = S.tmpdir

local function sql(db, query)
  local p = io.popen("sqlite3 " .. S.quote(db) .. " " .. S.quote(query) .. " 2>/dev/null")
  local out = p:read("a")
  p:close()
  return (out:gsub("%s+$", ""))
end

describe("lede run", function()
  local d
  before_each(function() d = tmpdir() end)
  after_each(function() os.execute("rm -rf " .. S.quote(d)) end)

  it("sets arg like lua does and preloads lede", function()
    local script = S.writefile(d .. "/s.lua",
      'print(arg[0], #arg, arg[1], arg[2], lede.version ~= nil, ...)')
    local out, err, code = S.run { "run", script, "x", "--flag" }
    assert.equals(0, code, err)
    assert.equals(script .. "\t2\tx\t--flag\ttrue\tx\t--flag\n", out)
  end)

  it("reports a script that does not load with exit 2", function()
    local script = S.writefile(d .. "/bad.lua", "this is not lua")
    local _, err, code = S.run { "run", script }
    assert.equals(2, code)
    assert.matches("bad%.lua:1:", err)
  end)

  it("isolates an error in one article: reported with id and line, the rest run", function()
    for i = 1, 5 do S.writefile(("%s/a%d.txt"):format(d, i), "Article number " .. i .. ".") end
    local script = S.writefile(d .. "/w.lua", [[
local n = 0
lede.each(function(doc)
  if doc.text:find("number 3") then error("cannot handle this one") end
  n = n + 1
end)
print("processed", n)
]])
    local out, err, code = S.run { "run", script, d }
    assert.equals(1, code)
    assert.equals("processed\t4\n", out)
    assert.matches("a3%.txt: [^\n]*w%.lua:3: cannot handle this one", err)
    assert.matches("1 input failed", err)
    local _, err2, code2 = S.run { "run", "--fail-fast", script, d }
    assert.equals(1, code2)
    assert.matches("fail%-fast", err2)
  end)

  it("goes on past a script error in one article of a thousand", function()
    local lines = {}
    for i = 1, 1000 do
      lines[i] = ('{"id":"a%04d","text":"Officials counted %d drones."}'):format(i, i)
    end
    S.writefile(d .. "/many.jsonl", table.concat(lines, "\n") .. "\n")
    local db = d .. "/many.db"
    local script = S.writefile(d .. "/w.lua", [[
lede.each(function(doc)
  db:insert("counts", { article = doc.id, n = doc:numbers()[1].value })
  if doc.id == "a0500" then error("bad article") end
end)
]])
    local _, err, code = S.run { "run", script, "--db", db, d .. "/many.jsonl" }
    assert.equals(1, code)
    assert.matches("a0500: [^\n]*w%.lua:3: bad article", err)
    assert.matches("1 input failed", err)
    assert.equals("999", sql(db, "SELECT COUNT(*) FROM counts"))
    assert.equals("0", sql(db, "SELECT COUNT(*) FROM counts WHERE article = 'a0500'"))
    assert.equals("1000", sql(db, "SELECT COUNT(*) FROM articles"))
  end)

  it("records articles and leaves no partial rows from a failed article", function()
    for i = 1, 4 do S.writefile(("%s/a%d.txt"):format(d, i), "Story " .. i .. ".") end
    local db = d .. "/out.db"
    local script = S.writefile(d .. "/w.lua", [[
lede.each(function(doc)
  db:insert("rows", { article = doc.id, n = 1 })
  if doc.text:find("Story 2") then error("boom") end
  db:insert("rows", { article = doc.id, n = 2 })
end)
]])
    local _, _, code = S.run { "run", script, "--db", db, d }
    assert.equals(1, code)
    assert.equals("4", sql(db, "SELECT COUNT(*) FROM articles"))
    assert.equals("3", sql(db, "SELECT COUNT(*) FROM processed"))
    assert.equals("6", sql(db, "SELECT COUNT(*) FROM rows"))
    assert.equals("0", sql(db, "SELECT COUNT(*) FROM rows WHERE article LIKE '%a2.txt'"))
    -- a re-run adds nothing for the articles already done
    S.run { "run", script, "--db", db, d }
    assert.equals("6", sql(db, "SELECT COUNT(*) FROM rows"))
    assert.equals("64", sql(db, "SELECT MIN(LENGTH(sha256)) FROM articles"))
  end)

  it("loses no committed article when killed with -9, and resumes", function()
    local jsonl = {}
    for i = 1, 60 do
      jsonl[#jsonl + 1] = ('{"id":"art%02d","text":"Story %d about drones."}'):format(i, i)
    end
    S.writefile(d .. "/in.jsonl", table.concat(jsonl, "\n") .. "\n")
    local db = d .. "/out.db"
    local script = S.writefile(d .. "/slow.lua", [[
lede.each(function(doc)
  local t = os.clock() + 0.05
  while os.clock() < t do end
  db:insert("seen", { article = doc.id })
end)
]])
    local pidfile = d .. "/pid"
    os.execute(("%s run %s --db %s %s >/dev/null 2>&1 & echo $! > %s"):format(
      S.lede, S.quote(script), S.quote(db), S.quote(d .. "/in.jsonl"), S.quote(pidfile)))
    local pid = S.readfile(pidfile):match("%d+")
    -- wait until some articles are committed, then kill -9
    local seen = 0
    for _ = 1, 200 do
      os.execute("sleep 0.05")
      seen = tonumber(sql(db, "SELECT COUNT(*) FROM seen") or "") or 0
      if seen >= 5 then break end
    end
    os.execute("kill -9 " .. pid)
    os.execute("sleep 0.2")
    local before = tonumber(sql(db, "SELECT COUNT(*) FROM seen"))
    assert.is_true(before >= 5 and before < 60, "killed after " .. tostring(before))
    assert.equals(tostring(before), sql(db, "SELECT COUNT(*) FROM processed"))
    local _, err, code = S.run { "run", script, "--db", db, d .. "/in.jsonl" }
    assert.equals(0, code, err)
    assert.equals("60", sql(db, "SELECT COUNT(*) FROM seen"))
    assert.equals("60", sql(db, "SELECT COUNT(DISTINCT article) FROM seen"))
  end)
end)
