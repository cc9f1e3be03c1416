-- dbutil.lua -- the verbs of lede.db that read better in Lua: atomic,
-- lookup, enable_fts, search, tables, columns, count. They extend the
-- methods of every database (lede.db._methods, built by ldb.c); ldb.c
-- loads this part on the first open, so it works whether or not init.lua
-- requires it. Every value goes into SQL as a bound parameter; names go
-- in quoted by quote_name.
local lede = require "lede"
local Database = lede.db._methods

-- "name" with " doubled: an SQL identifier that cannot break out.
local function quote_name(name)
  if type(name) ~= "string" then
    error(("a table or column name must be a string, not %s"):format(type(name)), 3)
  end
  return '"' .. name:gsub('"', '""') .. '"'
end
lede.db.quote_name = quote_name

local function check_table(name)
  return quote_name(name)
end

-- Calls f(...) and re-raises its error at the position of whoever called
-- the method that called pcall_at (not a line of this file).
local function pcall_at(f, ...)
  local r = table.pack(pcall(f, ...))
  if r[1] then return table.unpack(r, 2, r.n) end
  local msg = r[2]
  if type(msg) == "string" then
    msg = msg:gsub('^%[string "lede%.dbutil"%]:%d+: ', "")
    error(msg, 3)
  end
  error(msg, 0)
end

--[[
db:atomic(fn) -> fn's results
Runs fn(db) in a transaction (BEGIN IMMEDIATE), or in a savepoint when a
transaction is already open, so atomic() nests. Commits when fn returns;
rolls back and re-raises fn's error (the same value) when it fails.
]]
function Database:atomic(fn)
  if type(fn) ~= "function" then
    error("bad argument #1 to 'atomic' (function expected, got " .. type(fn) .. ")", 2)
  end
  local level = self:_begin()
  local res = table.pack(pcall(fn, self))
  if res[1] then
    self:_commit(level)
    return table.unpack(res, 2, res.n)
  end
  self:_rollback(level)
  error(res[2], 0)
end

