-- db_spec.lua -- lede.db through the Lua module, as scripts use it.
local lede = require "lede"
local null = lede.null

local function tmpdb()
  local path = os.tmpname()
  os.remove(path)
  return path
end

local function cleanup(path)
  for _, s in ipairs { "", "-wal", "-shm" } do os.remove(path .. s) end
end

local function rows_of(db, sql, ...)
  local out = {}
  for row in db:query(sql, ...) do out[#out + 1] = row end
  return out
end

local function err_of(f, ...)
  local ok, err = pcall(f, ...)
  assert.is_false(ok, "expected an error")
  return tostring(err)
end

describe("lede.db", function()
  describe("open, memory, close", function()
    it("opens a file in WAL mode with a busy timeout", function()
      local path = tmpdb()
      local db = lede.db.open(path)
      assert.equals("wal", db:one("PRAGMA journal_mode").journal_mode)
      assert.equals(path, db:path())
      assert.matches("lede.Database %(" .. path:gsub("%p", "%%%0") .. "%)", tostring(db))
      db:close()
      cleanup(path)
    end)

    it("opens a private in-memory database", function()
      local a, b = lede.db.memory(), lede.db.memory()
      a:exec("CREATE TABLE t (x)")
      assert.same({ "t" }, a:tables())
      assert.same({}, b:tables())
    end)

    it("closes idempotently and says (closed)", function()
      local db = lede.db.memory()
      assert.is_true(db:isopen())
      assert.is_true(db:close())
      assert.is_true(db:close())
      assert.is_false(db:isopen())
      assert.equals("lede.Database (closed)", tostring(db))
    end)

    it("raises when a closed database is used", function()
      local db = lede.db.memory()
      db:close()
      for _, call in ipairs {
        function() db:exec("SELECT 1") end,
        function() db:query("SELECT 1") end,
        function() db:one("SELECT 1") end,
        function() db:insert("t", { a = 1 }) end,
        function() db:upsert("t", { a = 1 }, { pk = "a" }) end,
        function() db:atomic(function() end) end,
        function() db:tables() end,
        function() db:count("t") end,
        function() db:lookup("t", { a = 1 }) end,
      } do
        assert.matches("closed database", err_of(call))
      end
    end)

    it("closes a <close> variable at the end of its scope", function()
      local outer
      do
        local db <close> = lede.db.memory()
        outer = db
        assert.is_true(db:isopen())
      end
      assert.is_false(outer:isopen())
    end)

    it("stops an unfinished query when the database closes", function()
      local db = lede.db.memory()
      db:exec("CREATE TABLE t (x); INSERT INTO t VALUES (1), (2)")
      local it = db:query("SELECT x FROM t")
      assert.equals(1, it().x)
      db:close()
      assert.matches("closed database", err_of(it))
    end)

    it("says which directory is missing", function()
      local msg = err_of(lede.db.open, "/nonexistent-lede-dir/sub/x.db")
      assert.matches("directory '/nonexistent%-lede%-dir/sub' does not exist", msg)
    end)

    it("says when a path cannot be created", function()
      local msg = err_of(lede.db.open, "/proc/lede-cannot-create.db")
      assert.matches("cannot open database '/proc/lede%-cannot%-create.db'", msg)
      assert.matches("unable to open database file", msg)
    end)

    it("says when a file is not a database", function()
      local path = os.tmpname()
      local f = assert(io.open(path, "wb"))
      f:write(string.rep("not a database at all\n", 100))
      f:close()
      assert.matches("file is not a database", err_of(lede.db.open, path))
      os.remove(path)
    end)

    it("opens read-only on request and refuses writes with SQLite's message", function()
      local path = tmpdb()
      local db = lede.db.open(path)
      db:insert("t", { x = 1 })
      local ro = lede.db.open(path, { readonly = true })
      assert.equals(1, ro:count("t"))
      local msg = err_of(ro.insert, ro, "t", { x = 2 })
      assert.matches("attempt to write a readonly database", msg)
      assert.matches("SQL: INSERT INTO \"t\"", msg, 1, true)
      ro:close()
      db:close()
      cleanup(path)
    end)

    it("checks its options", function()
      assert.matches("timeout", err_of(lede.db.open, tmpdb(), { timeout = "soon" }))
    end)
  end)

  describe("null", function()
    it("is one value, printed as null", function()
      assert.equals(lede.null, lede.db.null)
      assert.equals("null", tostring(null))
      assert.equals("userdata", type(null))
    end)
  end)

  describe("exec", function()
    local db
    before_each(function()
      db = lede.db.memory()
      db:exec("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, n REAL)")
    end)

    it("binds an array to ? and returns rows changed", function()
      assert.equals(1, db:exec("INSERT INTO t (name, n) VALUES (?, ?)", { "Kyiv", 1.5 }))
      assert.equals("Kyiv", db:one("SELECT name FROM t").name)
    end)

    it("binds values given after the SQL", function()
      db:exec("INSERT INTO t (name, n) VALUES (?, ?)", "Lviv", 2)
      assert.equals(2, db:one("SELECT n FROM t WHERE name = ?", "Lviv").n)
    end)

    it("binds names with :, @ and $", function()
      db:exec("INSERT INTO t (name, n) VALUES (:name, @n)", { name = "Odesa", n = 3 })
      db:exec("INSERT INTO t (name, n) VALUES ($name, $n)", { name = "Kharkiv", n = null })
      assert.equals(3, db:one("SELECT n FROM t WHERE name = :x", { x = "Odesa" }).n)
      assert.equals(null, db:one("SELECT n FROM t WHERE name = :x", { x = "Kharkiv" }).n)
    end)

    it("runs several statements without parameters", function()
      assert.equals(2, db:exec([[INSERT INTO t (name) VALUES ('a');
        INSERT INTO t (name) VALUES ('b');]]))
      assert.equals(2, db:count("t"))
    end)

    it("refuses parameters for several statements", function()
      assert.matches("single statement", err_of(db.exec, db,
        "INSERT INTO t (name) VALUES (?); SELECT 1", { "a" }))
    end)

    it("raises for a missing or extra value", function()
      assert.matches("no value for parameter :name", err_of(db.exec, db,
        "INSERT INTO t (name) VALUES (:name)", { nom = "x" }))
      assert.matches("no value for parameter 2", err_of(db.exec, db,
        "INSERT INTO t (name, n) VALUES (?, ?)", { "x" }))
      assert.matches("2 parameters but 3 values", err_of(db.exec, db,
        "INSERT INTO t (name, n) VALUES (?, ?)", "a", 1, 2))
      assert.matches("but no values", err_of(db.exec, db, "INSERT INTO t (name) VALUES (?)"))
    end)

    it("raises with SQLite's message and the SQL", function()
      local msg = err_of(db.exec, db, "INSERT INTO nowhere VALUES (1)")
      assert.matches("no such table: nowhere", msg)
      assert.matches("(SQL: INSERT INTO nowhere VALUES (1))", msg, 1, true)
      msg = err_of(db.exec, db, "SELEC 1")
      assert.matches("syntax error", msg)
    end)

    it("shortens long SQL in errors", function()
      local sql = "SELECT " .. string.rep("1 + ", 200) .. "nosuchcolumn"
      local msg = err_of(db.exec, db, sql)
      assert.matches("no such column: nosuchcolumn", msg)
      assert.matches("%.%.%.%)$", msg)
      assert.is_true(#msg < 320)
    end)

    it("carries the caller's position", function()
      local ok, msg = pcall(function() db:exec("SELEC 1") end)
      assert.is_false(ok)
      assert.matches("db_spec.lua:%d+:", msg)
    end)

    it("stores a table parameter as JSON", function()
      db:exec("CREATE TABLE j (v)")
      db:exec("INSERT INTO j VALUES (?)", { { a = 1 } })
      assert.equals('{"a":1}', db:one("SELECT v FROM j").v)
    end)
  end)

  describe("query and one", function()
    local db
    before_each(function()
      db = lede.db.memory()
      db:exec([[CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, n);
        INSERT INTO t (name, n) VALUES ('a', 1), ('b', NULL), ('c', 2.5)]])
    end)

    it("yields rows keyed by column name", function()
      local rows = rows_of(db, "SELECT id, name, n FROM t ORDER BY id")
      assert.equals(3, #rows)
      assert.same({ id = 1, name = "a", n = 1 }, rows[1])
      assert.equals(2.5, rows[3].n)
      assert.equals("float", math.type(rows[3].n))
      assert.equals("integer", math.type(rows[1].id))
    end)

    it("gives NULL as lede.null so no column is missing", function()
      local row = db:one("SELECT * FROM t WHERE name = ?", { "b" })
      assert.equals(null, row.n)
      local keys = 0
      for _ in pairs(row) do keys = keys + 1 end
      assert.equals(3, keys)
    end)

    it("returns nil from one when there is no row", function()
      assert.is_nil(db:one("SELECT * FROM t WHERE name = ?", "zzz"))
    end)

    it("returns blobs as strings", function()
      local row = db:one("SELECT x'00ff41' AS b")
      assert.equals("\0\255A", row.b)
    end)

    it("finalizes a statement broken off by break", function()
      for row in db:query("SELECT * FROM t") do
        assert.equals(1, row.id)
        break
      end
      -- a statement still reading t would make DROP fail ("table is locked")
      db:exec("DROP TABLE t")
      assert.same({}, db:tables())
    end)

    it("releases a statement left by an error inside the loop", function()
      local ok = pcall(function()
        for _ in db:query("SELECT * FROM t") do error("stop") end
      end)
      assert.is_false(ok)
      db:exec("DROP TABLE t")
    end)

    it("runs the same SQL nested", function()
      local pairs_seen = 0
      for a in db:query("SELECT id FROM t") do
        for b in db:query("SELECT id FROM t") do
          pairs_seen = pairs_seen + 1
          assert.is_number(a.id + b.id)
        end
      end
      assert.equals(9, pairs_seen)
    end)

    it("keeps parameters alive for the whole loop", function()
      local seen = {}
      for row in db:query("SELECT name FROM t WHERE name > ? ORDER BY name", "a" .. "") do
        collectgarbage()
        seen[#seen + 1] = row.name
      end
      assert.same({ "b", "c" }, seen)
    end)

    it("refuses several statements", function()
      assert.matches("one statement", err_of(db.query, db, "SELECT 1; SELECT 2"))
    end)

    it("raises step errors with the SQL", function()
      local msg = err_of(function()
        for _ in db:query("SELECT abs(-9223372036854775807 - 1) FROM t") do end
      end)
      assert.matches("integer overflow", msg)
      assert.matches("SQL: SELECT abs", msg, 1, true)
    end)
  end)

  describe("insert", function()
    local db
    before_each(function() db = lede.db.memory() end)

    local function types(name)
      local t = {}
      for _, c in ipairs(db:columns(name)) do t[c.name] = c.type end
      return t
    end

    it("creates the table with types from Lua values", function()
      local id = db:insert("t", { i = 1, r = 1.5, s = "text", b = true, j = { 1, 2 } })
      assert.equals(1, id)
      assert.same({ i = "INTEGER", r = "REAL", s = "TEXT", b = "INTEGER", j = "TEXT" }, types("t"))
      local row = db:one("SELECT * FROM t")
      assert.same({ i = 1, r = 1.5, s = "text", b = 1, j = "[1,2]" }, row)
    end)

    it("orders new columns: primary key first, then by name", function()
      db:insert("t", { zeta = 1, alpha = 2, id = 3 }, { pk = "id" })
      local names = {}
      for i, c in ipairs(db:columns("t")) do names[i] = c.name end
      assert.same({ "id", "alpha", "zeta" }, names)
    end)

    it("stores booleans as 0/1", function()
      db:insert("t", { { v = true }, { v = false } })
      assert.same({ { v = 1 }, { v = 0 } }, rows_of(db, "SELECT v FROM t ORDER BY rowid"))
    end)

    it("stores strings with NUL or invalid UTF-8 as blobs", function()
      db:insert("t", { { v = "a\0b" }, { v = "caf\xe9" }, { v = "café" } })
      local kinds = {}
      for row in db:query("SELECT typeof(v) AS k, v FROM t ORDER BY rowid") do
        kinds[#kinds + 1] = row.k
      end
      assert.same({ "blob", "blob", "text" }, kinds)
      assert.equals("a\0b", db:one("SELECT v FROM t WHERE rowid = 1").v)
    end)

    it("stores nested tables as JSON text with sorted keys", function()
      db:insert("t", { v = { name = "Kyiv", pop = 2.9, tags = { "capital" }, none = null,
        deep = { ok = true } } })
      local v = db:one("SELECT v FROM t").v
      assert.equals('{"deep":{"ok":true},"name":"Kyiv","none":null,"pop":2.9,"tags":["capital"]}', v)
      assert.equals("Kyiv", db:one("SELECT json_extract(v, '$.name') AS x FROM t").x)
    end)

    it("refuses cyclic tables and functions", function()
      local t = {}
      t.self = t
      assert.matches("nested too deep or cyclic", err_of(db.insert, db, "t", { v = t }))
      assert.matches("cannot store a function value %(column 'f'%)",
        err_of(db.insert, db, "t", { f = print }))
    end)

    it("adds missing columns on first sight", function()
      db:insert("t", { a = 1 })
      db:insert("t", { { a = 2, b = "new" }, { a = 3, c = 0.5 } })
      assert.same({ a = "INTEGER", b = "TEXT", c = "REAL" }, types("t"))
      assert.equals(null, db:one("SELECT * FROM t WHERE a = 1").b)
    end)

    it("refuses a new column with alter = false", function()
      db:insert("t", { a = 1 })
      assert.matches("has no column named 'b'", err_of(db.insert, db, "t", { a = 2, b = 1 }, { alter = false }))
      assert.equals(1, db:count("t"))
    end)

    it("matches existing columns case-insensitively, as SQLite does", function()
      db:insert("t", { Name = "a" })
      db:insert("t", { name = "b" })
      assert.equals(1, #db:columns("t"))
      assert.equals(2, db:count("t"))
    end)

    it("gives a column first seen as null no type", function()
      db:insert("t", { a = 1, b = null })
      db:insert("t", { a = 2, b = "007" })
      assert.equals("", types("t").b)
      assert.equals("007", db:one("SELECT b FROM t WHERE a = 2").b)
    end)

    it("creates an integer primary key when pk is not in the row", function()
      assert.equals(1, db:insert("t", { name = "a" }, { pk = "id" }))
      assert.equals(2, db:insert("t", { name = "b" }, { pk = "id" }))
      local cols = db:columns("t")
      assert.same({ name = "id", type = "INTEGER", pk = true, notnull = false, default = null }, cols[1])
    end)

    it("creates a compound primary key", function()
      db:insert("t", { a = 1, b = "x", v = 1 }, { pk = { "a", "b" } })
      local pk = {}
      for _, c in ipairs(db:columns("t")) do if c.pk then pk[#pk + 1] = c.name end end
      assert.same({ "a", "b" }, pk)
      assert.matches("UNIQUE constraint failed", err_of(db.insert, db, "t", { a = 1, b = "x", v = 2 }))
    end)

    it("replaces or ignores rows with the same key", function()
      db:insert("t", { id = 1, v = "old", w = 5 }, { pk = "id" })
      assert.is_nil(db:insert("t", { id = 1, v = "ignored" }, { ignore = true }))
      assert.equals("old", db:one("SELECT v FROM t").v)
      db:insert("t", { id = 1, v = "new" }, { replace = true })
      assert.same({ id = 1, v = "new", w = null }, db:one("SELECT * FROM t"))
      assert.matches("exclude each other", err_of(db.insert, db, "t", { id = 2 }, { replace = true, ignore = true }))
    end)

    it("inserts an array and returns the count", function()
      local rows = {}
      for i = 1, 250 do rows[i] = { n = i, even = i % 2 == 0 } end
      assert.equals(250, db:insert("t", rows))
      assert.equals(125, db:one("SELECT sum(even) AS s FROM t").s)
    end)

    it("inserts rows from an iterator", function()
      local i = 0
      local n = db:insert("t", function()
        i = i + 1
        if i <= 10 then return { n = i } end
      end)
      assert.equals(10, n)
      assert.equals(55, db:one("SELECT sum(n) AS s FROM t").s)
    end)

    it("rolls a batch back when one row fails (no partial rows)", function()
      db:insert("t", { id = 1 }, { pk = "id" })
      local msg = err_of(db.insert, db, "t", { { id = 2 }, { id = 3 }, { id = 1 } })
      assert.matches("UNIQUE constraint failed: t.id", msg)
      assert.equals(1, db:count("t"))
      -- a failing value
      err_of(db.insert, db, "t", { { id = 4 }, { id = 5, f = print } })
      assert.equals(1, db:count("t"))
      -- an error raised by the iterator itself, passed through unchanged
      local k = 0
      local ok, e = pcall(db.insert, db, "t", function()
        k = k + 1
        if k == 3 then error({ code = 42 }) end
        return { id = 10 + k }
      end)
      assert.is_false(ok)
      assert.same({ code = 42 }, e)
      assert.equals(1, db:count("t"))
      -- and the new column and table of a failed batch are gone too
      err_of(db.insert, db, "fresh", { { a = 1 }, { a = print } })
      assert.same({ "t" }, db:tables())
      db:insert("fresh", { a = 2 })
      assert.equals(1, db:count("fresh"))
    end)

    it("refuses rows with non-string keys", function()
      assert.matches("row keys must be column names", err_of(db.insert, db, "t", { { 1, 2 } }))
    end)

    it("quotes table and column names", function()
      db:insert('we"ird table', { ['col "x"'] = 1, ["select"] = 2 })
      assert.equals(1, db:one('SELECT "col ""x""" AS v FROM "we""ird table"').v)
      assert.equals(1, db:count('we"ird table'))
    end)

    it("sees schema changes made outside insert", function()
      db:insert("t", { a = 1 })
      db:exec("DROP TABLE t")
      db:insert("t", { b = 2 })
      assert.same({ "b" }, { db:columns("t")[1].name })
    end)

    it("accepts many column sets in one batch", function()
      local rows = {}
      for i = 1, 300 do rows[i] = { ["c" .. (i % 7)] = i, k = i } end
      assert.equals(300, db:insert("t", rows))
      assert.equals(8, #db:columns("t"))
      assert.equals(300 * 301 / 2, db:one("SELECT sum(k) AS s FROM t").s)
    end)
  end)

  describe("upsert", function()
    local db
    before_each(function() db = lede.db.memory() end)

    it("inserts new rows and updates only the given columns of existing ones", function()
      db:insert("t", { id = 1, a = "one", b = 5 }, { pk = "id" })
      db:upsert("t", { { id = 1, a = "uno" }, { id = 2, a = "two" } }, { pk = "id" })
      assert.same({ id = 1, a = "uno", b = 5 }, db:one("SELECT * FROM t WHERE id = 1"))
      assert.equals(2, db:count("t"))
    end)

    it("finds the primary key of an existing table", function()
      db:insert("t", { id = 1, a = "x" }, { pk = "id" })
      db:upsert("t", { id = 1, a = "y" })
      assert.equals("y", db:one("SELECT a FROM t").a)
    end)

    it("creates the table with the key", function()
      db:upsert("t", { { k = "a", v = 1 }, { k = "a", v = 2 } }, { pk = "k" })
      assert.same({ { k = "a", v = 2 } }, rows_of(db, "SELECT * FROM t"))
    end)

    it("never deletes: a DELETE trigger does not fire", function()
      db:insert("t", { id = 1, a = "x" }, { pk = "id" })
      db:exec([[CREATE TABLE log (what TEXT);
        CREATE TRIGGER t_del AFTER DELETE ON t BEGIN INSERT INTO log VALUES ('deleted'); END]])
      db:upsert("t", { id = 1, a = "y" }, { pk = "id" })
      assert.equals(0, db:count("log"))
    end)

    it("needs a key", function()
      db:insert("t", { a = 1 })
      assert.matches("upsert needs a primary key", err_of(db.upsert, db, "t", { a = 2 }))
    end)

    it("does nothing for a row of key columns only", function()
      db:upsert("t", { id = 1 }, { pk = "id" })
      db:upsert("t", { id = 1 }, { pk = "id" })
      assert.equals(1, db:count("t"))
    end)

    it("returns the rowid of an updated single row", function()
      db:upsert("t", { { k = "a", v = 1 }, { k = "b", v = 1 } }, { pk = "k" })
      assert.equals(2, db:one("SELECT rowid AS r FROM t WHERE k = 'b'").r)
      assert.equals(1, db:upsert("t", { k = "a", v = 3 }, { pk = "k" }))
    end)
  end)

  describe("lookup", function()
    it("returns the id, creating the row and a unique index once", function()
      local db = lede.db.memory()
      local ukr = db:lookup("countries", { name = "Ukraine" })
      local fra = db:lookup("countries", { name = "France" })
      assert.equals(ukr, db:lookup("countries", { name = "Ukraine" }))
      assert.are_not.equal(ukr, fra)
      assert.equals(2, db:count("countries"))
      assert.matches("UNIQUE", err_of(db.exec, db, "INSERT INTO countries (name) VALUES ('France')"))
      assert.equals(true, db:columns("countries")[1].pk)
    end)

    it("matches several columns and NULL", function()
      local db = lede.db.memory()
      local a = db:lookup("people", { name = "Stubb", role = "president" })
      local b = db:lookup("people", { name = "Stubb", role = null })
      assert.are_not.equal(a, b)
      assert.equals(b, db:lookup("people", { name = "Stubb", role = null }))
      assert.equals(a, db:lookup("people", { role = "president", name = "Stubb" }))
    end)

    it("stores extra columns only when it creates the row", function()
      local db = lede.db.memory()
      local id = db:lookup("c", { iso = "FI" }, { name = "Finland" })
      assert.equals(id, db:lookup("c", { iso = "FI" }, { name = "ignored" }))
      assert.equals("Finland", db:one("SELECT name FROM c").name)
    end)
  end)

  describe("atomic", function()
    local db
    before_each(function()
      db = lede.db.memory()
      db:exec("CREATE TABLE t (v)")
    end)

    it("commits and returns fn's results", function()
      local a, b = db:atomic(function(d)
        d:insert("t", { v = 1 })
        assert.is_true(d:intransaction())
        return "x", 2
      end)
      assert.equals("x", a)
      assert.equals(2, b)
      assert.is_false(db:intransaction())
      assert.equals(1, db:count("t"))
    end)

    it("rolls back and re-raises the same error value", function()
      local e = { reason = "bad figure" }
      local ok, got = pcall(db.atomic, db, function(d)
        d:insert("t", { v = 1 })
        error(e)
      end)
      assert.is_false(ok)
      assert.equals(e, got)
      assert.equals(0, db:count("t"))
    end)

    it("nests as savepoints", function()
      db:atomic(function(d)
        d:insert("t", { v = "outer" })
        local ok = pcall(d.atomic, d, function()
          d:insert("t", { v = "inner" })
          error("inner fails")
        end)
        assert.is_false(ok)
        d:atomic(function() d:insert("t", { v = "inner ok" }) end)
      end)
      local vs = {}
      for row in db:query("SELECT v FROM t ORDER BY rowid") do vs[#vs + 1] = row.v end
      assert.same({ "outer", "inner ok" }, vs)
    end)

    it("rolls back everything when the outer one fails", function()
      pcall(db.atomic, db, function(d)
        d:atomic(function() d:insert("t", { v = 1 }) end)
        d:insert("t", { v = 2 })
        error("outer fails")
      end)
      assert.equals(0, db:count("t"))
    end)

    it("makes an insert inside it a savepoint, not a commit", function()
      pcall(db.atomic, db, function(d)
        d:insert("t", { { v = 1 }, { v = 2 } })
        error("later")
      end)
      assert.equals(0, db:count("t"))
    end)
  end)

  describe("full-text search", function()
    local db
    before_each(function()
      db = lede.db.memory()
      db:insert("stories", {
        { title = "Drones over KYIV", body = "Russia launched 112 drones overnight, officials in the U.S. said." },
        { title = "Coalition pledges", body = "Twenty-six of 35 countries pledged troops; it's a first for the coalition." },
        { title = "Markets", body = "Shares fell 2.5% in Frankfurt." },
      })
      assert.equals("stories_fts", db:enable_fts("stories", { "title", "body" }))
    end)

    local function titles(query, opts)
      local out = {}
      for hit in db:search("stories", query, opts) do out[#out + 1] = hit.title end
      table.sort(out)
      return out
    end

    it("finds words case-insensitively", function()
      assert.same({ "Drones over KYIV" }, titles("kyiv"))
      assert.same({ "Drones over KYIV" }, titles("DRONES"))
      assert.same({ "Coalition pledges" }, titles("coalition troops"))
    end)

    it("quotes punctuation so it is never FTS syntax", function()
      for _, q in ipairs { "U.S.", "it's", "-", "'", "Twenty-six", "2.5%", '"unbalanced', "AND",
        "OR NOT", "title:drones", "(", "*", "a:b:c", "NEAR(x y)", "" } do
        assert.has_no.errors(function() titles(q) end, q)
      end
      assert.same({ "Drones over KYIV" }, titles("U.S."))
      assert.same({ "Coalition pledges" }, titles("it's"))
      assert.same({ "Coalition pledges" }, titles('"pledged troops"'))
      assert.same({}, titles('"troops pledged"'))
    end)

    it("hits carry the row's columns, rowid and rank, best first", function()
      db:insert("stories", { title = "Drones again", body = "drones drones drones" })
      local hits = {}
      for hit in db:search("stories", "drones") do hits[#hits + 1] = hit end
      assert.equals(2, #hits)
      assert.equals("Drones again", hits[1].title)
      assert.is_true(hits[1].rank <= hits[2].rank)
      assert.equals(1, hits[2].rowid)
      assert.is_string(hits[2].body)
    end)

    it("keeps the index in sync through triggers", function()
      db:insert("stories", { title = "Late", body = "A new report on drones." })
      assert.equals(2, #titles("drones"))
      db:exec("UPDATE stories SET body = 'nothing here' WHERE title = 'Late'")
      assert.equals(1, #titles("drones"))
      db:exec("DELETE FROM stories WHERE title = 'Markets'")
      assert.same({}, titles("Frankfurt"))
    end)

    it("limits and restricts to columns", function()
      assert.equals(1, #titles("the", { limit = 1 }))
      assert.same({}, titles("kyiv", { columns = { "body" } }))
      assert.same({ "Drones over KYIV" }, titles("kyiv", { columns = "title" }))
    end)

    it("passes FTS5 syntax through with quote = false", function()
      assert.same({ "Coalition pledges", "Drones over KYIV" }, titles("drones OR coalition", { quote = false }))
      assert.same({ "Drones over KYIV" }, titles("dro*", { quote = false }))
      assert.matches("syntax error", err_of(titles, "(", { quote = false }))
    end)

    it("can skip triggers and replace an index", function()
      db:enable_fts("stories", { "body" }, { replace = true, triggers = false })
      db:insert("stories", { title = "Untracked", body = "zeppelin" })
      assert.same({}, titles("zeppelin"))
      assert.same({}, titles("kyiv"))   -- title is no longer indexed
      assert.matches("already exists", err_of(db.enable_fts, db, "stories", { "body" }))
    end)

    it("tokenizes with the lede tokenizer inside SQL", function()
      local row = db:one("SELECT count(*) AS n FROM stories_fts WHERE stories_fts MATCH ?", '"112"')
      assert.equals(1, row.n)
    end)
  end)

  describe("introspection", function()
    it("lists tables, columns and counts", function()
      local db = lede.db.memory()
      db:insert("b", { x = 1 })
      db:insert("a", { { id = 1, y = "s" }, { id = 2, y = "t" } }, { pk = "id" })
      assert.same({ "a", "b" }, db:tables())
      local cols = db:columns("a")
      assert.equals("id", cols[1].name)
      assert.is_true(cols[1].pk)
      assert.equals("TEXT", cols[2].type)
      assert.is_false(cols[2].pk)
      assert.equals(2, db:count("a"))
      assert.matches("no such table: zz", err_of(db.count, db, "zz"))
      assert.matches("no such table: zz", err_of(db.columns, db, "zz"))
    end)
  end)

  describe("bad conditions", function()
    it("reports a locked database after the timeout", function()
      local path = tmpdb()
      local a = lede.db.open(path)
      a:insert("t", { x = 1 })
      local b = lede.db.open(path, { timeout = 0.2 })
      a:exec("BEGIN IMMEDIATE")
      local t0 = os.time()
      local msg = err_of(b.insert, b, "t", { x = 2 })
      assert.matches("database is locked", msg)
      assert.is_true(os.time() - t0 < 5)
      assert.matches("database is locked", err_of(b.exec, b, "INSERT INTO t VALUES (3)"))
      a:exec("ROLLBACK")
      b:insert("t", { x = 2 })
      assert.equals(2, a:count("t"))
      a:close()
      b:close()
      cleanup(path)
    end)

    it("reports a full disk and keeps no partial rows", function()
      local path = tmpdb()
      local db = lede.db.open(path)
      db:insert("t", { x = 0, pad = "" })
      db:exec("PRAGMA max_page_count = " .. db:one("PRAGMA page_count").page_count + 1)
      local rows = {}
      for i = 1, 2000 do rows[i] = { x = i, pad = string.rep("z", 200) } end
      local msg = err_of(db.insert, db, "t", rows)
      assert.matches("database or disk is full", msg)
      assert.equals(1, db:count("t"))
      db:close()
      cleanup(path)
    end)
  end)
end)

describe("lede FTS5 tokenizer and hyphenated words", function()
  it("finds a compound by its parts and by itself", function()
    local lede = require "lede"
    local db = lede.db.memory()
    db:insert("notes", { { body = "A Kyiv-based analyst spoke." }, { body = "Kyiv is calm." },
                         { body = "Nothing based here." } })
    db:enable_fts("notes", { "body" })
    local function hits(q)
      local list = {}
      for h in db:search("notes", q) do list[#list + 1] = h.body end
      table.sort(list)
      return list
    end
    assert.same({ "A Kyiv-based analyst spoke.", "Kyiv is calm." }, hits("kyiv"))
    assert.same({ "A Kyiv-based analyst spoke." }, hits("Kyiv-based"))
    assert.same({ "A Kyiv-based analyst spoke.", "Nothing based here." }, hits("based"))
    db:close()
  end)
end)
