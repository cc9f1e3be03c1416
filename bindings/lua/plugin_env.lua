-- plugin_env.lua -- runs inside a plugin's own Lua state (lsandbox.c), once,
-- before the plugin: builds the only world the plugin sees, from an
-- allow-list, and returns the entry points the host calls through C.
--
-- Arguments (from lsandbox.c): lede (the box's own table of lede's pure C
-- text functions), the chunk of doc.lua, readfile (the C half of open()),
-- bridge (database calls back to the host), the plugin's name, null.
--
-- The C functions of Lua's libraries run where the CPU hook cannot see,
-- so those whose work a plugin can make unbounded are replaced here:
--   string.find/match/gmatch/gsub  the worst case is bounded first (below)
--   string.rep                     an empty string repeated is "" at once
--   table.insert/remove/move       loops over a length from __len run in
--                                  Lua, where the hook fires
-- Everything else of string, table, math and utf8 is linear in data the
-- memory cap bounds.
local lede, doc_chunk, readfile, bridge, NAME, null, log = ...

local G = _G
local type, pairs, ipairs, next, select, error, tostring, tonumber =
  type, pairs, ipairs, next, select, error, tostring, tonumber
local setmetatable, getmetatable, rawget, rawset, rawlen, rawequal, pcall, assert =
  setmetatable, getmetatable, rawget, rawset, rawlen, rawequal, pcall, assert
local sfind, ssub, sformat, srep, sgsub, smatch, sgmatch =
  string.find, string.sub, string.format, string.rep, string.gsub, string.match, string.gmatch
local tconcat, tsort, tunpack, tpack = table.concat, table.sort, table.unpack, table.pack
local mmax, mfloor, mhuge = math.max, math.floor, math.huge

---------------------------------------------------------------- lede

-- doc.lua in this state: lede.article, documents, lede.numbers, dates.
G.require = function(name)
  if name == "lede" then return lede end
  error("require is not available to plugins", 2)
end
doc_chunk()
G.require = nil
lede.load, lede.read, lede._read_text = nil, nil, nil  -- reading files is the host's
lede.abbreviations = { has = lede.abbreviations.has }  -- add changes the process
lede.null = null
local Document = lede.Document

-- The plugin's lede: the public pure functions, a copy.
local API = {}
for k, v in pairs(lede) do
  if type(k) == "string" and ssub(k, 1, 1) ~= "_" then
    API[k] = type(v) == "table" and k ~= "Document" and (function()
      local c = {}
      for k2, v2 in pairs(v) do c[k2] = v2 end
      return c
    end)() or v
  end
end
API.Document = nil
-- What the host's lede has and a plugin's has not, said clearly.
local HOST_ONLY = { db = "a database comes as an argument, with permission 'db'",
  read = "files: open() with permission 'read'", load = "files: open() with permission 'read'",
  each = "runs are the host's", inputs = "inputs are the host's",
  current_db = "a database comes as an argument, with permission 'db'",
  plugin = "plugins do not load plugins", run = "runs are the host's" }
setmetatable(API, { __index = function(_, k)
  if HOST_ONLY[k] then
    error(("lede.%s is not available to plugins (%s)"):format(k, HOST_ONLY[k]), 2)
  end
end })

------------------------------------------------------------ patterns

-- Worst-case steps a pattern function may take on one call.
local PATTERN_BUDGET = 2e8

-- A pattern as a list of items: {width = bytes of a set, quant = true
-- for * + -, factor = 2 for ?, wide = true for %b and back-references}.
-- The position of the "]" that closes the set whose body starts at k.
local function set_end(p, k)
  local n = #p
  if ssub(p, k, k) == "^" then k = k + 1 end
  if ssub(p, k, k) == "]" then k = k + 1 end
  while k <= n and ssub(p, k, k) ~= "]" do
    if ssub(p, k, k) == "%" then k = k + 1 end
    k = k + 1
  end
  return k
end

