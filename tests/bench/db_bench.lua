-- db_bench.lua -- rows/s of lede.db inserts, beside raw prepared inserts.
--
--   LUA_CPATH='bin/?.so;;' lua5.4 tests/bench/db_bench.lua [ROWS]
--
-- Each run writes ROWS (default 1,000,000) small rows (an integer, a
-- float, a short text) into a fresh on-disk database in WAL mode:
--   array     db:insert("t", rows) with the rows built beforehand
--   iterator  db:insert("t", function() ... end) building each row on demand
--   raw exec  db:exec of one prepared INSERT per row inside db:atomic
--             (the floor of what Lua can do through the binding)
-- The goal in issue 6 is >= 500,000 rows/s for db:insert.
local lede = require "lede"

local N = tonumber(arg and arg[1]) or 1000000
local clock = os.clock

local function fresh()
  collectgarbage()   -- the previous run's garbage is not this run's cost
  local path = os.tmpname()
  os.remove(path)
  return lede.db.open(path), path
end

local function cleanup(db, path)
  db:close()
  for _, suffix in ipairs { "", "-wal", "-shm" } do os.remove(path .. suffix) end
end

local function report(name, n, seconds)
  print(("%-10s %9d rows  %6.2f s  %10.0f rows/s"):format(name, n, seconds, n / seconds))
end

local function row(i)
  return { id = i, score = i * 0.5, name = "row" .. (i % 1000) }
end

-- array insert (row building not timed)
do
  local db, path = fresh()
  local rows = {}
  for i = 1, N do rows[i] = row(i) end
  local t0 = clock()
  local n = db:insert("t", rows)
  report("array", n, clock() - t0)
  assert(db:count("t") == N)
  cleanup(db, path)
end

-- iterator insert (row building timed: it is part of the loop)
do
  local db, path = fresh()
  local i = 0
  local t0 = clock()
  local n = db:insert("t", function()
    i = i + 1
    if i <= N then return row(i) end
  end)
  report("iterator", n, clock() - t0)
  assert(db:count("t") == N)
  cleanup(db, path)
end

-- raw prepared inserts through db:exec (cached statement, positional values)
do
  local db, path = fresh()
  db:exec("CREATE TABLE t (id INTEGER, name TEXT, score REAL)")
  local t0 = clock()
  db:atomic(function()
    for i = 1, N do
      db:exec("INSERT INTO t (id, name, score) VALUES (?, ?, ?)", i, "row" .. (i % 1000), i * 0.5)
    end
  end)
  report("raw exec", N, clock() - t0)
  cleanup(db, path)
end
