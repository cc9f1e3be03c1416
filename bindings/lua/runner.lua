-- runner.lua -- `lede run SCRIPT [--db PATH] [--fail-fast] [INPUT...]` and
-- lede.each, the per-article loop that workflows are written around.
--
--   lede.each(function(doc) ... end)            -- the run's inputs (arg)
--   lede.each(inputs, function(doc) ... end)    -- any list of inputs
--
-- With a database open (lede run --db, or lede.each{db = ...}), every
-- article is recorded in the `articles` table (keyed by the SHA-256 of
-- its text) and processed inside one transaction, which also records it
-- in `processed` (workflow, sha256, script_sha256, run); articles are
-- committed in batches of at most half a second. An error rolls back that
-- article's rows and the run goes on.
--
-- A workflow is the script's name (opts.workflow overrides) and its
-- content: an article this workflow already processed with the same
-- script text is skipped (a killed run picks up where it stopped, a
-- re-run creates no duplicates); after the script changed, or with
-- --force, the article is processed again and the rows the workflow wrote
-- for it before are deleted first. That works because every row written
-- with db:insert / db:upsert during lede.each carries `lede_run` (the id
-- of its run in the `runs` table) and `lede_article` (the article's
-- sha256). The `runs` table records each run: times, lede's version, the
-- script's path and hash, the plugins it loaded, inputs, options and the
-- summary counts, which are also printed on stderr at the end.
local lede = require "lede"
local sys = lede._sys

local M = {}

-- A batch of articles is committed after this many seconds or articles.
M.COMMIT_SECONDS = 0.5
M.COMMIT_ARTICLES = 1000

-- State of the current run (a script may also call lede.each under a
-- stock lua5.4, where there is no run: then errors raise as usual).
local run = { failures = 0, fail_fast = false, repair = false, db = nil }