local function pattern_items(p, anchors)
  local items, i, n, anchored = {}, 1, #p, false
  if anchors and ssub(p, 1, 1) == "^" then anchored = true; i = 2 end
  while i <= n do
    local c = ssub(p, i, i)
    local item, j, width = nil, nil, 1
    if c == "%" then
      local d = ssub(p, i + 1, i + 1)
      if d == "b" then
        items[#items + 1] = { wide = true }
        i = i + 4
        goto continue
      elseif d == "f" then
        local k = set_end(p, i + 3)
        items[#items + 1] = { width = k - i }
        i = k + 1
        goto continue
      elseif sfind(d, "^%d") then
        items[#items + 1] = { wide = true }
        i = i + 2
        goto continue
      end
      item, j = ssub(p, i, i + 1), i + 2
    elseif c == "[" then
      local k = set_end(p, i + 1)
      item, j, width = ssub(p, i, k), k + 1, k - i + 1
    elseif c == "(" or c == ")" then
      i = i + 1
      goto continue
    elseif c == "$" and i == n then
      break
    else
      item, j = c, i + 1
    end
    do
      local q = ssub(p, j, j)
      local it = { class = item, width = width }
      if q == "*" or q == "+" or q == "-" then
        -- last: nothing but closing captures follows, so no backtracking
        it.quant, it.last = true, sfind(p, "^%)*$", j + 1) ~= nil
        j = j + 1
      elseif q == "?" then
        it.factor = 2
        j = j + 1
      end
      items[#items + 1] = it
    end
    i = j
    ::continue::
  end
  return items, anchored
end

local pattern_cache, pattern_cache_n = {}, 0
local run_subject, run_cache = nil, {}

-- The longest run of s that the class item matches.
local function longest_run(s, class)
  if class == "." then return #s end
  if s ~= run_subject then run_subject, run_cache = s, {} end
  if run_cache[class] then return run_cache[class] end
  local best, i = 0, 1
  local pat = class .. "+"
  while true do
    local a, b = sfind(s, pat, i)
    if not a then break end
    if b - a + 1 > best then best = b - a + 1 end
    i = b + 1
  end
  run_cache[class] = best
  return best
end

local function too_costly(fname, s, p, cost)
  error(sformat("string.%s: pattern '%s' may take too long on a subject of %d bytes "
    .. "(worst case over %.0e steps, limit is %.0e): split the text first "
    .. "(doc:sentences()), anchor the pattern, or use fewer repetitions",
    fname, #p > 40 and ssub(p, 1, 40) .. "..." or p, #s, cost, PATTERN_BUDGET), 4)
end

-- Refuses a call whose worst case exceeds PATTERN_BUDGET. The bound:
-- (start positions) x (steps of one try: fixed items and long sets, each
-- the width of its set) x product over backtracking items of (longest
-- run it can match + 1). A plain find (memchr and memcmp) is bounded by
-- (subject length) x (pattern length). gmatch does not anchor on '^'.
local function check_pattern(fname, s, p, init, plain)
  if type(s) == "number" then s = tostring(s) end
  if type(p) == "number" then p = tostring(p) end
  if type(s) ~= "string" or type(p) ~= "string" then return end
  local n = #s + 1.0   -- float: the products below overflow integers
  if plain or (fname == "find" and not sfind(p, "[%^%$%*%+%?%.%(%)%[%]%%%-]")) then
    -- memchr and memcmp: every start may compare the whole pattern
    local cost = n * (#p + 1)
    if cost > PATTERN_BUDGET then too_costly(fname, s, p, cost) end
    return
  end
  local anchors = fname ~= "gmatch"   -- gmatch reads '^' as a character
  local key = (anchors and "a" or "g") .. p
  local cached = pattern_cache[key]
  if not cached then
    if pattern_cache_n >= 512 then pattern_cache, pattern_cache_n = {}, 0 end
    cached = { pattern_items(p, anchors) }
    pattern_cache[key], pattern_cache_n = cached, pattern_cache_n + 1
  end
  local items, anchored = cached[1], cached[2]
  local starts = anchored and 1.0 or n
  if type(init) == "number" and init > 1 and not anchored then
    starts = mmax(1.0, n - init + 1)
  end
  -- the steps of one try: each fixed item and each long set costs its width
  local per = 1
  for _, it in ipairs(items) do
    if not it.quant or (it.width or 1) > 1 then per = per + (it.width or 1) end
  end
  -- Quick bound: every item may run over the whole subject.
  local cost = starts * per
  for _, it in ipairs(items) do
    if it.factor then cost = cost * it.factor
    elseif it.wide or (it.quant and not it.last) then cost = cost * n end
  end
  if cost <= PATTERN_BUDGET then return end
  cost = starts * per
  for _, it in ipairs(items) do
    if it.factor then cost = cost * it.factor
    elseif it.wide then cost = cost * n
    elseif it.quant and not it.last then cost = cost * (longest_run(s, it.class) + 1) end
    if cost > PATTERN_BUDGET then too_costly(fname, s, p, cost) end
  end
end

local S = {}
for k, v in pairs(string) do S[k] = v end
S.dump = nil
function S.find(s, p, init, plain)
  check_pattern("find", s, p, init, plain)
  return sfind(s, p, init, plain)
end
function S.match(s, p, init)
  check_pattern("match", s, p, init)
  return smatch(s, p, init)
end
function S.gmatch(s, p, init)
  check_pattern("gmatch", s, p, init)
  return sgmatch(s, p, init)
end
function S.gsub(s, p, repl, max)
  check_pattern("gsub", s, p)
  return sgsub(s, p, repl, max)
end
function S.rep(s, count, sep)
  if type(s) == "number" then s = tostring(s) end
  if type(s) == "string" and (sep == nil or type(sep) == "string")
     and #s + #(sep or "") == 0 then
    return ""   -- C would loop count times over nothing
  end
  return srep(s, count, sep)
end
-- The strings' methods are the guarded ones, in this state only.
getmetatable("").__index = S

------------------------------------------------------------- tables

local T = {}
for k, v in pairs(table) do T[k] = v end
local tinsert, tremove, tmove = table.insert, table.remove, table.move

-- Moves that the C loop would make longer than this run in Lua.
local C_LOOP_MAX = 4096

function T.insert(t, ...)
  local nargs = select("#", ...)
  if nargs ~= 2 then return tinsert(t, ...) end  -- append: no loop in C
  local pos, v = ...
  local e = #t + 1
  if type(pos) ~= "number" or pos < 1 or pos > e or pos ~= mfloor(pos) then
    return tinsert(t, pos, v)                       -- its own error
  end
  for i = e, pos + 1, -1 do t[i] = t[i - 1] end
  t[pos] = v
end

function T.remove(t, pos)
  local size = #t
  if pos == nil or type(pos) ~= "number" or pos ~= mfloor(pos)
     or size - pos < C_LOOP_MAX then
    return tremove(t, pos)
  end
  if size + 1 == pos then local v = t[pos]; t[pos] = nil; return v end
  if pos < 1 or pos > size + 1 then return tremove(t, pos) end
  local v = t[pos]
  for i = pos, size - 1 do t[i] = t[i + 1] end
  t[size] = nil
  return v
end

function T.move(a1, f, e, t, a2)
  a2 = a2 == nil and a1 or a2
  if type(f) ~= "number" or type(e) ~= "number" or type(t) ~= "number"
     or e - f < C_LOOP_MAX then
    return tmove(a1, f, e, t, a2)
  end
  if t > e or t <= f or not rawequal(a1, a2) then
    for i = 0, e - f do a2[t + i] = a1[f + i] end
  else
    for i = e - f, 0, -1 do a2[t + i] = a1[f + i] end
  end
  return a2
end

------------------------------------------------------------- files

-- A read-only handle over the bytes of a file (read, lines, close).
local function string_handle(data)
  local pos = 1
  local h = {}
  local function read1(fmt)
    if pos > #data then return nil end
    fmt = fmt or "l"
    if type(fmt) == "number" then
      local s = ssub(data, pos, pos + fmt - 1)
      pos = pos + #s
      return s
    end
    fmt = sgsub(fmt, "^%*", "")
    if fmt == "a" then
      local s = ssub(data, pos)
      pos = #data + 1
      return s
    end
    local nl = sfind(data, "\n", pos, true)
    local line = ssub(data, pos, nl and nl - (fmt == "L" and 0 or 1) or #data)
    pos = nl and nl + 1 or #data + 1
    return line
  end
  function h.read(_, ...)
    if select("#", ...) == 0 then return read1("l") end
    local out = {}
    for i = 1, select("#", ...) do out[i] = read1((select(i, ...))) end
    return tunpack(out, 1, select("#", ...))
  end
  function h.lines(_, fmt)
    return function() return read1(fmt or "l") end
  end
  function h.close() return true end
  return h
end

local function open(rel)
  if type(rel) ~= "string" or rel == "" then
    error("open: expected a path relative to the plugin's directory", 2)
  end
  if ssub(rel, 1, 1) == "/" or sfind(rel, "%z") then
    error("open: '" .. rel .. "' refused: absolute paths are outside the plugin's directory", 2)
  end
  for seg in sgmatch(rel, "[^/]+") do
    if seg == ".." then
      error("open: '" .. rel .. "' refused: '..' leaves the plugin's directory", 2)
    end
  end
  local data, err = readfile(rel)
  if not data then return nil, err end
  return string_handle(data)
end

---------------------------------------------------------- environment

local FORBIDDEN = { io = true, debug = true, package = true, require = true,
  load = true, loadfile = true, dofile = true, collectgarbage = true,
  coroutine = true, xpcall = true, print = true }

local function copy(t)
  local c = {}
  for k, v in pairs(t) do c[k] = v end
  return c
end

-- A fresh environment: the plugin's own globals (tests get one per file).
local function make_env()
  local env = {
    string = S, table = copy(T), math = copy(math), utf8 = copy(utf8),
    os = { time = os.time, date = os.date, clock = os.clock },
    lede = API,
    pairs = pairs, ipairs = ipairs, select = select, type = type,
    tostring = tostring, tonumber = tonumber, pcall = pcall, error = error,
    assert = assert, next = next, rawget = rawget, rawequal = rawequal,
    rawlen = rawlen, rawset = rawset, getmetatable = function(v)
      if type(v) == "string" then return nil end
      return getmetatable(v)
    end,
    open = open,
    log = log,     -- log(...): a line on stderr, for debugging a plugin
  }
  env.setmetatable = function(t, mt)
    if type(mt) == "table" and rawget(mt, "__gc") ~= nil then
      error("setmetatable: __gc is not allowed in plugins (it would run outside the sandbox)", 2)
    end
    return setmetatable(t, mt)
  end
  env._G = env
  env._VERSION = _VERSION
  return setmetatable(env, {
    __index = function(_, k)
      if FORBIDDEN[k] then
        error(("'%s' is not available to plugins (sandbox; see docs/plugins.md)"):format(k), 2)
      end
      return nil
    end,
    __metatable = "the plugin environment is locked",
  })
end

------------------------------------------------------------ entries

local E = {}
local exports = {}      -- name -> function of the plugin

-- Manifest fields read by the host, with their longest length.
local FIELD_MAX = { name = 64, version = 64, description = 4096, lede = 256 }

-- E.load(src) -> the manifest as data; its functions' names in .functions
function E.load(src)
  local env = make_env()
  local chunk, err = load(src, "=plugin:" .. NAME, "t", env)
  if not chunk then error(err, 0) end
  local t = chunk()
  if type(t) ~= "table" then
    error("plugin.lua must return a table (the manifest and its functions), got " .. type(t), 0)
  end
  local m, fnames = {}, {}
  for k, v in next, t do
    if type(k) == "string" then
      if type(v) == "function" then
        exports[k] = v
        fnames[#fnames + 1] = k
      elseif FIELD_MAX[k] then
        if type(v) == "string" and #v > FIELD_MAX[k] then
          error(("manifest field '%s' is too long (limit is %d bytes)"):format(k, FIELD_MAX[k]), 0)
        end
        m[k] = v
      elseif k == "permissions" or k == "provides" then
        if type(v) ~= "table" then m[k] = v
        else
          local list = {}
          for i, x in next, v do
            if type(i) ~= "number" or i > 64 then
              error(("manifest field '%s' must be a short list"):format(k), 0)
            end
            list[i] = type(x) == "string" and ssub(x, 1, 64) or tostring(x)
          end
          m[k] = list
        end
      elseif type(v) ~= "table" then
        m[k] = v     -- other data fields as given (a table stays in the box)
      end
    end
  end
  tsort(fnames)
  m.functions = fnames
  return m
end

function E.call(fname, ...)
  local f = exports[fname]
  if not f then error("has no function '" .. tostring(fname) .. "'", 0) end
  return f(...)
end

-- A document of this state from a copied host document.
function E.document(t)
  setmetatable(t, Document)
end

E.null = null

-- A database handle: each method comes back to the host (lsandbox.c).
function E.database(i)
  local db = {}
  for _, m in ipairs { "exec", "one", "insert", "upsert", "lookup", "count",
                       "tables", "columns", "rows" } do
    db[m] = function(_, ...) return bridge(i, m, ...) end
  end
  function db.query(_, sql, params)
    local list, k = bridge(i, "rows", sql, params), 0
    return function()
      k = k + 1
      return list[k]
    end
  end
  return setmetatable(db, { __name = "lede.PluginDatabase", __metatable = false })
end

--------------------------------------------------------- plugin tests

-- E.test(files) -> passed, failed, pending, messages. files: array of
-- {name =, src =}. A small describe/it/assert runner over the plugin's
-- own functions, in this state and under its limits.
function E.test(files)
  local passed, failed, pend, say = 0, 0, 0, {}
  local function fmt(v) return type(v) == "string" and sformat("%q", v) or tostring(v) end
  local function deep(a, b)
    if a == b then return true end
    if type(a) ~= "table" or type(b) ~= "table" then return false end
    for k, v in pairs(a) do if not deep(v, b[k]) then return false end end
    for k in pairs(b) do if a[k] == nil then return false end end
    return true
  end
  local checks = {
    equals = function(e, a) return e == a, "expected " .. fmt(e) .. ", got " .. fmt(a) end,
    same = function(e, a) return deep(e, a), "tables differ" end,
    ["true"] = function(a) return a == true, "expected true, got " .. fmt(a) end,
    ["false"] = function(a) return a == false, "expected false, got " .. fmt(a) end,
    ["nil"] = function(a) return a == nil, "expected nil, got " .. fmt(a) end,
    truthy = function(a) return not not a, "expected truthy, got " .. fmt(a) end,
    falsy = function(a) return not a, "expected falsy, got " .. fmt(a) end,
    matches = function(p, s) return type(s) == "string" and S.find(s, p) ~= nil, fmt(s) .. " does not match " .. fmt(p) end,
    error = function(f) return not pcall(f), "expected an error" end,
    error_matches = function(f, p)
      local ok, e = pcall(f)
      return not ok and S.find(tostring(e), p) ~= nil, "error " .. fmt(e) .. " does not match " .. fmt(p)
    end,
  }
  checks.equal, checks.errors, checks.match = checks.equals, checks.error, checks.matches
  local function assertion(negate)
    return setmetatable({}, { __index = function(self, k)
      if k == "is_not" or k == "are_not" or k == "has_no" or k == "no" or k == "Not" then return assertion(not negate) end
      if k == "is" or k == "are" or k == "has" then return self end
      local name = sgsub(sgsub(sgsub(k, "^is_", ""), "^are_", ""), "^has_", "")
      local c = checks[name]
      if not c then error("plugin test runner: unknown assertion '" .. k .. "'", 2) end
      return function(...)
        local ok, msg = c(...)
        if negate then ok, msg = not ok, "expected not: " .. msg end
        if not ok then error(msg, 2) end
        return ...
      end
    end, __call = function(_, v, msg, ...) if not v then error(msg or "assertion failed!", 2) end return v, msg, ... end })
  end
  local handle = {}
  for k, f in pairs(exports) do handle[k] = f end
  local test_lede = copy(API)
  test_lede.plugin = function(name)
    if name ~= NAME then error("plugin tests reach their own plugin only ('" .. NAME .. "')", 2) end
    return handle
  end
  for _, file in ipairs(files) do
    local env = make_env()
    env.lede = test_lede
    env.require = function(name)
      if name == "lede" then return test_lede end
      error("require: only \"lede\" is available in plugin tests", 2)
    end
    env.assert = assertion(false)
    local befores, afters, path = {}, {}, {}
    env.describe = function(name, f)
      path[#path + 1] = name
      local nb, na = #befores, #afters
      f()
      for i = #befores, nb + 1, -1 do befores[i] = nil end
      for i = #afters, na + 1, -1 do afters[i] = nil end
      path[#path] = nil
    end
    env.context = env.describe
    env.setup = function(f) f() end
    env.teardown = function(f) f() end
    env.before_each = function(f) befores[#befores + 1] = f end
    env.after_each = function(f) afters[#afters + 1] = f end
    env.pending = function(name) pend = pend + 1 say[#say + 1] = "pending: " .. tostring(name) end
    env.it = function(name, f)
      local title = tconcat(path, " ") .. " " .. name
      local ok, e = pcall(function()
        for _, b in ipairs(befores) do b() end
        f()
        for _, a in ipairs(afters) do a() end
      end)
      if ok then passed = passed + 1
      else failed = failed + 1 say[#say + 1] = "FAIL " .. title .. ": " .. tostring(e) end
    end
    env.spec = env.it
    local chunk, e = load(file.src, "=" .. file.name, "t", env)
    if not chunk then failed = failed + 1 say[#say + 1] = "FAIL " .. e
    else
      local ok, e2 = pcall(chunk)
      if not ok then failed = failed + 1 say[#say + 1] = "FAIL " .. file.name .. ": " .. tostring(e2) end
    end
  end
  return passed, failed, pend, say
end

-- The state's own globals are not the plugin's: nothing else is needed.
for _, k in ipairs { "dofile", "loadfile", "print" } do G[k] = nil end
return E
