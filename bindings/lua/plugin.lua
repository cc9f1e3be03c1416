-- plugin.lua -- lede.plugin(name [, version_req [, limits]]): finding,
-- validating, sandboxing and calling plugins (docs/plugins.md).
--
-- A plugin is a directory NAME/ whose plugin.lua returns its manifest and
-- its functions in one table. Plugins are untrusted code: each is loaded,
-- as text only, into a Lua state of its own (a box, lsandbox.c) whose
-- world is built from an allow-list (plugin_env.lua), and every call into
-- it runs there under a CPU budget and a memory cap. Arguments go in and
-- results come out as copies of plain data (lsandbox.c), so nothing of
-- the host is reachable from a plugin and no plugin code runs in the host.
local lede = require "lede"
local sandbox = lede._sandbox

local M = {}

-- Permissions a manifest may declare, and what each opens.
M.PERMISSIONS = {
  read = "open(relpath): read-only files inside the plugin's own directory",
  db = "use a database handle the caller passes in (lede.db without open)",
}

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

-- A plugin.lua is looked at only if it is a regular file (never a FIFO
-- that would block, nor a device).
local function exists(path)
  return lede._sys.filetype(path) == "file"
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

----------------------------------------------------------------- loading

-- Largest plugin.lua read (it is read only if it is a regular file).
M.MAX_SOURCE = 1024 * 1024

--[=[
M.validate(t, dirname) -> true | nil, message naming the field.
t is the manifest as the box gives it (its functions' names in
t.functions); dirname the directory's name (or nil).
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
  local has = {}
  for _, fname in ipairs(t.functions or {}) do has[fname] = true end
  local nfun = #(t.functions or {})
  if t.provides ~= nil then
    if type(t.provides) ~= "table" then return bad("provides", "must be a list of function names") end
    for _, fname in ipairs(t.provides) do
      if not has[fname] then
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
Loads and validates the plugin in directory dir (not cached), in a box
of its own. rec has name, dir, manifest (data: the fields, and the
functions' names in .functions), permissions (set), limits, box.
]=]
function M.load_dir(dir, limits)
  limits = limits or M.limits()
  local dirname = dir:match("([^/]+)/*$")
  local name = valid_name(dirname) and dirname or "?"
  local path = dir .. "/plugin.lua"
  local src, err = sandbox.readfile(path, M.MAX_SOURCE)
  if not src then return nil, ("plugin '%s': cannot read %s"):format(name, tostring(err)) end
  if src:sub(1, 1) == "\27" then
    return nil, ("plugin '%s': %s is precompiled bytecode; plugins are loaded as text only"):format(name, path)
  end
  local ok, box = pcall(sandbox.new, name, { dir = dir, cpu = limits.cpu, memory = limits.memory })
  if not ok then return nil, box end
  local t
  ok, t = pcall(box.load, box, src, limits)
  if not ok then return nil, t end
  local vok, verr = M.validate(t, dirname)
  if not vok then return nil, ("plugin '%s' (%s): %s"):format(name, path, verr) end
  local rec = { name = name, dir = dir, permissions = {}, box = box,
                manifest = t, limits = limits, sha256 = M.hash(dir) }
  for _, p in ipairs(t.permissions or {}) do rec.permissions[p] = true end
  box:grant(rec.permissions.read, rec.permissions.db)
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
        parts[#parts + 1] = r .. "\0" .. lede._sys.sha256(sandbox.readfile(path) or "")
      end
    end
  end
  walk(dir, "", 0)
  return lede._sys.sha256(table.concat(parts, "\n"))
end

-- plugins.lock in the current folder: name -> {version=, sha256=}, or nil.
M.LOCK_FILE = "plugins.lock"
function M.read_lock()
  local text = sandbox.readfile(M.LOCK_FILE, M.MAX_SOURCE)
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

-- The handle a script gets: the manifest's fields and its functions,
-- each a call into the plugin's box under the given limits.
local function handle(rec, limits)
  local h = {}
  for k, v in pairs(rec.manifest) do
    if k ~= "functions" then h[k] = v end
  end
  local box = rec.box
  for _, fname in ipairs(rec.manifest.functions) do
    h[fname] = function(...) return box:call(fname, limits, ...) end
  end
  h.dir = rec.dir
  return setmetatable({}, {
    __index = h,
    __newindex = function(_, k)
      error("plugin '" .. rec.name .. "' is read-only (cannot set '" .. tostring(k) .. "')", 2)
    end,
    __pairs = function() return next, h, nil end,
    __metatable = false,
  })
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
  return handle(rec, limits)
end

lede.plugin = M.plugin
return M