--[[
db:tables() -> {"name", ...} sorted; SQLite's own tables left out.
]]
function Database:tables()
  local names = {}
  for row in self:query([[SELECT name FROM sqlite_master WHERE type = 'table'
      AND name NOT LIKE 'sqlite\_%' ESCAPE '\' ORDER BY name]]) do
    names[#names + 1] = row.name
  end
  return names
end

-- true when the table exists
local function has_table(db, name)
  return db:one("SELECT 1 AS x FROM sqlite_master WHERE type = 'table' AND name = ?",
    { name }) ~= nil
end

--[[
db:columns(table) -> {{name=, type=, pk=bool, notnull=bool, default=}, ...}
in table order; raises for an unknown table.
]]
function Database:columns(name)
  check_table(name)
  local cols = {}
  for row in pcall_at(self.query, self, [[SELECT name, type, pk, "notnull", dflt_value
      FROM pragma_table_info(?) ORDER BY cid]], { name }) do
    cols[#cols + 1] = { name = row.name, type = row.type, pk = row.pk > 0,
      notnull = row.notnull == 1, default = row.dflt_value }
  end
  if #cols == 0 and not has_table(self, name) then
    error(("no such table: %s"):format(name), 2)
  end
  return cols
end

--[[
db:count(table) -> number of rows; raises for an unknown table.
]]
function Database:count(name)
  return pcall_at(self.one, self, "SELECT count(*) AS n FROM " .. check_table(name)).n
end

local function sorted_keys(t)
  local keys = {}
  for k in pairs(t) do
    if type(k) ~= "string" then
      error(("lookup values must be keyed by column names, not %s"):format(type(k)), 3)
    end
    keys[#keys + 1] = k
  end
  table.sort(keys)
  return keys
end

-- index name for a lookup: idx_<table>_<col>_<col>
local function index_name(name, keys)
  return "idx_" .. name .. "_" .. table.concat(keys, "_")
end

--[[
db:lookup(table, values [, extra]) -> id
The rowid of the row whose columns equal `values` (lede.null matches
NULL), inserting it when missing (extra columns from `extra` are stored
only then). Creates the table (with an `id INTEGER PRIMARY KEY`) and a
unique index over those columns on first use, as sqlite-utils does.
]]
function Database:lookup(name, values, extra)
  check_table(name)
  if type(values) ~= "table" or next(values) == nil then
    error("bad argument #2 to 'lookup' (table of column values expected)", 2)
  end
  local keys = sorted_keys(values)
  return pcall_at(self.atomic, self, function()
    local where, params = {}, {}
    for i, k in ipairs(keys) do
      where[i] = quote_name(k) .. " IS ?"
      params[i] = values[k]
    end
    if has_table(self, name) then
      local cols = {}
      for _, c in ipairs(self:columns(name)) do cols[c.name:lower()] = true end
      local ok = true
      for _, k in ipairs(keys) do ok = ok and cols[k:lower()] end
      if ok then
        local row = self:one("SELECT rowid AS id FROM " .. quote_name(name) ..
          " WHERE " .. table.concat(where, " AND "), params)
        if row then return row.id end
      end
    end
    local row = {}
    for k, v in pairs(extra or {}) do row[k] = v end
    for _, k in ipairs(keys) do row[k] = values[k] end
    local id = self:insert(name, row, { pk = "id" })
    local quoted = {}
    for i, k in ipairs(keys) do quoted[i] = quote_name(k) end
    self:exec("CREATE UNIQUE INDEX IF NOT EXISTS " .. quote_name(index_name(name, keys)) ..
      " ON " .. quote_name(name) .. " (" .. table.concat(quoted, ", ") .. ")")
    return id
  end)
end

--[[
db:enable_fts(table, columns [, {triggers = true, replace = false, tokenizer = "lede"}])
Creates <table>_fts, an external-content FTS5 table over `columns` of
`table` using lede's tokenizer (or SQLite's own: tokenizer = "unicode61",
"porter" or "trigram", which every SQLite tool knows without lede's
extension), fills it from the rows already there and
(unless triggers = false) adds triggers that keep it in sync with later
inserts, updates and deletes. replace = true drops an existing index and
its triggers first. Returns the name of the FTS table.
]]
function Database:enable_fts(name, columns, opts)
  check_table(name)
  opts = opts or {}
  if type(columns) == "string" then columns = { columns } end
  if type(columns) ~= "table" or #columns == 0 then
    error("bad argument #2 to 'enable_fts' (list of column names expected)", 2)
  end
  if not has_table(self, name) then error(("no such table: %s"):format(name), 2) end
  local fts = name .. "_fts"
  local t, f = quote_name(name), quote_name(fts)
  local cols, newcols, oldcols = {}, {}, {}
  for i, c in ipairs(columns) do
    cols[i] = quote_name(c)
    newcols[i] = "new." .. cols[i]
    oldcols[i] = "old." .. cols[i]
  end
  local list = table.concat(cols, ", ")
  local triggers = opts.triggers ~= false
  local tokenizer = opts.tokenizer or "lede"
  local TOKENIZERS = { lede = "lede", unicode61 = "unicode61 remove_diacritics 2",
    porter = "porter unicode61 remove_diacritics 2", trigram = "trigram" }
  if not TOKENIZERS[tokenizer] then
    error(("enable_fts: unknown tokenizer %q (lede, unicode61, porter or trigram)")
      :format(tostring(tokenizer)), 2)
  end
  pcall_at(self.atomic, self, function()
    if opts.replace then
      for _, suffix in ipairs { "_ai", "_ad", "_au" } do
        self:exec("DROP TRIGGER IF EXISTS " .. quote_name(fts .. suffix))
      end
      self:exec("DROP TABLE IF EXISTS " .. f)
    end
    self:exec(("CREATE VIRTUAL TABLE %s USING fts5(%s, content=%s, " ..
      "content_rowid='rowid', tokenize='%s')"):format(f, list,
      "'" .. name:gsub("'", "''") .. "'", TOKENIZERS[tokenizer]))
    self:exec(("INSERT INTO %s(%s) VALUES ('rebuild')"):format(f, f))
    if triggers then
      local new, old = table.concat(newcols, ", "), table.concat(oldcols, ", ")
      self:exec(("CREATE TRIGGER %s AFTER INSERT ON %s BEGIN " ..
        "INSERT INTO %s(rowid, %s) VALUES (new.rowid, %s); END"):format(
        quote_name(fts .. "_ai"), t, f, list, new))
      self:exec(("CREATE TRIGGER %s AFTER DELETE ON %s BEGIN " ..
        "INSERT INTO %s(%s, rowid, %s) VALUES ('delete', old.rowid, %s); END"):format(
        quote_name(fts .. "_ad"), t, f, f, list, old))
      self:exec(("CREATE TRIGGER %s AFTER UPDATE ON %s BEGIN " ..
        "INSERT INTO %s(%s, rowid, %s) VALUES ('delete', old.rowid, %s); " ..
        "INSERT INTO %s(rowid, %s) VALUES (new.rowid, %s); END"):format(
        quote_name(fts .. "_au"), t, f, f, list, old, f, list, new))
    end
  end)
  return fts
end

--[[
lede.db.quote_fts(query) -> FTS5 query text
Each whitespace-separated term, and each "double-quoted phrase", becomes
an FTS5 string, so '.', "'", '-', ':', '*', AND/OR/NOT and parentheses in
user input are searched for, never parsed as FTS5 syntax. An unbalanced
double quote is closed at the end. Terms are ANDed. "" when empty.
]]
local function quote_fts(q)
  local _, nq = q:gsub('"', "")
  if nq % 2 == 1 then q = q .. '"' end
  local parts = {}
  local i = 1
  while i <= #q do
    local s, e = q:find("^%s+", i)
    if s then i = e + 1 end
    if i > #q then break end
    local term
    if q:sub(i, i) == '"' then
      local close = q:find('"', i + 1, true)
      term = q:sub(i + 1, close - 1)
      i = close + 1
    else
      local e2 = q:find('[%s"]', i) or #q + 1
      term = q:sub(i, e2 - 1)
      i = e2
    end
    if term:find("%S") then
      parts[#parts + 1] = '"' .. term:gsub('"', '""') .. '"'
    end
  end
  return table.concat(parts, " ")
end
lede.db.quote_fts = quote_fts

local function no_rows() return nil end

--[[
for hit in db:search(table, query [, {quote = true, limit = n, columns = {...}}]) do
Rows of `table` matching `query` in <table>_fts, best first (FTS5 rank),
each with the table's columns plus `rowid` and `rank` (lower is better).
quote = false passes the query to FTS5 as written (its own syntax);
columns limits the match to some of the indexed columns.
]]
function Database:search(name, query, opts)
  check_table(name)
  if type(query) ~= "string" then
    error("bad argument #2 to 'search' (string expected, got " .. type(query) .. ")", 2)
  end
  opts = opts or {}
  local match = query
  if opts.quote ~= false then match = quote_fts(query) end
  if not match:find("%S") then return no_rows, nil, nil, nil end
  if opts.columns then
    local cols = opts.columns
    if type(cols) == "string" then cols = { cols } end
    local q = {}
    for i, c in ipairs(cols) do q[i] = quote_name(c) end
    match = "{" .. table.concat(q, " ") .. "} : (" .. match .. ")"
  end
  local t, f = quote_name(name), quote_name(name .. "_fts")
  local limit = opts.limit or -1
  if math.type(limit) ~= "integer" then
    error("option 'limit' must be an integer", 2)
  end
  local sql = ("SELECT %s.rowid AS rowid, %s.rank AS rank, %s.* FROM %s " ..
    "JOIN %s ON %s.rowid = %s.rowid WHERE %s MATCH ? ORDER BY %s.rank LIMIT ?"):format(
    t, f, t, f, t, t, f, f, f)
  return pcall_at(self.query, self, sql, { match, limit })
end

return Database
