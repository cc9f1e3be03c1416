-- runner.lua -- `lede run SCRIPT [--db PATH] [--fail-fast] [INPUT...]` and
-- lede.each, the per-article loop that workflows are written around.
--
--   lede.each(function(doc) ... end)            -- the run's inputs (arg)
--   lede.each(inputs, function(doc) ... end)    -- any list of inputs
--
-- With a database open (lede run --db, or the global `db` touched), every
-- article is recorded in the `articles` table (keyed by the SHA-256 of
-- its text) and processed inside one transaction, which also records it
-- in `processed` (workflow, sha256); articles are committed in batches of
-- at most half a second. An error rolls back that article's rows and the
-- run goes on; an article the same workflow already
-- processed is skipped, so a killed run picks up where it stopped and a
-- re-run creates no duplicates. The workflow is the script's name
-- (opts.workflow overrides).
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
  first_seen TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE TABLE IF NOT EXISTS processed (
  workflow TEXT NOT NULL,
  sha256 TEXT NOT NULL REFERENCES articles (sha256),
  at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  PRIMARY KEY (workflow, sha256)
)]]

-- The database of this run, opened on first use.
local function current_db()
  if not run.db and run.db_path then
    run.db = lede.db.open(run.db_path)
    rawset(_G, "db", run.db)
  end
  return run.db
end
lede.current_db = current_db

-- A one-line counter on stderr, only on a terminal and for long runs.
local function progress(i, id)
  if i < 20 or not sys.isatty(2) then return end
  io.stderr:write(("\r\27[Klede: %d articles  %s"):format(i, tostring(id):sub(-40)))
end

-- Where in the script an error happened: "script.lua:12: message" is
-- kept as Lua gives it; a traceback is trimmed to its first line.
local function describe(err)
  return tostring(err):match("^[^\n]*")
end

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
  -- the run's database when the run has one (--db, or `db` already used);
  -- a script that never touches a database leaves none behind
  local db = opts.db
  if db == nil then db = run.db end
  if db then db:exec(ARTICLES_SQL) end
  local script = (rawget(_G, "arg") or {})[0]
  local workflow = opts.workflow
    or (script and tostring(script):match("([^/]+)%.lua$")) or "script"
  -- Articles are committed in batches (each article inside a savepoint of
  -- the batch): a commit per article would cost more than most workflows.
  -- A run killed half-way loses at most the last batch, which is redone.
  local own_tx = db and not db:intransaction()
  if own_tx then db:exec("BEGIN") end
  local last_commit, pending = sys.clock(), 0
  local function commit(final)
    if not own_tx then return end
    if final or pending >= M.COMMIT_ARTICLES
       or sys.clock() - last_commit >= M.COMMIT_SECONDS then
      db:exec("COMMIT")
      if not final then db:exec("BEGIN") end
      last_commit, pending = sys.clock(), 0
    end
  end
  local processed, failed, skipped, i = 0, 0, 0, 0
  for doc in lede.inputs(inputs, {
    repair = opts.repair or run.repair,
    on_error = function(msg)
      run.failures = run.failures + 1
      io.stderr:write("lede: ", msg, "\n")
    end,
  }) do
    i = i + 1
    progress(i, doc.id)
    local hash = sys.sha256(doc.text)
    doc.sha256 = hash
    if db and not opts.force and db:one(
        "SELECT 1 AS done FROM processed WHERE workflow = ? AND sha256 = ?",
        { workflow, hash }) then
      skipped = skipped + 1
    else
      local ok, err = xpcall(function()
        if db then
          -- the article is recorded even if the workflow fails on it
          local title = doc.title or (doc.headline and doc.headline.text)
          db:exec("INSERT INTO articles (id, sha256, path, title, date, bytes) " ..
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (sha256) DO NOTHING",
            { tostring(doc.id), hash, doc.path or lede.null, title or lede.null,
              doc.date or lede.null, #doc.text })
        end
        local function work()
          fn(doc)
          if db then
            db:exec("INSERT INTO processed (workflow, sha256) VALUES (?, ?) " ..
              "ON CONFLICT DO NOTHING", { workflow, hash })
          end
        end
        if db then db:atomic(work) else work() end
      end, debug and debug.traceback or tostring)
      pending = pending + 1
      if ok then
        processed = processed + 1
      else
        failed = failed + 1
        run.failures = run.failures + 1
        io.stderr:write(("lede: %s: %s\n"):format(tostring(doc.id), describe(err)))
        if opts.fail_fast or run.fail_fast then
          commit(true)
          error(("stopped at the first failure (--fail-fast)"), 0)
        end
      end
      commit(false)
    end
  end
  commit(true)
  if i >= 20 and sys.isatty(2) then io.stderr:write("\n") end
  return processed, failed, skipped
end

-- Runs SCRIPT with arg set as lua.c sets it. words[1] is the script,
-- words[2..] its arguments. Returns the exit status.
function M.run(script, words, opts)
  run.fail_fast = opts["fail-fast"] or false
  run.repair = opts.repair or false
  run.db_path = opts.db or "lede.db"
  lede.run_info = { db_given = opts.db ~= nil, db_path = run.db_path,
                    script = script }
  run.failures = 0
  local a = { [0] = script }
  for i = 2, #words do a[i - 1] = words[i] end
  rawset(_G, "arg", a)
  rawset(_G, "lede", lede)
  -- `db` is opened on first use, so scripts without a database leave
  -- no lede.db behind.
  if opts.db then current_db() end
  local mt = getmetatable(_G) or {}
  local old_index = mt.__index
  mt.__index = function(t, k)
    if k == "db" then return current_db() end
    if type(old_index) == "function" then return old_index(t, k) end
    if type(old_index) == "table" then return old_index[k] end
  end
  setmetatable(_G, mt)
  local chunk, err = loadfile(script, "t")
  if not chunk then
    io.stderr:write("lede: ", err, "\n")
    return 2
  end
  local ok, rerr = xpcall(chunk, debug.traceback, table.unpack(a, 1, #a))
  if run.db then run.db:close() end
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