local ARTICLES_SQL = [[
CREATE TABLE IF NOT EXISTS articles (
  id TEXT NOT NULL,
  sha256 TEXT PRIMARY KEY,
  path TEXT,
  title TEXT,
  date TEXT,
  bytes INTEGER NOT NULL,
  text TEXT,
  first_seen TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE TABLE IF NOT EXISTS processed (
  workflow TEXT NOT NULL,
  sha256 TEXT NOT NULL REFERENCES articles (sha256),
  at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  PRIMARY KEY (workflow, sha256)
);
CREATE TABLE IF NOT EXISTS runs (
  id INTEGER PRIMARY KEY,
  workflow TEXT,
  script TEXT,
  script_sha256 TEXT,
  lede_version TEXT NOT NULL,
  started TEXT NOT NULL,
  ended TEXT,
  status TEXT,
  inputs TEXT,
  options TEXT,
  plugins TEXT,
  articles_read INTEGER NOT NULL DEFAULT 0,
  processed INTEGER NOT NULL DEFAULT 0,
  skipped_done INTEGER NOT NULL DEFAULT 0,
  skipped_duplicate INTEGER NOT NULL DEFAULT 0,
  failed INTEGER NOT NULL DEFAULT 0,
  duplicates TEXT
)]]

-- Columns added after the tables' first version.
local ADDED_COLUMNS = {
  processed = { script_sha256 = "TEXT", run = "INTEGER" },
  articles = { text = "TEXT" },
}

local worker_setup

local function now()
  return os.date("!%Y-%m-%dT%H:%M:%SZ")
end

local function json(v)
  return require("lede.output").encode(v)
end

-- The tables lede.each keeps, created (and brought up to date) once per
-- database.
local ready = setmetatable({}, { __mode = "k" })
local function prepare(db)
  if ready[db] then return end
  db:exec(ARTICLES_SQL)
  for tbl, cols in pairs(ADDED_COLUMNS) do
    local have = {}
    for _, c in ipairs(db:columns(tbl)) do have[c.name] = true end
    for name, ty in pairs(cols) do
      if not have[name] then
        db:exec(("ALTER TABLE %s ADD COLUMN %s %s"):format(tbl, name, ty))
      end
    end
  end
  ready[db] = true
end

-- The database of this run: the one --db named.
local function current_db()
  if not run.db and run.db_path then
    run.db = lede.db.open(run.db_path)
    rawset(_G, "db", run.db)
  end
  return run.db
end
lede.current_db = current_db

------------------------------------------------------------ provenance

-- Rows written while an article is processed carry lede_run and
-- lede_article: db:insert and db:upsert add them (stamp[db] is set only
-- inside lede.each's call of the workflow).
local stamp = setmetatable({}, { __mode = "k" })
local Database = lede.db._methods

local function stamped(row, st)
  local r = {}
  for k, v in pairs(row) do r[k] = v end
  if r.lede_run == nil then r.lede_run = st.run end
  if r.lede_article == nil then r.lede_article = st.article end
  return r
end

local function stamp_rows(rows, st)
  if type(rows) == "function" then
    return function()
      local r = rows()
      if type(r) == "table" then return stamped(r, st) end
      return r
    end
  elseif type(rows) == "table" and getmetatable(rows) == nil then
    if rows[1] ~= nil then
      local out = {}
      for i, r in ipairs(rows) do
        out[i] = type(r) == "table" and stamped(r, st) or r
      end
      return out
    end
    return stamped(rows, st)
  end
  return rows
end

-- A worker of `lede run -j` writes into the run's database beside the
-- other workers. While its workflow runs on an article, the writes are
-- held in memory (held[db] is that article's list) and written later in a
-- short transaction with the rest of a batch, so a worker holds the write
-- lock only while writing. A read (db:query, db:one, and what is built on
-- them, db:lookup, db:count, ...) needs the database as one process would
-- have it: escalate[db] writes out the batch and the article's writes so
-- far, and the article goes on writing directly inside that transaction,
-- which ends with the article. So a workflow that reads gets what one
-- process would give it, working alone while it holds the lock. What is
-- held returns no rowid: db:insert of one row gives nil (db:lookup does
-- give the id).
local held = setmetatable({}, { __mode = "k" })
local escalate = setmetatable({}, { __mode = "k" })
local raw_write = { insert = Database.insert, upsert = Database.upsert, exec = Database.exec }
local raw_one = Database.one   -- lede.each's own questions, never held

-- Keeps a copy of a write (the script may reuse its row tables), stamped.
local function hold(list, op, tbl, rows, st, opts)
  if type(tbl) ~= "string" then
    error(("bad argument #1 to '%s' (string expected, got %s)"):format(op, type(tbl)), 3)
  end
  if type(rows) ~= "table" and type(rows) ~= "function" then
    error(("bad argument #2 to '%s' (row, array of rows or iterator expected)"):format(op), 3)
  end
  local copy, single = {}, false
  local function add(r)
    if type(r) ~= "table" then error(("a row is a %s, not a table"):format(type(r)), 4) end
    copy[#copy + 1] = stamped(r, st)
  end
  if type(rows) == "function" then
    for r in rows do add(r) end
  elseif type(rawget(rows, 1)) == "table" then
    for _, r in ipairs(rows) do add(r) end
  elseif next(rows) ~= nil then
    add(rows)
    single = true
  end
  if #copy > 0 then list[#list + 1] = { op, tbl, copy, opts } end
  if single then return nil end   -- its rowid is not known until written
  return #copy
end

for _, name in ipairs { "insert", "upsert" } do
  local raw = raw_write[name]
  Database[name] = function(db, tbl, rows, ...)
    local st = stamp[db]
    local list = held[db]
    if list then return hold(list, name, tbl, rows, st, ...) end
    if st and st.run then rows = stamp_rows(rows, st) end
    return raw(db, tbl, rows, ...)
  end
end

-- In a worker, db:exec holds its statement too, and the reads escalate.
-- A method called through here raises at the script's line, as a direct
-- call does (the C functions name their caller).
local function as_caller(raw, ...)
  local res = table.pack(pcall(raw, ...))
  if res[1] then return table.unpack(res, 2, res.n) end
  if type(res[2]) ~= "string" then error(res[2], 0) end
  error((res[2]:gsub('^%[string "lede[%w_%.]*"%]:%d+: ', "")), 3)
end

local function hold_all()
  Database.exec = function(db, sql, ...)
    local list = held[db]
    if list then
      local params = ...
      if type(params) == "table" then
        local p = {}
        for k, v in pairs(params) do p[k] = v end
        params = p
      end
      list[#list + 1] = { "exec", sql, params }
      return 0
    end
    return as_caller(raw_write.exec, db, sql, ...)
  end
  for _, name in ipairs { "query", "one", "_begin" } do
    local raw = Database[name]
    Database[name] = function(db, ...)
      if held[db] then escalate[db](db) end
      return as_caller(raw, db, ...)
    end
  end
end

-- Replays held writes on the database (in the caller's transaction).
local function replay(db, list)
  for _, w in ipairs(list) do
    if w[1] == "exec" then
      if w[3] == nil then raw_write.exec(db, w[2]) else raw_write.exec(db, w[2], w[3]) end
    else raw_write[w[1]](db, w[2], w[3], w[4]) end
  end
end

-- Deletes the rows a workflow wrote for one article in earlier runs (the
-- tables with lede_run and lede_article), so that processing it again
-- replaces them.
local function forget(db, workflow, sha, cache)
  if not cache.tables then
    cache.tables = {}
    for _, t in ipairs(db:tables()) do
      local cols = {}
      for _, c in ipairs(db:columns(t)) do cols[c.name] = true end
      if cols.lede_run and cols.lede_article then
        local q = lede.db.quote_name(t)
        db:exec(("CREATE INDEX IF NOT EXISTS %s ON %s (lede_article)")
          :format(lede.db.quote_name(t .. "_lede_article"), q))
        cache.tables[#cache.tables + 1] = q
      end
    end
  end
  for _, q in ipairs(cache.tables) do
    db:exec(("DELETE FROM %s WHERE lede_article = ? AND lede_run IN " ..
      "(SELECT id FROM runs WHERE workflow = ?)"):format(q), { sha, workflow })
  end
end

-- The plugins this process loaded: name, version, hash of plugin.lua.
local function plugins_used()
  local list = {}
  local ok, P = pcall(require, "lede.plugin")
  if not ok then return list end
  for name, rec in pairs(P.loaded or {}) do
    list[#list + 1] = { name = name, version = rec.manifest and rec.manifest.version,
      sha256 = rec.sha256, dir = rec.dir }
  end
  table.sort(list, function(a, b) return a.name < b.name end)
  return list
end

------------------------------------------------------ progress, summary

local function fmt_time(s)
  s = math.floor(s + 0.5)
  if s >= 3600 then return ("%d:%02d:%02d"):format(s // 3600, s % 3600 // 60, s % 60) end
  return ("%d:%02d"):format(s // 60, s % 60)
end

-- One line on stderr, rewritten in place, only on a terminal: count,
-- total when known, rate, ETA.
local function progress(p, i, force)
  if not p.tty then return end
  local t = sys.clock()
  if not force and t - p.shown < 0.1 then return end
  p.shown = t
  local rate = i / math.max(t - p.started, 1e-6)
  local line
  if p.total then
    line = ("lede: %d/%d articles  %.0f/s  ETA %s"):format(i, p.total, rate,
      fmt_time((p.total - i) / math.max(rate, 1e-6)))
  else
    line = ("lede: %d articles  %.0f/s"):format(i, rate)
  end
  io.stderr:write("\r\27[K", line)
  p.drawn = true
end

local function progress_done(p)
  if p.drawn then io.stderr:write("\r\27[K") end
end

-- `db` in a run without --db: any use of it says what to do.
local NO_DB = setmetatable({}, {
  __index = function()
    error("this script uses `db` but no database was given: " ..
      "run it with --db PATH (lede run SCRIPT --db PATH ...)", 2)
  end,
  __tostring = function() return "lede.db (none: run with --db PATH)" end,
})

-- Where in the script an error happened: "script.lua:12: message" is
-- kept as Lua gives it; a traceback is trimmed to its first line, and a
-- position inside lede's own Lua parts ([string "lede.doc"]:40:) is
-- dropped: it says nothing to the script's author.
local function describe(err)
  return (tostring(err):match("^[^\n]*"):gsub('^%[string "lede[%w_%.]*"%]:%d+: ', ""))
end
lede._message = describe

-- Reports an article's error once per distinct message; repeats are
-- counted for the summary.
local function report_failure(id, msg)
  local seen = run.errors[msg]
  if seen then
    seen.count = seen.count + 1
    return
  end
  run.errors[msg] = { count = 1, first = id }
  run.error_order[#run.error_order + 1] = msg
  io.stderr:write(("lede: %s: %s\n"):format(tostring(id), msg))
end

local MAX_LISTED = 10

local function summary_lines(c)
  local lines = {}
  lines[1] = ("lede: %d article%s read, %d processed, %d skipped as done, " ..
    "%d skipped as duplicate text, %d failed"):format(c.read,
    c.read == 1 and "" or "s", c.processed, c.skipped_done,
    c.skipped_duplicate, c.failed)
  if #c.duplicates > 0 then
    local l = {}
    for k = 1, math.min(#c.duplicates, MAX_LISTED) do
      l[k] = ("%s (= %s)"):format(c.duplicates[k][1], c.duplicates[k][2])
    end
    local more = #c.duplicates - MAX_LISTED
    lines[#lines + 1] = "lede: duplicate text skipped: " .. table.concat(l, ", ") ..
      (more > 0 and (", and %d more (runs.duplicates lists all)"):format(more) or "")
  end
  for _, msg in ipairs(run.error_order) do
    local e = run.errors[msg]
    if e.count > 1 then
      lines[#lines + 1] = ("lede: %d articles failed with: %s (first: %s)")
        :format(e.count, msg, tostring(e.first))
    end
  end
  return lines
end

------------------------------------------------------------------ each

-- lede.each([inputs,] fn [, opts]) -> processed, failed, skipped
function lede.each(inputs, fn, opts)
  if type(inputs) == "function" then
    inputs, fn, opts = nil, inputs, fn
  end
  opts = opts or {}
  if inputs == nil then
    inputs = {}
    local a = rawget(_G, "arg") or {}
    for i = 1, #a do inputs[i] = a[i] end
    if #inputs == 0 then inputs = { "-" } end
  end
  -- the run's database when the run has one (--db); opts.db = false
  -- runs without one
  local db = opts.db
  if db == nil then db = run.db end
  if db then prepare(db) end
  local script = (rawget(_G, "arg") or {})[0]
  local workflow = opts.workflow
    or (script and tostring(script):match("([^/]+)%.lua$")) or "script"
  local script_hash = run.script_sha256 or ""
  local force = opts.force or run.force
  local c = run.counts or { read = 0, processed = 0, skipped_done = 0,
    skipped_duplicate = 0, failed = 0, duplicates = {} }
  run.counts = c
  local run_id = db and db == run.db and run.id or nil
  local forget_cache = {}
  local keep_text = not (opts.no_text or run.no_text)
  local processed, failed, skipped, i = 0, 0, 0, 0

  -- The article is recorded even if the workflow fails on it, with its
  -- text (for evidence in SQL and search) unless --no-text; a text kept
  -- by an earlier run is never dropped.
  local function article_row(doc, hash)
    local title = doc.title or (doc.headline and doc.headline.text)
    return { tostring(doc.id), hash, doc.path or lede.null, title or lede.null,
      doc.date or lede.null, #doc.text, keep_text and doc.text or lede.null }
  end
  local function record(row)
    raw_write.exec(db, "INSERT INTO articles (id, sha256, path, title, date, bytes, text) " ..
      "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (sha256) DO UPDATE SET " ..
      "text = coalesce(articles.text, excluded.text)", row)
  end
  local function mark_processed(hash)
    raw_write.exec(db, "INSERT INTO processed (workflow, sha256, script_sha256, run) " ..
      "VALUES (?, ?, ?, ?) ON CONFLICT (workflow, sha256) DO UPDATE SET " ..
      "script_sha256 = excluded.script_sha256, run = excluded.run, " ..
      "at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')",
      { workflow, hash, script_hash, run_id or lede.null })
  end
  local function count_failure(id, err)
    failed = failed + 1
    c.failed = c.failed + 1
    run.failures = run.failures + 1
    report_failure(id, describe(err))
  end

  -- Articles are committed in batches (each article inside a savepoint of
  -- the batch): a commit per article would cost more than most workflows.
  -- A run killed half-way loses at most the last batch, which is redone.
  local last_commit, pending = sys.clock(), 0
  local batch = run.worker and db == run.db and {} or nil
  local function done_of(hash)
    return raw_one(db, "SELECT script_sha256 AS script FROM processed WHERE workflow = ? AND sha256 = ?",
      { workflow, hash })
  end
  -- A worker asks before working only when the workflow has done articles
  -- (a re-run): each question outside a transaction costs file locks.
  local maybe_done = batch and db:one("SELECT 1 AS x FROM processed WHERE workflow = ? LIMIT 1",
    { workflow }) ~= nil
  local own_tx = db and not batch and not db:intransaction()
  -- IMMEDIATE: a database another process is writing to is waited for
  -- (the busy timeout) here, not found locked in the middle of a batch.
  if own_tx then db:exec("BEGIN IMMEDIATE") end

  -- A worker's batch: the articles done since the last commit, with their
  -- held writes (nil when the workflow failed: only the article is
  -- recorded), written in one transaction. Whether an article is done is
  -- asked again there: another process may have done it meanwhile.
  local function write_batch()
    for _, e in ipairs(batch) do
      record(e.row)
      local done = done_of(e.hash)
      if e.writes and done and not force and done.script == script_hash then
        processed = processed - 1
        c.processed = c.processed - 1
        skipped = skipped + 1
        c.skipped_done = c.skipped_done + 1
      elseif e.writes then
        local ok, err = pcall(db.atomic, db, function()
          if done then forget(db, workflow, e.hash, forget_cache) end
          replay(db, e.writes)
          mark_processed(e.hash)
        end)
        if not ok then   -- a write the database refused fails its article
          processed = processed - 1
          c.processed = c.processed - 1
          count_failure(e.row[1], err)
        end
      end
    end
    for k = #batch, 1, -1 do batch[k] = nil end
  end
  -- The write lock is taken when it is free; while another worker writes,
  -- this one goes on working, and waits only when its batch has grown to
  -- four times the usual (or wait is true).
  local function write_begin(wait)
    if db:intransaction() then return true end
    if wait then
      raw_write.exec(db, "BEGIN IMMEDIATE")
      return true
    end
    raw_write.exec(db, "PRAGMA busy_timeout = 0")
    local ok = pcall(raw_write.exec, db, "BEGIN IMMEDIATE")
    raw_write.exec(db, "PRAGMA busy_timeout = " .. run.worker.timeout_ms)
    return ok
  end
  local function commit(final)
    if batch then
      if #batch == 0 then return end
      local age = sys.clock() - last_commit
      if not final and #batch < M.COMMIT_ARTICLES and age < M.COMMIT_SECONDS then return end
      local wait = final or #batch >= 4 * M.COMMIT_ARTICLES or age >= 4 * M.COMMIT_SECONDS
      if not write_begin(wait) then return end
      local ok, err = pcall(write_batch)
      if not ok then
        raw_write.exec(db, "ROLLBACK")
        error(err, 0)
      end
      raw_write.exec(db, "COMMIT")
      last_commit = sys.clock()
      return
    end
    if not own_tx then return end
    if final or pending >= M.COMMIT_ARTICLES
       or sys.clock() - last_commit >= M.COMMIT_SECONDS then
      db:exec("COMMIT")
      if not final then db:exec("BEGIN IMMEDIATE") end
      last_commit, pending = sys.clock(), 0
    end
  end

  -- One article in a worker: the workflow runs with its writes held; a
  -- read writes out what is held and the article goes on in that
  -- transaction, which is committed when it ends. The batch keeps the
  -- article's row, not the document (and all it has analysed).
  local function run_held(doc, hash)
    local e = { row = article_row(doc, hash), hash = hash, writes = {} }
    batch[#batch + 1] = e
    held[db], stamp[db] = e.writes, { run = run_id, article = hash }
    escalate[db] = function()
      held[db] = nil
      write_begin(true)
      batch[#batch] = nil
      write_batch()
      record(e.row)
      e.level = db:_begin()
      if done_of(hash) then forget(db, workflow, hash, forget_cache) end
      replay(db, e.writes)
      e.writes = nil
    end
    local ok, err = pcall(fn, doc, db)
    held[db], stamp[db], escalate[db] = nil, nil, nil
    if e.level then
      if ok then ok, err = pcall(mark_processed, hash) end
      if ok then db:_commit(e.level) else db:_rollback(e.level) end
      raw_write.exec(db, "COMMIT")
      last_commit = sys.clock()
    elseif not ok then
      e.writes = nil
    end
    if not ok then error(err, 0) end
  end

  local p = { tty = sys.isatty(2) and run.active, started = sys.clock(), shown = 0 }
  local seen = {}
  for doc in lede.inputs(inputs, {
    share = run.share,   -- a worker of `lede run -j`: its share of articles
    repair = opts.repair or run.repair,
    date = opts.date or run.date, year = opts.year or run.year,
    on_total = function(n) p.total = n end,
    on_error = function(msg)
      progress_done(p)
      run.failures = run.failures + 1
      c.failed = c.failed + 1
      io.stderr:write("lede: ", msg, "\n")
    end,
  }) do
    if sys.interrupted() then break end   -- Ctrl-C: stop before the next
    local hash = sys.sha256(doc.text)
    i = i + 1
    c.read = c.read + 1
    progress(p, i)
    if run.report_counts then run.report_counts(c, p.total) end
    doc.sha256 = hash
    local done = db and (not batch or maybe_done) and done_of(hash)
    if seen[hash] then
      skipped = skipped + 1
      c.skipped_duplicate = c.skipped_duplicate + 1
      c.duplicates[#c.duplicates + 1] = { tostring(doc.id), seen[hash] }
    elseif done and not force and done.script == script_hash then
      seen[hash] = tostring(doc.id)
      skipped = skipped + 1
      c.skipped_done = c.skipped_done + 1
    else
      seen[hash] = tostring(doc.id)
      local ok, err
      if batch then
        ok, err = xpcall(run_held, debug and debug.traceback or tostring, doc, hash)
      else
        ok, err = xpcall(function()
          if db then record(article_row(doc, hash)) end
          local function work()
            if not db then
              if run.recorder then
                return run.recorder:article(doc, hash, workflow, script_hash, fn)
              end
              return fn(doc, db)
            end
            if done then forget(db, workflow, hash, forget_cache) end
            stamp[db] = { run = run_id, article = hash }
            local wok, werr = pcall(fn, doc, db)
            stamp[db] = nil
            if not wok then error(werr, 0) end
            mark_processed(hash)
          end
          if db then db:atomic(work) else work() end
        end, debug and debug.traceback or tostring)
      end
      pending = pending + 1
      if not ok and sys.interrupted() then break end  -- Ctrl-C: rolled back
      if ok then
        processed = processed + 1
        c.processed = c.processed + 1
      else
        progress_done(p)
        count_failure(doc.id, err)
        if opts.fail_fast or run.fail_fast then
          commit(true)
          error(("stopped at the first failure (--fail-fast)"), 0)
        end
      end
      commit(false)
    end
  end
  commit(true)
  progress_done(p)
  if run.report_counts then run.report_counts(c, p.total, true) end
  return processed, failed, skipped
end

------------------------------------------------------------------- run

-- The run's row in `runs`, written when the run starts and completed when
-- it ends.
local function start_run(db, script, words, opts, script_sha256)
  prepare(db)
  local options = {}
  for k, v in pairs(opts) do
    if k ~= "db" then options[k] = v end
  end
  local inputs = {}
  for k = 2, #words do inputs[#inputs + 1] = words[k] end
  db:exec("INSERT INTO runs (workflow, script, script_sha256, lede_version, " ..
    "started, status, inputs, options) VALUES (?, ?, ?, ?, ?, 'running', ?, ?)",
    { tostring(script):match("([^/]+)%.lua$") or script, script,
      script_sha256 or run.script_sha256, lede.version, now(), json(inputs), json(options) })
  return db:one("SELECT last_insert_rowid() AS id").id
end

M.prepare = prepare
M.start_run = start_run
function M.forget(db, workflow, sha, cache) return forget(db, workflow, sha, cache or {}) end

-- Completes a run's row in `runs` with its status and counts.
-- c.plugins, when given, are the plugins the run's workers loaded.
local function finish_run_on(db, id, status, c)
  local dups = {}
  for k, d in ipairs(c.duplicates) do dups[k] = { id = d[1], same_as = d[2] } end
  pcall(db.exec, db, "UPDATE runs SET ended = ?, status = ?, plugins = ?, " ..
    "articles_read = ?, processed = ?, skipped_done = ?, skipped_duplicate = ?, " ..
    "failed = ?, duplicates = ? WHERE id = ?",
    { now(), status, json(c.plugins or plugins_used()), c.read, c.processed, c.skipped_done,
      c.skipped_duplicate, c.failed, #dups > 0 and json(dups) or lede.null, id })
end
M.finish_run_on = finish_run_on

local EMPTY_COUNTS = { read = 0, processed = 0, skipped_done = 0, skipped_duplicate = 0,
  failed = 0, duplicates = {} }

local function finish_run(status)
  local db, c = run.db, run.counts
  if not (db and run.id and db:isopen()) then return end
  c = c or EMPTY_COUNTS
  local counts = {}
  for k, v in pairs(c) do counts[k] = v end
  counts.failed = run.failures
  finish_run_on(db, run.id, status, counts)
end

-- A worker of `lede run -j N` (scale.lua): processes its share of the
-- articles into the run's database (the run's row is the parent's,
-- LEDE__RUN), and leaves its counts in a file (LEDE__SUMMARY) for the
-- parent's progress and summary; the last write adds what the parent
-- records in `runs` (duplicates, plugins, status).
local WORKER_TIMEOUT = 600   -- seconds a worker waits for the write lock

worker_setup = function()
  hold_all()
  run.share = require("lede.scale").worker_share()
  run.worker = { timeout_ms = WORKER_TIMEOUT * 1000 }
  local path, last = os.getenv("LEDE__SUMMARY"), 0
  run.report_counts = path and function(c, total, final, status)
    if not final and sys.clock() - last < 0.5 then return end
    last = sys.clock()
    local f = io.open(path .. ".tmp", "wb")
    if not f then return end
    local s = { read = c.read, processed = c.processed, skipped_done = c.skipped_done,
      skipped_duplicate = c.skipped_duplicate, failed = c.failed, total = total }
    if status then
      s.status, s.failed, s.plugins, s.cpu = status, run.failures, plugins_used(), os.clock()
      s.duplicates = {}
      for k, d in ipairs(c.duplicates) do s.duplicates[k] = { d[1], d[2] } end
    end
    f:write(json(s))
    f:close()
    os.rename(path .. ".tmp", path)
  end
end

-- Runs SCRIPT with arg set as lua.c sets it. words[1] is the script,
-- words[2..] its arguments. Returns the exit status.
function M.run(script, words, opts, argv)
  if opts.j and opts.j ~= "1" and not os.getenv("LEDE__WORKER") then
    return require("lede.scale").parallel(argv, opts, script, words)
  end
  run.fail_fast = opts["fail-fast"] or false
  run.repair = opts.repair or false
  run.force = opts.force or false
  run.no_text = opts["no-text"] or false
  run.date, run.year = opts.date, opts.year
  run.db_path = opts.db
  run.db, run.id, run.counts = nil, nil, nil
  run.errors, run.error_order = {}, {}
  run.active = true
  lede.run_info = { db_given = opts.db ~= nil, db_path = run.db_path,
                    script = script }
  run.failures = 0
  local a = { [0] = script }
  for i = 2, #words do a[i - 1] = words[i] end
  rawset(_G, "arg", a)
  rawset(_G, "lede", lede)
  local f = io.open(script, "rb")
  local src = f and f:read("a")
  if f then f:close() end
  run.script_sha256 = src and sys.sha256(src) or nil
  local chunk, err = loadfile(script, "t")
  if not chunk then
    io.stderr:write("lede: ", err, "\n")
    return 2
  end
  run.recorder, run.share, run.worker, run.report_counts = nil, nil, nil, nil
  local scale_worker = os.getenv("LEDE__WORKER") and opts.db
  if scale_worker then
    run.db = lede.db.open(run.db_path, { timeout = WORKER_TIMEOUT })
    rawset(_G, "db", run.db)
    run.id = math.tointeger(tonumber(os.getenv("LEDE__RUN")))
    worker_setup()
  elseif opts.db then
    current_db()
    run.id = start_run(run.db, script, words, opts)
  end
  if opts.map then
    -- `lede map`: no database; the rows go out as NDJSON
    run.recorder = require("lede.scale").recorder(io.stdout)
    rawset(_G, "db", run.recorder)
  end
  -- The database is handed to the script as a value: the global `db`
  -- (set above with --db) and the second argument of lede.each's
  -- function. Without --db, `db` is a stand-in that tells a script using
  -- it to name one, and nothing is written into the current folder.
  if rawget(_G, "db") == nil then rawset(_G, "db", NO_DB) end
  local ok, rerr = xpcall(chunk, describe, table.unpack(a, 1, #a))
  run.active = false
  if sys.interrupted() then
    -- Ctrl-C: what is done is committed (each article is whole or absent)
    if run.db and run.db:isopen() and run.db:intransaction() then run.db:exec("COMMIT") end
    ok, rerr = false, nil
  end
  if rawequal(rawget(_G, "db"), NO_DB) then rawset(_G, "db", nil) end
  if run.counts and not scale_worker then
    for _, line in ipairs(summary_lines(run.counts)) do io.stderr:write(line, "\n") end
  end
  local status = sys.interrupted() and "interrupted" or ok and (run.failures > 0 and "failed" or "ok") or "error"
  if scale_worker then
    if run.report_counts then run.report_counts(run.counts or EMPTY_COUNTS, nil, true, status) end
  else
    finish_run(status)
  end
  if run.db then run.db:close() end
  if sys.interrupted() then
    local c = run.counts or { processed = 0 }
    io.stderr:write(("lede: interrupted: %d article%s processed and committed%s\n"):format(
      c.processed, c.processed == 1 and "" or "s",
      run.db_path and "; run the same command again to go on from there" or ""))
    return 130
  end
  if not ok then
    io.stderr:write("lede: ", tostring(rerr), "\n")
    return 1
  end
  if run.failures > 0 then
    io.stderr:write(("lede: %d input%s failed\n"):format(run.failures,
      run.failures == 1 and "" or "s"))
    return 1
  end
  return 0
end

return M
