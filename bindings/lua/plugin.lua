-- plugin.lua -- lede.plugin(name [, version_req [, limits]]): finding,
-- validating, sandboxing and calling plugins (docs/plugins.md).
--
-- A plugin is a directory NAME/ whose plugin.lua returns its manifest and
-- its functions in one table. Plugins are untrusted code: plugin.lua is
-- loaded as text only into a whitelisted environment built here, and
-- every call into it (the main chunk included) runs under
-- lede._sandbox.call with a CPU budget and a memory cap (lsandbox.c).
--
-- What crosses the border:
--   in   the arguments as given (a database handle only with "db");
--        after the call, functions the plugin left in a table argument
--        are wrapped so they too run under its limits.
--   out  plain data: results are copied (tables without metatables;
--        functions wrapped to run in the sandbox), so nothing a plugin
--        returns can run its code in the host outside the limits.
local lede = require "lede"
local sandbox = lede._sandbox

local M = {}

-- Permissions a manifest may declare, and what each opens.
M.PERMISSIONS = {
  read = "open(relpath): read-only files inside the plugin's own directory",
  db = "use a database handle the caller passes in (lede.db without open)",
}
-- Worst-case steps a Lua pattern function may take on one call
-- (string.find/match/gmatch/gsub run in C, where the CPU hook never fires).
M.PATTERN_BUDGET = 2e8
-- The deepest table a plugin may return (results are copied).
M.MAX_RESULT_DEPTH = 64

-- Warnings (duplicates on the search path) go through M.warn; tests and
-- the CLI may replace it.
function M.warn(msg)
  io.stderr:write("lede: warning: ", msg, "\n")
end

---------------------------------------------------------------- versions

