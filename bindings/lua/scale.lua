-- scale.lua -- past one process: `lede run -j N`, `lede map`, `lede load`
-- and `lede merge`.
--
-- map     runs a workflow as a pure map step: articles (JSONL) in on
--         stdin, the rows the script writes out on stdout as NDJSON, no
--         database. The shape GNU parallel --pipe, Hadoop Streaming,
--         Spark's RDD.pipe and Dask bags expect. Records, in order:
--           {"sql": "CREATE TABLE IF NOT EXISTS ..."}        DDL the script ran
--           {"article": {id, sha256, path, title, date, bytes},
--            "workflow": W, "script_sha256": H}              an article begins
--           {"table": T, "row": {...}[, "op": "upsert"][, "opts": {...}]}
--           {"done": true}                                   it succeeded
--         A failed article gives its "article" record and no rows, as a
--         run records the article even when the workflow fails on it.
-- load    writes such records into a database with the same db:insert /
--         db:upsert calls the script made, each article in its own
--         savepoint, recorded in `processed` like a run; an article its
--         workflow already processed with the same script is skipped, so
--         loading a file twice adds nothing.
-- merge   copies shard databases into one: schema first, then rows.
--         Rows a workflow wrote for an article (tables with lede_article)
--         replace that workflow's earlier rows for the article, as a
--         re-run does; keyed tables take each row once; other tables are
--         copied past a high-water mark kept per shard in lede_merges.
--         Merging the same shard twice adds nothing.
-- -j N    starts N worker processes of this program; each reads every
--         input but processes only the articles whose text hash falls in
--         its share (so one huge JSONL is shared, and duplicate texts
--         meet in one worker), writing into the database itself in short
--         transactions (runner.lua holds an article's writes until then).
--         There is no merge phase; a re-run goes on from what was
--         committed.
local lede = require "lede"
local out = require "lede.output"
local sys, proc = lede._sys, lede._proc

local M = {}

local function jencode(v) return out.encode_exact(v) end

local function plain(err)
  return (tostring(err):gsub('^%[string "[^"]*"%]:%d+: ', ""))
end

----------------------------------------------------------------- map

-- What a map step allows of `db`. Writes are recorded; reads need the
-- database, which a map step does not have, and are refused.
local READS = { "query", "one", "lookup", "search", "count", "tables", "columns",
  "rows", "first" }
local DDL = { create = true }

local Recorder = {}
Recorder.__index = Recorder

for _, name in ipairs(READS) do
  Recorder[name] = function()
    error(("db:%s reads the database, which `lede map` does not have: run this " ..
      "script with `lede run --db` (or `-j N`), or keep lookups out of it"):format(name), 2)
  end
end

function M.recorder(fh)
  return setmetatable({ fh = fh, buf = nil, ddl_seen = {} }, Recorder)
end

function Recorder:emit(rec)
  if self.buf then self.buf[#self.buf + 1] = rec
  else self.fh:write(jencode(rec), "\n") end
end

local function rows_of(rows)
  if type(rows) == "function" then
    local list = {}
    for r in rows do list[#list + 1] = r end
    return list
  end
  if type(rows) == "table" and rows[1] ~= nil then return rows end
  return { rows }
end

local function record_rows(self, op, tbl, rows, opts)
  if type(tbl) ~= "string" then
    error("bad argument #1 to '" .. op .. "' (table name expected)", 3)
  end
  if type(rows) ~= "table" and type(rows) ~= "function" then
    error("bad argument #2 to '" .. op .. "' (row, array of rows or iterator expected)", 3)
  end
  local n = 0
  for _, r in ipairs(rows_of(rows)) do
    local rec = { table = tbl, row = r }
    if op == "upsert" then rec.op = "upsert" end
    if opts ~= nil then rec.opts = opts end
    self:emit(rec)
    n = n + 1
  end
  return n
end

function Recorder:insert(tbl, rows, opts) return record_rows(self, "insert", tbl, rows, opts) end
function Recorder:upsert(tbl, rows, opts) return record_rows(self, "upsert", tbl, rows, opts) end

function Recorder:exec(sql, params)
  local first = type(sql) == "string" and sql:match("^%s*(%a+)")
  if not (first and DDL[first:lower()]) or params ~= nil then
    error("db:exec of anything but CREATE (TABLE, INDEX, VIEW, TRIGGER) is not " ..
      "allowed in `lede map`: write rows with db:insert or db:upsert", 2)
  end
  if not self.ddl_seen[sql] then
    self.ddl_seen[sql] = true
    self.fh:write(jencode { sql = sql }, "\n")   -- schema goes out at once
  end
  return 0
end

function Recorder:enable_fts(tbl, cols, opts)
  self.fh:write(jencode { call = "enable_fts", args = out.array { tbl, out.array(cols), opts } }, "\n")
end

function Recorder:atomic(fn) return fn(self) end
function Recorder:close() end
function Recorder:isopen() return true end
function Recorder:path() return nil end
function Recorder:intransaction() return false end

-- The runner calls this for each article in map mode: runs fn(doc) with
-- the rows buffered, then writes them (or only the article, on failure).
function Recorder:article(doc, hash, workflow, script_hash, fn)
  local title = doc.title or (doc.headline and doc.headline.text)
  local head = { article = out.ordered { "id", tostring(doc.id), "sha256", hash,
      "path", doc.path or out.null, "title", title or out.null, "date", doc.date or out.null,
      "bytes", #doc.text },
    workflow = workflow, script_sha256 = script_hash }
  self.buf = {}
  local ok, err = pcall(fn, doc)
  local buf = self.buf
  self.buf = nil
  local fh = self.fh
  fh:write(jencode(head), "\n")
  if not ok then error(err, 0) end
  for _, rec in ipairs(buf) do fh:write(jencode(rec), "\n") end
  fh:write('{"done":true}\n')
end

---------------------------------------------------------------- load

-- load(db, files, report) -> counts {articles, loaded, skipped, rows}
-- files: paths, or "-" for stdin.
function M.load(db, files, report)
  local runner = require "lede.runner"
  local c = { articles = 0, loaded = 0, skipped = 0, rows = 0, bad = 0 }
  runner.prepare(db)
  -- one run per workflow met in the rows (re-runs and merges find a
  -- workflow's earlier rows through runs.workflow)
  local runs = {}
  local function run_of(workflow, script)
    local r = runs[workflow]
    if not r then
      db:exec("INSERT INTO runs (workflow, script, script_sha256, lede_version, started, status, " ..
        "inputs, options) VALUES (?, 'lede load', ?, ?, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), " ..
        "'running', ?, '{\"load\":true}')", { workflow, script or lede.null, lede.version, out.encode(out.array(files)) })
      r = { id = db:one("SELECT last_insert_rowid() AS id").id, read = 0, processed = 0,
        skipped_done = 0, skipped_duplicate = 0, failed = 0, duplicates = {} }
      runs[workflow] = r
    end
    return r
  end
  local group            -- the article being loaded: {sha, workflow, skip}
  local last_commit, pending = sys.clock(), 0
  db:exec("BEGIN IMMEDIATE")
  local function close_group(ok)
    if not group then return end
    if not group.skip then
      if ok then
        db:exec("RELEASE lede_load")
        c.loaded = c.loaded + 1
      else
        db:exec("ROLLBACK TO lede_load")
        db:exec("RELEASE lede_load")
      end
    end
    group = nil
    pending = pending + 1
    if pending >= 1000 or sys.clock() - last_commit > 0.5 then
      db:exec("COMMIT")
      db:exec("BEGIN IMMEDIATE")
      pending, last_commit = 0, sys.clock()
    end
  end
  local function apply(rec)
    if rec.sql then
      local first = tostring(rec.sql):match("^%s*(%a+)")
      if not (first and DDL[first:lower()]) then error("only CREATE statements may be loaded", 0) end
      db:exec(rec.sql)
    elseif rec.call == "enable_fts" then
      local a = rec.args or {}
      db:enable_fts(a[1], a[2], a[3])
    elseif rec.article then
      close_group(false)
      local a = rec.article
      c.articles = c.articles + 1
      local r = run_of(tostring(rec.workflow), rec.script_sha256)
      r.read = r.read + 1
      local done = db:one("SELECT script_sha256 AS script FROM processed WHERE workflow = ? AND sha256 = ?",
        { rec.workflow, a.sha256 })
      group = { sha = a.sha256, workflow = rec.workflow, script = rec.script_sha256 or "" }
      db:exec("INSERT INTO articles (id, sha256, path, title, date, bytes) VALUES (?, ?, ?, ?, ?, ?) " ..
        "ON CONFLICT (sha256) DO NOTHING", { a.id, a.sha256, a.path, a.title, a.date, a.bytes })
      group.run = r
      if done and done.script == group.script then
        group.skip = true
        c.skipped = c.skipped + 1
        r.skipped_done = r.skipped_done + 1
      else
        db:exec("SAVEPOINT lede_load")
        if done then runner.forget(db, rec.workflow, a.sha256) end
        group.stamp = { run = r.id, article = a.sha256 }
      end
    elseif rec.done then
      if group and not group.skip then
        db:exec("INSERT INTO processed (workflow, sha256, script_sha256, run) VALUES (?, ?, ?, ?) " ..
          "ON CONFLICT (workflow, sha256) DO UPDATE SET script_sha256 = excluded.script_sha256, " ..
          "run = excluded.run, at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')",
          { group.workflow, group.sha, group.script, group.run.id })
        group.run.processed = group.run.processed + 1
      end
      close_group(true)
    elseif rec.table then
      if group and group.skip then return end
      if type(rec.row) ~= "table" then error("a row record needs a \"row\" object", 0) end
      local row = rec.row
      if group then
        row.lede_run, row.lede_article = group.stamp.run, group.stamp.article
      end
      local opts = rec.opts
      if rec.op == "upsert" then db:upsert(rec.table, row, opts) else db:insert(rec.table, row, opts) end
      c.rows = c.rows + 1
    else
      error("not a lede map record", 0)
    end
  end
  for _, path in ipairs(files) do
    local fh, err
    if path == "-" then fh = io.stdin else fh, err = io.open(path, "rb") end
    if not fh then
      report(err)
    else
      local n = 0
      for line in fh:lines() do
        n = n + 1
        if line:find("%S") then
          local where = ("%s:%d"):format(path == "-" and "<stdin>" or path, n)
          local rec, jerr = lede._json.decode(line, lede.null)
          if type(rec) ~= "table" then
            c.bad = c.bad + 1
            report(("%s: %s"):format(where, jerr or "not a JSON object"))
          else
            local ok, aerr = pcall(apply, rec)
            if not ok then
              c.bad = c.bad + 1
              report(("%s: %s"):format(where, plain(aerr)))
              if group and not group.skip then close_group(false) end
              group = group and { skip = true } or nil   -- the rest of this article is dropped
            end
          end
        end
      end
      if fh ~= io.stdin then fh:close() end
    end
  end
  close_group(false)
  db:exec("COMMIT")
  for _, r in pairs(runs) do
    r.failed = c.bad
    runner.finish_run_on(db, r.id, c.bad > 0 and "failed" or "ok", r)
  end
  return c
end

--------------------------------------------------------------- merge

local function tables_of(db)
  local list = {}
  for r in db:query("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE sql IS NOT NULL " ..
      "AND name NOT LIKE 'sqlite_%' ORDER BY CASE type WHEN 'table' THEN 0 ELSE 1 END, rowid") do
    list[#list + 1] = r
  end
  return list
end

-- FTS5 shadow tables are filled by their virtual table, never copied.
local function shadow_names(list)
  local virtual, shadow = {}, {}
  for _, t in ipairs(list) do
    if t.type == "table" and t.sql:match("^%s*CREATE%s+VIRTUAL%s+TABLE") then virtual[t.name] = true end
  end
  for _, t in ipairs(list) do
    for v in pairs(virtual) do
      for _, suffix in ipairs { "_data", "_idx", "_content", "_docsize", "_config" } do
        if t.name == v .. suffix then shadow[t.name] = true end
      end
    end
  end
  return virtual, shadow
end

local function key_columns(db, tbl)
  local pk = {}
  for r in db:query(("PRAGMA table_info(%s)"):format(lede.db.quote_name(tbl))) do
    if r.pk and r.pk > 0 then pk[#pk + 1] = r.name end
  end
  if #pk > 0 then return true end
  for r in db:query(("PRAGMA index_list(%s)"):format(lede.db.quote_name(tbl))) do
    if r.unique == 1 then return true end
  end
  return false
end

local MERGES_SQL = [[CREATE TABLE IF NOT EXISTS lede_merges (
  shard TEXT NOT NULL, tbl TEXT NOT NULL, last_rowid INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (shard, tbl))]]

-- A shard's identity: written into it on first sight.
local function shard_id(path)
  local s = lede.db.open(path)
  s:exec("CREATE TABLE IF NOT EXISTS lede_shard (id TEXT NOT NULL)")
  local r = s:one("SELECT id FROM lede_shard")
  local id = r and r.id
  if not id then
    id = sys.sha256(path .. tostring(sys.clock()) .. tostring(proc.pid()) .. tostring(math.random()))
    s:exec("INSERT INTO lede_shard (id) VALUES (?)", { id })
  end
  s:close()
  return id
end

local SKIP = { lede_shard = true, lede_merges = true }

-- merge_one(dst, path) -> rows copied. The shard is attached to the
-- target, so rows move in SQL (INSERT ... SELECT), one transaction.
function M.merge_one(dst, path)
  local sid = shard_id(path)
  local runner = require "lede.runner"
  local qn = lede.db.quote_name
  runner.prepare(dst)
  dst:exec(MERGES_SQL)
  dst:exec("ATTACH DATABASE ? AS lede_shard", { path })
  local ok, res = pcall(function()
    dst:exec("BEGIN IMMEDIATE")
    local list = {}
    for r in dst:query("SELECT type, name, tbl_name, sql FROM lede_shard.sqlite_master " ..
        "WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' " ..
        "ORDER BY CASE type WHEN 'table' THEN 0 ELSE 1 END, rowid") do
      list[#list + 1] = r
    end
    local virtual, shadow = shadow_names(list)
    local have, in_shard = {}, {}
    for _, t in ipairs(tables_of(dst)) do have[t.type .. "\0" .. t.name] = true end
    for _, t in ipairs(list) do in_shard[t.name] = true end
    local function columns(schema, tbl)
      local cols = {}
      for r in dst:query(("PRAGMA %s.table_info(%s)"):format(schema, qn(tbl))) do
        cols[#cols + 1] = { name = r.name, type = r.type }
      end
      return cols
    end
    -- schema: tables (and new columns), then indexes, views and triggers
    for _, t in ipairs(list) do
      if not SKIP[t.name] and not shadow[t.name] then
        if not have[t.type .. "\0" .. t.name] then
          dst:exec(t.sql)
        elseif t.type == "table" and not virtual[t.name] then
          local cols = {}
          for _, col in ipairs(columns("main", t.name)) do cols[col.name] = true end
          for _, col in ipairs(columns("lede_shard", t.name)) do
            if not cols[col.name] then
              dst:exec(("ALTER TABLE main.%s ADD COLUMN %s %s"):format(qn(t.name), qn(col.name), col.type or ""))
            end
          end
        end
      end
    end
    -- runs: each shard run becomes a run of the target, once; the map
    -- from shard run ids to target run ids rewrites lede_run below
    dst:exec("CREATE TEMP TABLE IF NOT EXISTS lede_run_map (old INTEGER PRIMARY KEY, new INTEGER)")
    dst:exec("DELETE FROM temp.lede_run_map")
    local shard_runs = {}
    -- (a worker killed as it started may have left a shard without them)
    if in_shard.runs then
      for r in dst:query("SELECT * FROM lede_shard.runs ORDER BY id") do shard_runs[#shard_runs + 1] = r end
    end
    for _, r in ipairs(shard_runs) do
      local key = "runs#" .. r.id
      local m = dst:one("SELECT last_rowid AS id FROM lede_merges WHERE shard = ? AND tbl = ?", { sid, key })
      local names, vals = {}, {}
      for k, v in pairs(r) do
        if k ~= "id" then names[#names + 1] = qn(k); vals[#vals + 1] = v end
      end
      local id
      if m then
        local sets = {}
        for k, n in ipairs(names) do sets[k] = n .. " = ?" end
        vals[#vals + 1] = m.id
        dst:exec(("UPDATE main.runs SET %s WHERE id = ?"):format(table.concat(sets, ", ")), vals)
        id = m.id
      else
        dst:exec(("INSERT INTO main.runs (%s) VALUES (%s)"):format(table.concat(names, ", "),
          ("?"):rep(#names, ", ")), vals)
        id = dst:one("SELECT last_insert_rowid() AS id").id
        dst:exec("INSERT INTO lede_merges (shard, tbl, last_rowid) VALUES (?, ?, ?)", { sid, key, id })
      end
      dst:exec("INSERT INTO temp.lede_run_map (old, new) VALUES (?, ?)", { r.id, id })
    end
    local function run_expr(col) return ("COALESCE((SELECT new FROM temp.lede_run_map WHERE old = %s), %s)"):format(col, col) end
    local before = dst:one("SELECT total_changes() AS n").n
    -- articles; then the rows each workflow wrote before for the articles
    -- the shard processed are forgotten (a re-run's replacement); then
    -- what the shard processed
    local acols = {}
    for _, col in ipairs(in_shard.articles and columns("lede_shard", "articles") or {}) do
      acols[#acols + 1] = qn(col.name)
    end
    if #acols > 0 then
      dst:exec(("INSERT INTO main.articles (%s) SELECT %s FROM lede_shard.articles WHERE true " ..
        "ON CONFLICT (sha256) DO NOTHING"):format(table.concat(acols, ", "), table.concat(acols, ", ")))
    end
    for _, t in ipairs(in_shard.processed and tables_of(dst) or {}) do
      if t.type == "table" then
        local stamped = 0
        for _, col in ipairs(columns("main", t.name)) do
          if col.name == "lede_run" or col.name == "lede_article" then stamped = stamped + 1 end
        end
        if stamped == 2 then
          dst:exec(("CREATE INDEX IF NOT EXISTS main.%s ON %s (lede_article)"):format(qn(t.name .. "_lede_article"), qn(t.name)))
          dst:exec(("DELETE FROM main.%s WHERE lede_article IN (SELECT sha256 FROM lede_shard.processed) " ..
            "AND EXISTS (SELECT 1 FROM main.runs r JOIN lede_shard.processed p ON p.workflow = r.workflow " ..
            "WHERE r.id = main.%s.lede_run AND p.sha256 = main.%s.lede_article)"):format(qn(t.name), qn(t.name), qn(t.name)))
        end
      end
    end
    if in_shard.processed then
      dst:exec("INSERT INTO main.processed (workflow, sha256, script_sha256, run, at) " ..
        "SELECT workflow, sha256, script_sha256, " .. run_expr("run") .. ", at FROM lede_shard.processed WHERE true " ..
        "ON CONFLICT (workflow, sha256) DO UPDATE SET script_sha256 = excluded.script_sha256, " ..
        "run = excluded.run, at = excluded.at")
    end
    -- every other table: stamped rows come back in full (they were
    -- forgotten above), keyed rows are taken once, and the rest only past
    -- the shard's high-water mark
    local BOOK = { articles = true, processed = true, runs = true }
    for _, t in ipairs(list) do
      local name = t.name
      if t.type == "table" and not BOOK[name] and not SKIP[name] and not shadow[name]
          and not virtual[name] then
        local cols, sel, stamped = {}, {}, false
        for _, col in ipairs(columns("lede_shard", name)) do
          cols[#cols + 1] = qn(col.name)
          sel[#sel + 1] = col.name == "lede_run" and run_expr("lede_run") or qn(col.name)
          if col.name == "lede_article" then stamped = true end
        end
        local keyed = key_columns(dst, name)
        local has_rowid = not t.sql:upper():find("WITHOUT%s+ROWID")
        local hw_key = "rows#" .. name
        local hw = dst:one("SELECT last_rowid AS n FROM lede_merges WHERE shard = ? AND tbl = ?", { sid, hw_key })
        local last = hw and hw.n or 0
        local where = "true"
        if has_rowid and not keyed then
          where = stamped and ("(lede_article IS NOT NULL OR rowid > %d)"):format(last)
            or ("rowid > %d"):format(last)
        end
        dst:exec(("INSERT INTO main.%s (%s) SELECT %s FROM lede_shard.%s WHERE %s%s"):format(qn(name),
          table.concat(cols, ", "), table.concat(sel, ", "), qn(name), where,
          keyed and " ON CONFLICT DO NOTHING" or ""))
        if has_rowid and not keyed then
          local top = dst:one(("SELECT MAX(rowid) AS n FROM lede_shard.%s"):format(qn(name))).n
          if top ~= nil and top ~= lede.null and top > last then
            dst:exec("INSERT INTO lede_merges (shard, tbl, last_rowid) VALUES (?, ?, ?) " ..
              "ON CONFLICT (shard, tbl) DO UPDATE SET last_rowid = excluded.last_rowid", { sid, hw_key, top })
          end
        end
      end
    end
    local copied = dst:one("SELECT total_changes() AS n").n - before
    dst:exec("COMMIT")
    return copied
  end)
  if dst:intransaction() then pcall(dst.exec, dst, "ROLLBACK") end
  pcall(dst.exec, dst, "DETACH DATABASE lede_shard")
  if not ok then error(path .. ": " .. plain(res), 0) end
  return res
end

------------------------------------------------------------ parallel

local function read_summary(path)
  local f = io.open(path, "rb")
  if not f then return nil end
  local s = f:read("a")
  f:close()
  return lede._json.decode(s)
end

-- parallel(argv, opts, script, words) -> exit status. argv is the command
-- line as given (argv[1] == "run"); workers get it again without -j, with
-- LEDE__WORKER=k/n (their share), LEDE__RUN (the run's row, which they
-- stamp their rows with) and LEDE__SUMMARY (where they leave their counts).
function M.parallel(argv, opts, script, words)
  local runner = require "lede.runner"
  local n = math.tointeger(tonumber(opts.j))
  local target = opts.db
  local base = {}
  do
    local i = 2
    while i <= #argv do
      local a = argv[i]
      if a == "-j" or a == "--jobs" then i = i + 1
      elseif not (a:match("^%-j%d+$") or a:match("^%-%-jobs=")) then base[#base + 1] = a end
      i = i + 1
    end
  end
  local f = io.open(script, "rb")
  local src = f and f:read("a")
  if f then f:close() end
  local dst = lede.db.open(target)
  local run_opts = {}
  for k, v in pairs(opts) do run_opts[k] = v end
  local run_id = runner.start_run(dst, script, words, run_opts, src and sys.sha256(src) or nil)
  local exe = assert(proc.exe())
  local workers = {}
  for k = 0, n - 1 do
    local summary = os.tmpname()
    local args = { exe, "run" }
    for _, a in ipairs(base) do args[#args + 1] = a end
    local pid, err = proc.spawn(args, { LEDE__WORKER = ("%d/%d"):format(k, n),
      LEDE__RUN = tostring(run_id), LEDE__SUMMARY = summary })
    if not pid then
      io.stderr:write("lede: ", err, "\n")
      for _, w in ipairs(workers) do proc.kill(w.pid, "TERM") end
      dst:close()
      return 1
    end
    workers[#workers + 1] = { pid = pid, summary = summary, k = k }
  end
  local tty = sys.isatty(2)
  local started, shown = sys.clock(), 0
  local running = #workers
  if not tty then   -- no progress to draw: wait for each, at once
    for _, w in ipairs(workers) do w.status = proc.wait(w.pid) or 1 end
    running = 0
  end
  while running > 0 do
    running = 0
    for _, w in ipairs(workers) do
      if w.status == nil then
        w.status = proc.wait(w.pid, true)
        if w.status == nil then running = running + 1 end
      end
    end
    if tty and sys.clock() - shown > 0.5 then
      shown = sys.clock()
      local done, total = 0, nil
      for _, w in ipairs(workers) do
        local s = read_summary(w.summary)
        if s then done = done + (s.processed or 0) + (s.skipped_done or 0) + (s.failed or 0)
          total = s.total end
      end
      local rate = done / math.max(sys.clock() - started, 1e-6)
      io.stderr:write(("\r\27[Klede: %d workers: %d articles%s  %.0f/s"):format(#workers, done,
        total and ("/" .. total) or "", rate))
    end
    if running > 0 then proc.sleep(0.05) end
  end
  if tty then io.stderr:write("\r\27[K") end
  -- one summary, and the run's row, for all workers
  local status = 0
  local sum = { read = 0, processed = 0, skipped_done = 0, skipped_duplicate = 0, failed = 0,
    duplicates = {}, plugins = {} }
  local state = "ok"
  local cpu = {}
  for _, w in ipairs(workers) do
    local s = read_summary(w.summary)
    cpu[#cpu + 1] = ("%.1f"):format(s and tonumber(s.cpu) or 0)
    os.remove(w.summary)
    os.remove(w.summary .. ".tmp")
    if s then
      for k in pairs(sum) do
        if type(sum[k]) == "number" then sum[k] = sum[k] + (tonumber(s[k]) or 0) end
      end
      for _, d in ipairs(type(s.duplicates) == "table" and s.duplicates or {}) do
        sum.duplicates[#sum.duplicates + 1] = d
      end
      if type(s.plugins) == "table" and #s.plugins > 0 then sum.plugins = s.plugins end
      if s.status and s.status ~= "ok" and state ~= "error" then state = s.status end
    end
    if w.status ~= 0 then
      status = 1
      if state == "ok" then state = "failed" end
      if w.status > 128 then
        io.stderr:write(("lede: worker %d was stopped by signal %d; what it committed is kept, " ..
          "re-run to finish\n"):format(w.k + 1, w.status - 128))
      end
    end
  end
  runner.finish_run_on(dst, run_id, state, sum)
  dst:close()
  io.stderr:write(("lede: %d workers: %d articles read, %d processed, %d skipped as done, " ..
    "%d skipped as duplicate text, %d failed (CPU s: %s)\n"):format(#workers,
    sum.read, sum.processed, sum.skipped_done, sum.skipped_duplicate, sum.failed,
    table.concat(cpu, " + ")))
  return status
end

-- The share of a worker (LEDE__WORKER = "k/n"): a function of an
-- article's sha256, or nil outside a worker.
function M.worker_share()
  local spec = os.getenv("LEDE__WORKER")
  if not spec then return nil end
  local k, n = spec:match("^(%d+)/(%d+)$")
  k, n = tonumber(k), tonumber(n)
  if not k or not n or n < 1 then return nil end
  return function(hash)
    if hash == nil then return k == 0 end   -- an input without a text: the first worker's
    return tonumber(hash:sub(1, 8), 16) % n == k
  end
end

return M
