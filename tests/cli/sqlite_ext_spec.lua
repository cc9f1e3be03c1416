-- bin/lede_sqlite.so, as a user meets it: loaded in the sqlite3 shell and
-- in Python's sqlite3 module, its table-valued functions give the CLI's
-- records, and a database lede indexed can be searched and written there.
local S = require "support"

-- the release build: a sanitizer build cannot be loaded into a plain sqlite3
local ext = "bin/lede_sqlite"
local samples = { "scripts/samples/01_drones_kharkiv.txt",
  "scripts/samples/03_budget_berlin.txt", "scripts/samples/05_strikes_odesa.txt" }

local function sqlite(db, ...)
  local cmd = { "sqlite3", "-bail", S.quote(db) }
  for _, a in ipairs { ... } do cmd[#cmd + 1] = S.quote(a) end
  local errf = os.tmpname()
  local p = io.popen(table.concat(cmd, " ") .. " 2>" .. errf)
  local out = p:read("a")
  local _, _, code = p:close()
  local err = S.readfile(errf)
  os.remove(errf)
  return out, err, code
end

-- SQL's row against the CLI's record: the same value for every field the
-- CLI wrote (true/false are 1/0 in SQL), NULL for the fields it left out.
local function same_record(cli, row, where)
  for k, v in pairs(cli) do
    if v == true then v = 1 elseif v == false then v = 0 end
    assert.are.same(v, row[k], where .. ": field " .. k)
  end
  for k, v in pairs(row) do
    -- the CLI gives a sentence's text with its first figure only
    if cli[k] == nil and k ~= "sentence_text" then
      assert.is_true(v == S.json.null or v == 0, where .. ": extra field " .. k)
    end
  end
end

describe("the SQLite extension", function()
  local have = io.open(ext .. ".so")
  if have then have:close() end
  local d
  before_each(function() d = S.tmpdir() end)
  after_each(function() S.rmdir(d) end)

  it("gives the CLI's records from the sqlite3 shell", function()
    if not have then return pending(ext .. ".so is not built") end
    for _, path in ipairs(samples) do
      local text = S.readfile(path)
      local db = d .. "/t.db"
      local f = assert(io.open(d .. "/t.txt", "wb"))
      f:write(text)
      f:close()
      sqlite(db, "CREATE TABLE IF NOT EXISTS a(text)", "DELETE FROM a",
        "INSERT INTO a VALUES (readfile('" .. d .. "/t.txt'))")
      for _, case in ipairs {
        { "numbers", "lede_numbers(a.text, '2025-09-04')", { "--date", "2025-09-04" } },
        { "dates", "lede_dates(a.text, '2025-09-04')", { "--date", "2025-09-04" } },
        { "sentences", "lede_sentences(a.text)", {} },
        { "tokens", "lede_tokens(a.text)", {} },
      } do
        local verb, call, opts = case[1], case[2], case[3]
        local args = { verb, table.unpack(opts) }
        args[#args + 1] = path
        local cli = S.ndjson((S.run(args)))
        local out, err, code = sqlite(db, ".load " .. ext, ".mode json",
          "SELECT x.* FROM a, " .. call .. " x")
        assert.equals(0, code, err)
        local rows = out:find("%S") and S.json.decode(out) or {}
        assert.equals(#cli, #rows, path .. " " .. verb)
        assert.is_true(#rows > 0, path .. " " .. verb)
        for i = 1, #cli do same_record(cli[i], rows[i], ("%s %s #%d"):format(path, verb, i)) end
      end
    end
  end)

  it("makes a database lede indexed searchable and writable in the sqlite3 shell", function()
    if not have then return pending(ext .. ".so is not built") end
    local db = d .. "/news.db"
    local script = S.writefile(d .. "/fts.lua", [[
lede.each(function(doc) end)
db:enable_fts("articles", { "title", "text" })
]])
    local _, err, code = S.run { "run", script, "--db", db, "scripts/samples" }
    assert.equals(0, code, err)
    -- without the extension the index cannot be written or searched
    local _, err2 = sqlite(db, "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'drones'")
    assert.matches("no such tokenizer: lede", err2)
    local out, err3, code3 = sqlite(db, ".load " .. ext,
      "INSERT INTO articles (id, sha256, bytes, text) VALUES ('new', 'x', 3, 'Kyiv-based drones')",
      "SELECT id FROM articles_fts JOIN articles ON articles.rowid = articles_fts.rowid " ..
      "WHERE articles_fts MATCH 'kyiv' ORDER BY id")
    assert.equals(0, code3, err3)
    assert.matches("new", out)
    -- the text is kept: evidence can be checked in SQL (offsets are bytes)
    local ev = sqlite(db, ".load " .. ext,
      "SELECT count(*), sum(CAST(substr(CAST(a.text AS BLOB), n.start + 1, " ..
      "n.\"end\" - n.start) AS TEXT) = n.text) FROM articles a, lede_numbers(a.text, a.date) n")
    local all, same = ev:match("^(%d+)|(%d+)")
    assert.is_true(tonumber(all) > 20)
    assert.equals(all, same)
    local money = sqlite(db, ".load " .. ext,
      "SELECT count(*) > 0 FROM articles a, lede_numbers(a.text, a.date) n WHERE n.kind = 'money'")
    assert.equals("1\n", money)
  end)

  it("loads in Python's sqlite3 module", function()
    if not have then return pending(ext .. ".so is not built") end
    local py = io.open("/usr/bin/python3") and "/usr/bin/python3"
    if not py then return pending("no /usr/bin/python3") end
    local prog = S.writefile(d .. "/t.py", ([[
import sqlite3, sys
con = sqlite3.connect(":memory:")
if not hasattr(con, "enable_load_extension"):
    print("SKIP"); sys.exit(0)
con.enable_load_extension(True)
con.load_extension(%q)
con.execute("CREATE TABLE articles (id, text, date)")
con.execute("INSERT INTO articles VALUES (7, 'The ministry pledged €1.1 billion and 300 troops on Thursday.', '2025-09-04')")
for row in con.execute("SELECT a.id, n.value, n.unit FROM articles a, lede_numbers(a.text, a.date) n WHERE n.kind = 'money'"):
    print(*row)
for row in con.execute("SELECT d.value FROM articles a, lede_dates(a.text, a.date) d"):
    print(*row)
try:
    con.execute("SELECT * FROM lede_dates('x', 'someday')").fetchall()
except sqlite3.Error as e:
    print("error:", e)
]]):format(ext))
    local p = io.popen(py .. " " .. S.quote(prog) .. " 2>&1")
    local out = p:read("a")
    p:close()
    if out == "SKIP\n" then return pending("this python3 cannot load extensions") end
    assert.equals("7 1100000000 EUR\n2025-09-04\n" ..
      "error: lede_dates: the date must be YYYY-MM-DD (got 'someday')\n", out)
  end)
end)

describe("db:enable_fts", function()
  it("offers SQLite's own tokenizers, which any SQLite tool reads", function()
    local d = S.tmpdir()
    local db = d .. "/t.db"
    local script = S.writefile(d .. "/f.lua", [[
db:insert("notes", { body = "Running drones were launched" })
db:enable_fts("notes", { "body" }, { tokenizer = "porter" })
print(pcall(db.enable_fts, db, "notes", { "body" }, { tokenizer = "nope", replace = true }))
]])
    local out, err, code = S.run { "run", script, "--db", db }
    assert.equals(0, code, err)
    assert.matches('unknown tokenizer "nope"', out)
    assert.equals("1\n", (sqlite(db, "SELECT rowid FROM notes_fts WHERE notes_fts MATCH 'launch'")))
    S.rmdir(d)
  end)
end)
