-- Runs that never lose data quietly: failed writes, locked databases,
-- Ctrl-C, empty options, folders that loop, output that stays
-- proportional to the input, BOMs, and lede.db's limits.
local lede = require "lede"
local S = require "support"

local function sh(cmd)
  local ok, _, code = os.execute(cmd)
  return ok and 0 or code
end

describe("runs that never lose data", function()
  local dir
  before_each(function() dir = S.tmpdir() end)
  after_each(function() S.rmdir(dir) end)

  local function article(name, text)
    return S.writefile(dir .. "/" .. name, text or "The council approved 12 new buses on Tuesday.\n")
  end

  it("fails with status 1 when the output cannot be written", function()
    local a = article("a.txt")
    local lede_bin = S.quote(S.lede)
    -- a full device
    local _, err, code = S.run(lede_bin .. " numbers " .. S.quote(a) .. " >/dev/full")
    assert.equals(1, code)
    assert.matches("cannot write the output", err)
    -- a file-size limit (stderr goes to a file under the same limit)
    local big = article("big.txt", string.rep("The council approved 12 new buses on Tuesday.\n\n", 200))
    _, err, code = S.run("ulimit -f 1; " .. lede_bin .. " numbers " .. S.quote(big) .. " >" .. S.quote(dir .. "/out"))
    assert.equals(1, code)
    assert.matches("cannot write the output", err)
    -- a reader that stops early is not an error message
    _, err = S.run(lede_bin .. " numbers " .. S.quote(a) .. " | head -c 1 >/dev/null")
    assert.is_nil(err:find("cannot write"))
  end)

  it("refuses an empty --db instead of a database in memory", function()
    local script = S.writefile(dir .. "/s.lua", "lede.each(function(doc) end)\n")
    local _, err, code = S.run({ "run", script, "--db", "", article("a.txt") })
    assert.equals(2, code)
    assert.matches("%-%-db wants a file name", err)
    assert.has_error(function() lede.db.open("") end)
  end)

  it("waits for a database another process is writing to", function()
    if sh("command -v sqlite3 >/dev/null 2>&1") ~= 0 then pending("needs sqlite3") return end
    for i = 1, 5 do article("a" .. i .. ".txt", ("Story %d: %d drones.\n"):format(i, i)) end
    local db = dir .. "/made_elsewhere.db"
    -- made by another tool (rollback journal), written to while lede starts
    assert.equals(0, sh("sqlite3 " .. S.quote(db) .. " 'CREATE TABLE other (x)' >/dev/null"))
    sh("(echo 'BEGIN IMMEDIATE; INSERT INTO other VALUES (1);'; sleep 1.5; echo 'COMMIT;') | sqlite3 "
      .. S.quote(db) .. " >/dev/null 2>&1 &")
    sh("sleep 0.3")
    local script = S.writefile(dir .. "/s.lua",
      "lede.each(function(doc) db:insert('seen', { id = doc.id }) end)\n")
    local _, err, code = S.run({ "run", script, "--db", db, dir })
    assert.equals(0, code, err)
    local d = lede.db.open(db, { readonly = true })
    assert.equals(5, d:one("SELECT count(*) AS n FROM seen").n)
    assert.equals(1, d:one("SELECT count(*) AS n FROM other").n)
    d:close()
  end)

  it("stops the whole run at Ctrl-C, commits what is done, and resumes", function()
    for i = 1, 20 do article(("a%02d.txt"):format(i), ("Story %d: %d drones.\n"):format(i, i)) end
    local db = dir .. "/run.db"
    local script = S.writefile(dir .. "/slow.lua", [[
lede.each(function(doc)
  local t = os.clock() while os.clock() - t < 0.25 do end
  db:insert("seen", { id = doc.id })
end)
]])
    local cmd = ("timeout --foreground --preserve-status -s INT 2.5 %s run %s --db %s %s"):format(S.quote(S.lede), S.quote(script),
      S.quote(db), S.quote(dir))
    local _, err, code = S.run(cmd)
    assert.equals(130, code, err)
    local done = tonumber(err:match("interrupted: (%d+) articles? processed and committed"))
    assert.is_truthy(done, err)
    assert.is_true(done < 20, err)   -- (0 on a slow sanitizer build: started late)
    local d = lede.db.open(db, { readonly = true })
    assert.equals(done, d:one("SELECT count(*) AS n FROM seen").n)
    d:close()
    _, err, code = S.run({ "run", script, "--db", db, dir })
    assert.equals(0, code, err)
    d = lede.db.open(db, { readonly = true })
    assert.equals(20, d:one("SELECT count(*) AS n FROM seen").n)
    assert.equals(20, d:one("SELECT count(DISTINCT id) AS n FROM seen").n)
    d:close()
  end)

  it("visits a folder's files once, through symlink loops, and skips FIFOs with a note", function()
    article("a.txt")
    os.execute("mkdir -p " .. S.quote(dir .. "/sub"))
    os.execute("ln -s " .. S.quote(dir) .. " " .. S.quote(dir .. "/sub/loop"))
    os.execute("ln -s a.txt " .. S.quote(dir .. "/b.txt"))
    os.execute("mkfifo " .. S.quote(dir .. "/pipe.txt"))
    local out, err, code = S.run("timeout 20 " .. S.quote(S.lede) .. " numbers " .. S.quote(dir) .. " "
      .. S.quote(dir .. "/sub") .. " " .. S.quote(dir))
    assert.equals(0, code, err)
    assert.equals(1, #S.ndjson(out))
    assert.matches("1 file skipped, not articles %(1 not a regular file%)", err)
  end)

  it("gives a figure's sentence once, so the output stays proportional", function()
    local text = string.rep("12 drones, ", 5000) .. "\n"   -- one unbroken sentence
    local out, err, code = S.run({ "numbers" }, text)
    assert.equals(0, code, err)
    local rows = S.ndjson(out)
    assert.is_true(#rows > 1000)
    local with = 0
    for _, r in ipairs(rows) do if r.sentence_text then with = with + 1 end end
    assert.equals(1, with)
    assert.is_true(#out < 100 * #text)
  end)

  it("reports positions in the text without its BOM, from every kind of input", function()
    local bom = "\xEF\xBB\xBF"
    local inputs = {
      article("b.txt", bom .. "The council approved 12 new buses.\n"),
      S.writefile(dir .. "/b.jsonl", bom .. '{"text":"The council approved 12 new buses."}\n'),
      S.writefile(dir .. "/b.csv", bom .. 'text\n"The council approved 12 new buses."\n'),
    }
    for _, path in ipairs(inputs) do
      local out, err, code = S.run({ "numbers", path })
      assert.equals(0, code, err)
      local r = S.ndjson(out)[1]
      assert.equals(21, r.start, path)
    end
    local out = S.run({ "numbers" }, bom .. "The council approved 12 new buses.\n")
    assert.equals(21, S.ndjson(out)[1].start)
  end)
end)

describe("plugins from the command line", function()
  local dir
  before_each(function()
    dir = S.tmpdir()
    os.execute("mkdir -p " .. S.quote(dir .. "/p/t/tests"))
    S.writefile(dir .. "/p/t/plugin.lua", [[
local M = { name = "t", version = "1.0.0", description = "test", lede = ">=0.1" }
function M.two() return 2 end
function M.spin() while true do end end
return M
]])
  end)
  after_each(function() S.rmdir(dir) end)

  it("runs a plugin's tests in its sandbox", function()
    local pwned = dir .. "/pwned"
    S.writefile(dir .. "/p/t/tests/t_spec.lua", ([[
local lede = require "lede"
describe("t", function()
  it("works", function() assert.equals(2, lede.plugin("t").two()) end)
  it("escapes", function() io.open(%q, "w"):close() end)
end)
]]):format(pwned))
    local out, err, code = S.run("LEDE_PLUGIN_PATH=" .. S.quote(dir .. "/p") .. " " .. S.quote(S.lede) .. " plugin test t")
    assert.equals(1, code, err)
    assert.matches("1 passed, 1 failed", out)
    assert.matches("'io' is not available", err)
    assert.is_nil(io.open(pwned))
  end)

  it("stops a plugin's call at Ctrl-C", function()
    S.writefile(dir .. "/a.txt", "The council met.\n")
    local script = S.writefile(dir .. "/s.lua",
      'local t = lede.plugin("t", nil, { cpu = 120 })\nlede.each(function(doc) t.spin() end)\n')
    local t0 = os.time()
    local _, err, code = S.run(("LEDE_PLUGIN_PATH=%s timeout --foreground --preserve-status -s INT 2 %s run %s --db %s %s")
      :format(S.quote(dir .. "/p"), S.quote(S.lede), S.quote(script), S.quote(dir .. "/r.db"), S.quote(dir .. "/a.txt")))
    assert.equals(130, code, err)
    assert.matches("interrupted", err)
    assert.is_true(os.time() - t0 < 60)
  end)
end)

describe("lede.db limits", function()
  it("refuses a row with more columns than SQLite allows, clearly", function()
    local db = lede.db.memory()
    local row = {}
    for i = 1, 2100 do row["c" .. i] = i end
    local ok, err = pcall(db.insert, db, "wide", row)
    assert.is_false(ok)
    assert.matches("too many columns in table 'wide' %(limit LDB_MAX_COLUMNS = 2000%)", err)
  end)

  it("returns the row id when a column is named rowid", function()
    local db = lede.db.memory()
    assert.equals(1, db:insert("r", { rowid = 50, x = 1 }))
    assert.equals(2, db:insert("r", { rowid = 70, x = 2 }))
    assert.equals(70, db:one("SELECT rowid FROM r WHERE x = 2").rowid)
  end)

  it("turns off what lets SQL reach the process on every connection", function()
    local db = lede.db.memory()
    assert.has_error(function() db:one("SELECT fts3_tokenizer('simple') AS p") end)
    assert.has_error(function() db:one("SELECT load_extension('/nonexistent.so') AS p") end)
    db:exec("CREATE TABLE t (x)")
    assert.has_error(function() db:exec("PRAGMA writable_schema = ON; UPDATE sqlite_schema SET sql = 'x'") end)
  end)
end)