-- "1.2.3" / "1.2" / "1" -> {1, 2, 3} (missing parts 0) or nil
local function parse_version(s)
  if type(s) ~= "string" then return nil end
  local core = s:match("^(%d+[%.%d]*)")
  if not core or core:find("%.%.") or core:sub(-1) == "." then return nil end
  local v = {}
  for part in core:gmatch("%d+") do v[#v + 1] = tonumber(part) end
  if #v > 3 then return nil end
  local rest = s:sub(#core + 1)
  if rest ~= "" and not rest:match("^%-[%w%.%-]+") and not rest:match("^%+[%w%.%-]+$") then
    return nil
  end
  for i = #v + 1, 3 do v[i] = 0 end
  return v
end

local function cmp(a, b)
  for i = 1, 3 do
    if a[i] ~= b[i] then return a[i] < b[i] and -1 or 1 end
  end
  return 0
end

-- Semantic version: MAJOR.MINOR.PATCH with optional -pre and +build.
function M.is_semver(s)
  return type(s) == "string" and
    (s:match("^%d+%.%d+%.%d+$") or s:match("^%d+%.%d+%.%d+[-+][%w%.%-+]+$")) ~= nil
end

--[=[
M.satisfies(version, req) -> true | false | nil, message
req: constraints separated by commas or spaces, each OP VERSION with OP
one of >= > <= < = == ~= (not equal), ^ (same major; same minor under 1.0)
or ~ (same minor); a bare version means =. "" or "*" accepts any.
]=]
function M.satisfies(version, req)
  local v = parse_version(version)
  if not v then return nil, "bad version '" .. tostring(version) .. "'" end
  if type(req) ~= "string" then return nil, "requirement must be a string" end
  local any = false
  for op, ver in req:gmatch("([<>=~^]*)%s*([%d][%w%.%-+]*)") do
    any = true
    local r = parse_version(ver)
    if not r then return nil, "bad version '" .. ver .. "' in requirement '" .. req .. "'" end
    local c = cmp(v, r)
    local ok
    if op == ">=" then ok = c >= 0
    elseif op == ">" then ok = c > 0
    elseif op == "<=" then ok = c <= 0
    elseif op == "<" then ok = c < 0
    elseif op == "" or op == "=" or op == "==" then
      -- "1.2" means any 1.2.x, "1" any 1.x.y
      local parts = select(2, ver:gsub("%.", "")) + 1
      ok = true
      for i = 1, math.min(parts, 3) do ok = ok and v[i] == r[i] end
    elseif op == "~=" then ok = c ~= 0
    elseif op == "^" then
      if r[1] > 0 then ok = c >= 0 and v[1] == r[1]
      else ok = c >= 0 and v[1] == 0 and v[2] == r[2] end
    elseif op == "~" then ok = c >= 0 and v[1] == r[1] and v[2] == r[2]
    else return nil, "bad operator '" .. op .. "' in requirement '" .. req .. "'" end
    if not ok then return false end
  end
  -- Anything left that is not a constraint or separator is an error.
  local rest = req:gsub("[<>=~^]*%s*[%d][%w%.%-+]*", ""):gsub("[%s,]", "")
  if rest ~= "" and rest ~= "*" then
    return nil, "cannot read requirement '" .. req .. "' (write e.g. \">=0.1\")"
  end
  if not any and rest ~= "*" and req:match("%S") then
    return nil, "cannot read requirement '" .. req .. "'"
  end
  return true
end

------------------------------------------------------------- search path

-- The directories searched, in order.
function M.path()
  local dirs = { "./plugins" }
  for d in (os.getenv("LEDE_PLUGIN_PATH") or ""):gmatch("[^:]+") do
    dirs[#dirs + 1] = d
  end
  local xdg = os.getenv("XDG_DATA_HOME")
  if not xdg or xdg == "" then
    local home = os.getenv("HOME")
    xdg = home and home ~= "" and home .. "/.local/share" or nil
  end
  if xdg then dirs[#dirs + 1] = xdg .. "/lede/plugins" end
  local shipped = M.shipped()
  if shipped then
    local real = sandbox.realpath(shipped)
    for _, d in ipairs(dirs) do
      if sandbox.realpath(d) == real then shipped = nil break end
    end
  end
  if shipped then dirs[#dirs + 1] = shipped end
  return dirs
end

-- The plugins shipped with lede, found from where lede itself is: an
-- install (PREFIX/bin/lede or PREFIX/lib/lua/5.4/lede.so beside
-- PREFIX/share/lede/plugins) or a build (bin/lede beside plugins/).
function M.shipped()
  local self = lede._sys.self and lede._sys.self()
  local dir = self and self:match("^(.*)/[^/]*$")
  if not dir then return nil end
  for _, rel in ipairs { "/../share/lede/plugins", "/../../../share/lede/plugins",
                         "/../plugins", "/../../plugins" } do
    if lede._sys.filetype(dir .. rel) == "directory" then
      return sandbox.realpath(dir .. rel) or dir .. rel
    end
  end
  return nil
end

local function exists(path)
  local f = io.open(path, "rb")
  if f then f:close() return true end
  return false
end

local function valid_name(name)
  return type(name) == "string" and name:match("^[%a][%w_%-]*$") ~= nil
    and #name <= 64
end
M.valid_name = valid_name

-- Where NAME is: first match, then the shadowed ones.
function M.locate(name)
  local found = {}
  for _, dir in ipairs(M.path()) do
    local pdir = dir .. "/" .. name
    if exists(pdir .. "/plugin.lua") then found[#found + 1] = pdir end
  end
  return found[1], found
end

-- Every plugin on the path: array of {name=, dir=, shadowed={dirs}} in
-- name order; a name found twice is reported through M.warn.
function M.scan(warn)
  warn = warn or M.warn
  local byname, names = {}, {}
  for _, dir in ipairs(M.path()) do
    local entries = lede._sys.listdir(dir)
    for _, entry in ipairs(entries or {}) do
      local pdir = dir .. "/" .. entry
      if valid_name(entry) and exists(pdir .. "/plugin.lua") then
        local rec = byname[entry]
        if rec then
          rec.shadowed[#rec.shadowed + 1] = pdir
          warn(("plugin '%s' in %s is shadowed by %s (first match wins)")
            :format(entry, pdir, rec.dir))
        else
          byname[entry] = { name = entry, dir = pdir, shadowed = {} }
          names[#names + 1] = entry
        end
      end
    end
  end
  table.sort(names)
  local out = {}
  for i, n in ipairs(names) do out[i] = byname[n] end
  return out
end

------------------------------------------------------------------ limits

local function env_number(var)
  local s = os.getenv(var)
  if not s or s == "" then return nil end
  local num, unit = s:match("^%s*([%d%.]+)%s*(%a*)%s*$")
  num = tonumber(num)
  local mult = ({ [""] = 1, k = 1024, kb = 1024, m = 2^20, mb = 2^20,
    g = 2^30, gb = 2^30, s = 1 })[unit and unit:lower() or ""]
  if not num or not mult or num <= 0 then
    error(("%s=%q: expected a positive number"):format(var, s), 0)
  end
  return num * mult
end

-- The limits of a call: explicit options, else the environment, else the
-- sandbox defaults (2 s of CPU, 256 MB).
function M.limits(opts)
  opts = opts or {}
  local cpu = opts.cpu or env_number("LEDE_PLUGIN_CPU") or sandbox.defaults.cpu
  local mem = opts.memory or env_number("LEDE_PLUGIN_MEMORY") or sandbox.defaults.memory
  if type(cpu) ~= "number" or cpu <= 0 then error("plugin limit 'cpu' must be a positive number of seconds", 3) end
  if type(mem) ~= "number" or mem <= 0 then error("plugin limit 'memory' must be a positive number of bytes", 3) end
  return { cpu = cpu, memory = math.floor(mem) }
end

----------------------------------------------------------- the sandbox

local frozen = setmetatable({}, { __mode = "k" })  -- tables plugins may not rawset

-- A read-only view of t (the view is registered as frozen).
local function freeze(t, what, index)
  local view = setmetatable({}, {
    __index = index or t,
    __newindex = function(_, k)
      error(what .. " is read-only (cannot set '" .. tostring(k) .. "')", 2)
    end,
    __pairs = function()
      local k
      return function()
        local v
        k, v = next(t, k)
        return k, v
      end
    end,
    __len = function() return #t end,
    __metatable = false,
  })
  frozen[view] = true
  return view
end

local function copy(t, skip)
  local c = {}
  for k, v in pairs(t) do
    if not (skip and skip[k]) then c[k] = v end
  end
  return c
end

-- Pattern guard. A Lua pattern backtracks: each quantified item may
-- expand over a run of the subject, and the expansions multiply. The
-- worst case is bounded by (start positions) x product over quantified
-- items of (longest run that item can match + 1); a call whose bound
-- exceeds M.PATTERN_BUDGET is refused before it starts.
local sfind, ssub, sbyte, sformat = string.find, string.sub, string.byte, string.format
local function pattern_items(p)
  local items, i, n, anchored = {}, 1, #p, false
  if ssub(p, 1, 1) == "^" then anchored = true; i = 2 end
  while i <= n do
    local c = ssub(p, i, i)
    local item, j
    if c == "%" then
      local d = ssub(p, i + 1, i + 1)
      if d == "b" then
        items[#items + 1] = { wide = true }
        i = i + 4
        goto continue
      elseif d == "f" then
        local close = sfind(p, "]", i + 4, true)
        i = (close or n) + 1
        goto continue
      elseif sfind(d, "^%d") then
        items[#items + 1] = { wide = true }
        i = i + 2
        goto continue
      end
      item, j = ssub(p, i, i + 1), i + 2
    elseif c == "[" then
      local k = i + 1
      if ssub(p, k, k) == "^" then k = k + 1 end
      if ssub(p, k, k) == "]" then k = k + 1 end
      while k <= n and ssub(p, k, k) ~= "]" do
        if ssub(p, k, k) == "%" then k = k + 1 end
        k = k + 1
      end
      item, j = ssub(p, i, k), k + 1
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
      if q == "*" or q == "+" or q == "-" then
        -- last: nothing but closing captures follows, so no backtracking
        items[#items + 1] = { class = item, last = sfind(p, "^%)*$", j + 1) ~= nil }
        j = j + 1
      elseif q == "?" then
        items[#items + 1] = { factor = 2 }
        j = j + 1
      end
    end
    i = j
    ::continue::
  end
  return items, anchored
end

local pattern_cache, pattern_cache_n = {}, 0

local run_subject, run_cache = nil, {}

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

local function check_pattern(fname, s, p, init)
  if type(s) ~= "string" and type(s) ~= "number" then return end
  if type(p) ~= "string" and type(p) ~= "number" then return end
  s, p = tostring(s), tostring(p)
  local budget = M.PATTERN_BUDGET
  local n = #s + 1
  local cached = pattern_cache[p]
  if not cached then
    if pattern_cache_n >= 512 then pattern_cache, pattern_cache_n = {}, 0 end
    cached = { pattern_items(p) }
    pattern_cache[p], pattern_cache_n = cached, pattern_cache_n + 1
  end
  local items, anchored = cached[1], cached[2]
  local starts = anchored and 1 or n
  if type(init) == "number" and init > 1 and not anchored then
    starts = math.max(1, n - init + 1)
  end
  -- Quick bound: every item may run over the whole subject.
  local cost = starts
  for _, it in ipairs(items) do
    if it.factor then cost = cost * it.factor
    elseif not it.last then cost = cost * n end
  end
  if cost <= budget then return end
  cost = starts
  for _, it in ipairs(items) do
    if it.factor then cost = cost * it.factor
    elseif it.wide then cost = cost * n
    elseif not it.last then cost = cost * (longest_run(s, it.class) + 1) end
    if cost > budget then
      error(sformat("string.%s: pattern '%s' may take too long on a subject of %d bytes "
        .. "(worst case over %.0e steps, limit is %.0e): split the text first "
        .. "(doc:sentences()), anchor the pattern, or use fewer repetitions",
        fname, #p > 40 and ssub(p, 1, 40) .. "..." or p, #s, cost, budget), 3)
    end
  end
end

local function safe_string()
  local s = copy(string, { dump = true })
  for _, fname in ipairs { "find", "match", "gmatch", "gsub" } do
    local f = string[fname]
    s[fname] = function(subject, pattern, a, b)
      if not (fname == "find" and b) then
        check_pattern(fname, subject, pattern, fname ~= "gsub" and a or nil)
      end
      return f(subject, pattern, a, b)
    end
  end
  return s
end

-- The permission error.
local function undeclared(rec, perm, what)
  error(("plugin '%s' uses permission '%s' (%s) but does not declare it: "
    .. "add permissions = {\"%s\"} to %s/plugin.lua")
    :format(rec.name, perm, what, perm, rec.dir), 3)
end

-- open(relpath) for "read": confined to the plugin's own directory.
local function make_open(rec)
  return function(rel)
    if not rec.granted then
      if rec.loading then
        error(("plugin '%s': permissions apply once plugin.lua has returned its "
          .. "manifest: call open() inside a function"):format(rec.name), 2)
      end
    end
    if not rec.permissions.read then undeclared(rec, "read", "open") end
    if type(rel) ~= "string" or rel == "" then
      error("open: expected a path relative to the plugin's directory", 2)
    end
    if rel:sub(1, 1) == "/" or rel:find("%z") then
      error("open: '" .. rel .. "' refused: absolute paths are outside the plugin's directory", 2)
    end
    for seg in rel:gmatch("[^/]+") do
      if seg == ".." then
        error("open: '" .. rel .. "' refused: '..' leaves the plugin's directory", 2)
      end
    end
    local real = sandbox.realpath(rec.dir .. "/" .. rel)
    if not real then return nil, "open: " .. rel .. ": no such file in plugin '" .. rec.name .. "'" end
    if real:sub(1, #rec.realdir + 1) ~= rec.realdir .. "/" then
      error("open: '" .. rel .. "' refused: it leads outside the plugin's directory (symlink)", 2)
    end
    if lede._sys.filetype(real) ~= "file" then
      return nil, "open: " .. rel .. ": not a regular file"
    end
    local f, err = io.open(real, "rb")
    if not f then return nil, "open: " .. rel .. ": " .. tostring(err) end
    local h = {}
    function h.read(_, ...) return f:read(...) end
    function h.lines(_, ...) return f:lines(...) end
    function h.close() return f:close() end
    return h
  end
end

-- The lede API seen by a plugin: a copy without private parts, without
-- anything that reaches the file system, and lede.db only with "db".
local HIDDEN = { read = true, inputs = true, plugin = true, cli = true,
  plugin_cli = true, run = true, repl = true, readline = true, open = true,
  db = true, listdir = true, glob = true }

local function lede_view(rec)
  local t = {}
  for k, v in pairs(lede) do
    if type(k) == "string" and k:sub(1, 1) ~= "_" and not HIDDEN[k] then
      if type(v) == "table" and k ~= "null" then v = freeze(copy(v), "lede." .. k) end
      t[k] = v
    end
  end
  if rec.permissions.db and type(lede.db) == "table" then
    t.db = freeze(copy(lede.db, { open = true }), "lede.db")
  end
  return freeze(t, "lede", function(_, k)
    local v = t[k]
    if v == nil and k == "db" then undeclared(rec, "db", "lede.db") end
    return v
  end)
end

local FORBIDDEN = { io = true, debug = true, package = true, require = true,
  load = true, loadfile = true, dofile = true, collectgarbage = true,
  coroutine = true, xpcall = true, print = true }

local function make_env(rec)
  local sstring = freeze(safe_string(), "string")
  rec.sstring = sstring
  local own_mt = setmetatable({}, { __mode = "k" })  -- metatables the plugin set
  local env = {
    string = sstring,
    table = freeze(copy(table), "table"),
    math = freeze(copy(math), "math"),
    utf8 = freeze(copy(utf8), "utf8"),
    os = freeze({ time = os.time, date = os.date, clock = os.clock }, "os"),
    lede = lede_view(rec),
    pairs = pairs, ipairs = ipairs, select = select, type = type,
    tostring = tostring, tonumber = tonumber, pcall = pcall, error = error,
    assert = assert, next = next, rawget = rawget, rawequal = rawequal,
    rawlen = rawlen,
    open = make_open(rec),
    -- log(...): a line on stderr, for debugging a plugin
    log = function(...)
      local parts = table.pack(...)
      for i = 1, parts.n do parts[i] = tostring(parts[i]) end
      io.stderr:write(("plugin %s: %s\n"):format(rec.name, table.concat(parts, " ", 1, parts.n)))
    end,
  }
  env.setmetatable = function(t, mt)
    if type(t) ~= "table" then error("setmetatable: table expected", 2) end
    if frozen[t] then error("setmetatable: a shared table is read-only", 2) end
    local cur = getmetatable(t)
    if cur ~= nil and not own_mt[cur] then
      error("setmetatable: cannot change the metatable of a host object", 2)
    end
    if mt ~= nil then
      if type(mt) ~= "table" then error("setmetatable: nil or table expected", 2) end
      if rawget(mt, "__gc") ~= nil then
        error("setmetatable: __gc is not allowed in plugins (it would run outside the sandbox)", 2)
      end
      own_mt[mt] = true
    end
    return setmetatable(t, mt)
  end
  env.getmetatable = function(v)
    if type(v) == "string" then return nil end
    local mt = getmetatable(v)
    if mt == nil or own_mt[mt] then return mt end
    if type(mt) == "table" then return nil end  -- a host metatable stays hidden
    return mt  -- a __metatable value
  end
  env.rawset = function(t, k, v)
    if type(t) ~= "table" then error("rawset: table expected", 2) end
    if frozen[t] or t == env then error("rawset: a shared table is read-only", 2) end
    return rawset(t, k, v)
  end
  env._G = env
  env._VERSION = _VERSION
  setmetatable(env, {
    __index = function(_, k)
      if FORBIDDEN[k] then
        error(("'%s' is not available to plugins (sandbox; see docs/plugins.md)"):format(k), 2)
      end
      return nil
    end,
    __metatable = "the plugin environment is locked",
  })
  return env
end

---------------------------------------------------------------- calling

local depth = 0
local string_mt = getmetatable("")
local dgetinfo = debug and debug.getinfo
local invoke

local function is_plugin_function(f)
  if not dgetinfo then return false end
  local info = dgetinfo(f, "S")
  return info and info.source and info.source:sub(1, 8) == "=plugin:"
end

-- Copies a result out of the plugin's world: plain tables, wrapped
-- functions. Raw access only, so no plugin metamethod runs here.
local function export(rec, limits, v, seen, level)
  local tv = type(v)
  if tv == "function" then
    return function(...) return invoke(rec, limits, v, ...) end
  elseif tv ~= "table" then
    return v
  end
  if frozen[v] then return v end
  if seen[v] then return seen[v] end
  if level > M.MAX_RESULT_DEPTH then
    error(("plugin '%s': result nested deeper than %d levels (MAX_RESULT_DEPTH)")
      :format(rec.name, M.MAX_RESULT_DEPTH), 0)
  end
  local c = {}
  seen[v] = c
  local k, x = next(v)
  while k ~= nil do
    rawset(c, export(rec, limits, k, seen, level + 1), export(rec, limits, x, seen, level + 1))
    k, x = next(v, k)
  end
  return c
end

-- Calls f(...) of plugin rec under limits; returns its results, exported.
function invoke(rec, limits, f, ...)
  local nargs = select("#", ...)
  local args = { ... }
  local mts = {}
  for i = 1, nargs do
    local a = args[i]
    if type(a) == "userdata" and not rec.permissions.db then
      undeclared(rec, "db", "a database handle passed as argument " .. i)
    end
    if type(a) == "table" then mts[i] = getmetatable(a) or false end
  end
  local outer = depth == 0
  local saved_index
  if outer and string_mt then
    saved_index = string_mt.__index
    string_mt.__index = rec.sstring
  end
  depth = depth + 1
  local r = table.pack(pcall(sandbox.call, rec.name, limits, f, ...))
  depth = depth - 1
  if outer and string_mt then string_mt.__index = saved_index end
  -- Functions the plugin left in table arguments run under its limits too;
  -- metatables it put on them are taken back.
  for i, mt in pairs(mts) do
    local a = args[i]
    local k, v = next(a)
    while k ~= nil do
      if type(v) == "function" and is_plugin_function(v) then
        local pf = v
        rawset(a, k, function(...) return invoke(rec, limits, pf, ...) end)
      end
      k, v = next(a, k)
    end
    if (getmetatable(a) or false) ~= mt then
      pcall(setmetatable, a, mt or nil)
    end
  end
  if not r[1] then error(r[2], 0) end
  local seen = {}
  for i = 2, r.n do r[i] = export(rec, limits, r[i], seen, 1) end
  return table.unpack(r, 2, r.n)
end

----------------------------------------------------------------- loading

local function readfile(path)
  local f, err = io.open(path, "rb")
  if not f then return nil, err end
  local s = f:read("a")
  f:close()
  return s
end

--[=[
M.validate(t, dirname) -> true | nil, message naming the field.
t is what plugin.lua returned; dirname the directory's name (or nil).
]=]
function M.validate(t, dirname)
  if type(t) ~= "table" then
    return nil, "plugin.lua must return a table (the manifest and its functions), got " .. type(t)
  end
  local function bad(field, msg) return nil, ("manifest field '%s' %s"):format(field, msg) end
  if not valid_name(t.name) then
    return bad("name", "must be a name of letters, digits, '_' or '-' starting with a letter (got "
      .. tostring(t.name) .. ")")
  end
  if dirname and t.name ~= dirname then
    return bad("name", ("is '%s' but the directory is '%s'"):format(t.name, dirname))
  end
  if not M.is_semver(t.version) then
    return bad("version", "must be a semantic version like 1.2.0 (got " .. tostring(t.version) .. ")")
  end
  if type(t.description) ~= "string" or not t.description:match("%S") then
    return bad("description", "must be a non-empty string")
  end
  if type(t.lede) ~= "string" then
    return bad("lede", "must be a version requirement such as \">=0.1\" (got " .. tostring(t.lede) .. ")")
  end
  local ok, err = M.satisfies(lede.version, t.lede)
  if ok == nil then return bad("lede", err) end
  if t.permissions ~= nil then
    if type(t.permissions) ~= "table" then
      return bad("permissions", "must be a list such as {\"read\"}")
    end
    for i, p in pairs(t.permissions) do
      if type(i) ~= "number" then return bad("permissions", "must be a list such as {\"read\"}") end
      if not M.PERMISSIONS[p] then
        local known = {}
        for k in pairs(M.PERMISSIONS) do known[#known + 1] = k end
        table.sort(known)
        return bad("permissions", ("has unknown permission '%s' (known: %s)")
          :format(tostring(p), table.concat(known, ", ")))
      end
    end
  end
  local nfun = 0
  for k, v in pairs(t) do
    if type(v) == "function" then nfun = nfun + 1 end
  end
  if t.provides ~= nil then
    if type(t.provides) ~= "table" then return bad("provides", "must be a list of function names") end
    for _, fname in ipairs(t.provides) do
      if type(t[fname]) ~= "function" then
        return bad("provides", ("lists '%s' but plugin.lua has no function of that name"):format(tostring(fname)))
      end
    end
  end
  if nfun == 0 then
    return bad("provides", "is empty: a plugin provides at least one function (extract, check, find, ...)")
  end
  if not ok then
    return nil, ("incompatible lede version: needs lede %s, this is lede %s"):format(t.lede, lede.version)
  end
  return true
end

--[=[
M.load_dir(dir [, limits]) -> rec | nil, message
Loads and validates the plugin in directory dir (not cached). rec has
name, dir, manifest (the returned table, inside the sandbox), permissions
(set), limits.
]=]
function M.load_dir(dir, limits)
  limits = limits or M.limits()
  local dirname = dir:match("([^/]+)/*$")
  local name = valid_name(dirname) and dirname or "?"
  local path = dir .. "/plugin.lua"
  local src, err = readfile(path)
  if not src then return nil, ("plugin '%s': cannot read %s: %s"):format(name, path, tostring(err)) end
  if src:sub(1, 1) == "\27" then
    return nil, ("plugin '%s': %s is precompiled bytecode; plugins are loaded as text only"):format(name, path)
  end
  local rec = { name = name, dir = dir, permissions = {}, loading = true,
                sha256 = M.hash(dir) }
  rec.realdir = sandbox.realpath(dir) or dir
  local env = make_env(rec)
  local chunk, lerr = load(src, "=plugin:" .. name, "t", env)
  if not chunk then return nil, ("plugin '%s': %s: %s"):format(name, path, lerr) end
  local ok, t = pcall(invoke, rec, limits, chunk)
  -- invoke exported the table: the functions are already wrapped; keep
  -- the raw one for validation of types.
  if not ok then return nil, t end
  local vok, verr = M.validate(t, dirname)
  if not vok then return nil, ("plugin '%s' (%s): %s"):format(name, path, verr) end
  for _, p in ipairs(t.permissions or {}) do rec.permissions[p] = true end
  rec.loading, rec.granted = false, true
  rec.manifest = t
  rec.limits = limits
  return rec
end

--[=[
M.hash(dir) -> SHA-256 over every file of a plugin's folder (relative
paths and contents, in sorted order): what `runs` records and what
plugins.lock pins.
]=]
function M.hash(dir)
  local parts = {}
  local function walk(d, rel, depth)
    if depth > 8 then return end
    for _, name in ipairs(lede._sys.listdir(d) or {}) do
      local path, r = d .. "/" .. name, rel .. name
      local t = lede._sys.filetype(path)
      if t == "directory" then walk(path, r .. "/", depth + 1)
      elseif t == "file" then
        parts[#parts + 1] = r .. "\0" .. lede._sys.sha256(readfile(path) or "")
      end
    end
  end
  walk(dir, "", 0)
  return lede._sys.sha256(table.concat(parts, "\n"))
end

-- plugins.lock in the current folder: name -> {version=, sha256=}, or nil.
M.LOCK_FILE = "plugins.lock"
function M.read_lock()
  local text = readfile(M.LOCK_FILE)
  if not text then return nil end
  local lock = {}
  for line in text:gmatch("[^\n]+") do
    local name, version, sha = line:match("^([%w_%-]+)%s+(%S+)%s+(%x+)")
    if name then lock[name] = { version = version, sha256 = sha } end
  end
  return lock
end

-- One load per plugin per process.
M.loaded = {}

-- The handle a script gets: the manifest's fields, its functions wrapped
-- with the given limits; read-only.
local function handle(rec, limits)
  local h = {}
  for k, v in pairs(rec.manifest) do
    if type(v) == "function" and limits ~= rec.limits then
      -- the same function under other limits (the outer call's hold)
      local wrapped = v
      h[k] = function(...) return invoke(rec, limits, wrapped, ...) end
    else
      h[k] = v
    end
  end
  h.dir = rec.dir
  return freeze(h, "plugin '" .. rec.name .. "'")
end

--[=[
lede.plugin(name [, version_req [, limits]]) -> plugin
Finds NAME on the search path (./plugins, LEDE_PLUGIN_PATH, then
$XDG_DATA_HOME/lede/plugins), loads it once per process, checks
version_req (e.g. ">=1.2") against its version, and returns its functions,
each running in the sandbox under limits = {cpu = seconds, memory = bytes}
(defaults: LEDE_PLUGIN_CPU / LEDE_PLUGIN_MEMORY, else 2 s and 256 MB).
Raises a clear error otherwise.
]=]
function M.plugin(name, req, opts)
  if type(req) == "table" and opts == nil then req, opts = nil, req end
  if not valid_name(name) then
    error("lede.plugin: bad plugin name " .. string.format("%q", tostring(name))
      .. " (letters, digits, '_' or '-')", 2)
  end
  local limits = M.limits(opts)
  local rec = M.loaded[name]
  if not rec then
    local dir, all = M.locate(name)
    if not dir then
      error(("plugin '%s' not found; searched: %s (add a folder with LEDE_PLUGIN_PATH)")
        :format(name, table.concat(M.path(), ", ")), 2)
    end
    for i = 2, #all do
      M.warn(("plugin '%s' in %s is shadowed by %s (first match wins)"):format(name, all[i], dir))
    end
    local err
    rec, err = M.load_dir(dir, limits)
    if not rec then error(err, 2) end
    local lock = M.read_lock()
    local pin = lock and lock[name]
    if pin and (pin.version ~= rec.manifest.version or pin.sha256 ~= rec.sha256) then
      error(("plugin '%s' %s (%s) is not the one %s pins (%s, content %s...): " ..
        "restore it, or run `lede plugin lock` to accept it"):format(name,
        rec.manifest.version, rec.dir, M.LOCK_FILE, pin.version, pin.sha256:sub(1, 12)), 2)
    end
    M.loaded[name] = rec
  end
  if req ~= nil then
    local ok, err = M.satisfies(rec.manifest.version, req)
    if ok == nil then error("lede.plugin: " .. err, 2) end
    if not ok then
      error(("plugin '%s' is version %s (%s) but %s is required")
        :format(name, rec.manifest.version, rec.dir, req), 2)
    end
  end
  local same = limits.cpu == rec.limits.cpu and limits.memory == rec.limits.memory
  return handle(rec, same and rec.limits or limits)
end

lede.plugin = M.plugin
return M
