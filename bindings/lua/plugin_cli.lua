-- plugin_cli.lua -- `lede plugin list|info NAME|test NAME|new NAME|check PATH`.
-- main(args) gets the words after "plugin" and returns the exit status:
-- 0 success, 1 failure (reported on stderr), 2 usage error.
local lede = require "lede"
local P = require "lede.plugin"

local M = {}

local USAGE = [[
usage: lede plugin list              plugins on the search path
       lede plugin info NAME         manifest, functions, where found
       lede plugin test NAME         run the plugin's tests/*.lua (busted)
       lede plugin new NAME          scaffold ./plugins/NAME (passes its test)
       lede plugin lock              pin every plugin found in ./plugins.lock
       lede plugin check PATH        validate a plugin directory's manifest
search path: ./plugins, then LEDE_PLUGIN_PATH (colon-separated), then
$XDG_DATA_HOME/lede/plugins (default ~/.local/share/lede/plugins)
]]

local function out(...) io.stdout:write(...) end
local function err(...) io.stderr:write(...) end

local function shquote(s)
  return "'" .. tostring(s):gsub("'", "'\\''") .. "'"
end

local function perms(rec)
  local p = {}
  for _, x in ipairs(rec.manifest.permissions or {}) do p[#p + 1] = x end
  return #p > 0 and table.concat(p, ",") or "-"
end

local function functions(rec)
  local f = {}
  for k, v in pairs(rec.manifest) do
    if type(v) == "function" then f[#f + 1] = k end
  end
  table.sort(f)
  return f
end

local function tests_of(dir)
  local list = {}
  for _, name in ipairs(lede._sys.listdir(dir .. "/tests") or {}) do
    if name:match("%.lua$") then list[#list + 1] = dir .. "/tests/" .. name end
  end
  return list
end

-- lede plugin list
local function cmd_list()
  local status = 0
  local rows = { { "NAME", "VERSION", "PERMISSIONS", "WHERE" } }
  for _, p in ipairs(P.scan()) do
    local rec, msg = P.load_dir(p.dir)
    if rec then
      rows[#rows + 1] = { p.name, rec.manifest.version, perms(rec), p.dir }
    else
      rows[#rows + 1] = { p.name, "?", "?", p.dir .. "  (broken: see lede plugin check)" }
      err("lede: ", msg, "\n")
      status = 1
    end
  end
  if #rows == 1 then
    err("lede: no plugins found; searched: ", table.concat(P.path(), ", "), "\n")
    return 0
  end
  local w = {}
  for _, r in ipairs(rows) do
    for i = 1, 3 do w[i] = math.max(w[i] or 0, #r[i]) end
  end
  for _, r in ipairs(rows) do
    out(("%-" .. w[1] .. "s  %-" .. w[2] .. "s  %-" .. w[3] .. "s  %s\n")
      :format(r[1], r[2], r[3], r[4]))
  end
  return status
end

-- Finds and loads plugin NAME -> dir, record, all locations; or reports
-- why not (the path searched, or the manifest's error) and returns nil.
local function find_and_load(name)
  local dir, all = P.locate(name)
  if not dir then
    err(("lede: plugin '%s' not found; searched: %s\n"):format(name, table.concat(P.path(), ", ")))
    return nil
  end
  local rec, msg = P.load_dir(dir)
  if not rec then err("lede: ", msg, "\n") return nil end
  return dir, rec, all
end

-- lede plugin info NAME
local function cmd_info(name)
  local dir, rec, all = find_and_load(name)
  if not dir then return 1 end
  local m = rec.manifest
  out(("name:        %s\nversion:     %s\ndescription: %s\nlede:        %s\n")
    :format(m.name, m.version, m.description, m.lede))
  out(("permissions: %s\nfunctions:   %s\nwhere:       %s\n")
    :format(perms(rec), table.concat(functions(rec), ", "), dir))
  for i = 2, #all do out("shadowed:    ", all[i], "\n") end
  local t = tests_of(dir)
  out("tests:       ", #t > 0 and tostring(#t) .. " file(s) in tests/" or "none", "\n")
  return 0
end

-- Where the lede module is, for a child process: a directory for LUA_CPATH.
local function module_cpath()
  local so = package.searchpath("lede", package.cpath)
  if so then
    so = lede._sandbox.realpath(so) or so
    return (so:gsub("[^/]*$", "?.so"))
  end
  local exe = lede._sandbox.realpath("/proc/self/exe")
  if exe then
    local dir = exe:match("^(.*)/[^/]*$")
    if dir and io.open(dir .. "/lede.so") then return dir .. "/?.so" end
  end
  return nil
end

local function have_busted()
  local ok, _, code = os.execute("command -v busted >/dev/null 2>&1")
  return ok and (code == 0 or code == nil)
end

-- A small runner for describe/it specs when busted is absent.
local function builtin_runner(files)
  local passed, failed, pend = 0, 0, 0
  local say = {}
  local function fmt(v) return type(v) == "string" and ("%q"):format(v) or tostring(v) end
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
    matches = function(p, s) return type(s) == "string" and s:find(p) ~= nil, fmt(s) .. " does not match " .. fmt(p) end,
    error = function(f) return not pcall(f), "expected an error" end,
    error_matches = function(f, p)
      local ok, e = pcall(f)
      return not ok and tostring(e):find(p) ~= nil, "error " .. fmt(e) .. " does not match " .. fmt(p)
    end,
  }
  checks.equal, checks.errors, checks.match = checks.equals, checks.error, checks.matches
  local function assertion(negate)
    return setmetatable({}, { __index = function(self, k)
      if k == "is_not" or k == "are_not" or k == "has_no" or k == "no" or k == "Not" then return assertion(not negate) end
      if k == "is" or k == "are" or k == "has" then return self end
      local name = k:gsub("^is_", ""):gsub("^are_", ""):gsub("^has_", "")
      local c = checks[name]
      if not c then error("built-in runner: unknown assertion '" .. k .. "'", 2) end
      return function(...)
        local ok, msg = c(...)
        if negate then ok, msg = not ok, "expected not: " .. msg end
        if not ok then error(msg, 2) end
        return ...
      end
    end, __call = function(_, v, msg, ...) if not v then error(msg or "assertion failed!", 2) end return v, msg, ... end })
  end
  local env = setmetatable({}, { __index = _G })
  env.assert = assertion(false)
  local befores = {}
  local path = {}
  env.describe = function(name, f)
    path[#path + 1] = name
    local nb = #befores
    f()
    for i = #befores, nb + 1, -1 do befores[i] = nil end
    path[#path] = nil
  end
  env.before_each = function(f) befores[#befores + 1] = f end
  env.pending = function(name) pend = pend + 1 say[#say + 1] = "pending: " .. tostring(name) end
  env.it = function(name, f)
    local title = table.concat(path, " ") .. " " .. name
    local ok, e = pcall(function()
      for _, b in ipairs(befores) do b() end
      f()
    end)
    if ok then passed = passed + 1
    else failed = failed + 1 say[#say + 1] = "FAIL " .. title .. ": " .. tostring(e) end
  end
  env.spec = env.it
  for _, file in ipairs(files) do
    local chunk, e = loadfile(file, "t", env)
    if not chunk then failed = failed + 1 say[#say + 1] = "FAIL " .. e
    else
      local ok, e2 = pcall(chunk)
      if not ok then failed = failed + 1 say[#say + 1] = "FAIL " .. file .. ": " .. tostring(e2) end
    end
  end
  for _, l in ipairs(say) do err(l, "\n") end
  out(("%d passed, %d failed, %d pending\n"):format(passed, failed, pend))
  return failed == 0 and 0 or 1
end

-- lede plugin test NAME
local function cmd_test(name)
  local dir, rec = find_and_load(name)
  if not dir then return 1 end
  local files = tests_of(dir)
  if #files == 0 then
    err(("lede: plugin '%s' has no tests (add %s/tests/%s_spec.lua)\n"):format(name, dir, name))
    return 1
  end
  local absdir = lede._sandbox.realpath(dir)
  local parent = absdir:match("^(.*)/[^/]*$")
  local cpath = module_cpath()
  if not have_busted() or not cpath or os.getenv("LEDE_PLUGIN_TEST_BUILTIN") then
    -- In this process: make lede.plugin find this very directory first.
    local old = P.path
    P.path = function()
      local d = old()
      table.insert(d, 1, parent)
      return d
    end
    P.loaded[name] = nil
    local oldwarn = P.warn
    P.warn = function() end
    local status = builtin_runner(files)
    P.path, P.warn = old, oldwarn
    return status
  end
  -- A helper loads the module and lede.plugin before the specs run.
  local tmp = os.tmpname()
  local helper = tmp .. "_helper.lua"
  local hf = assert(io.open(helper, "w"))
  hf:write('local lede = require "lede"\nif not lede.plugin then require "lede.plugin" end\n')
  hf:close()
  local lpath = os.getenv("LUA_PATH")
  local cmd = ("cd %s && LEDE_PLUGIN_PATH=%s LUA_CPATH=%s LUA_PATH=%s busted --lua=lua5.4 --helper=%s -o utfTerminal tests")
    :format(shquote(absdir),
      shquote(parent .. ((os.getenv("LEDE_PLUGIN_PATH") or "") ~= "" and ":" .. os.getenv("LEDE_PLUGIN_PATH") or "")),
      shquote(cpath .. ";;"), shquote(absdir .. "/?.lua;" .. (lpath or ";")),
      shquote(helper))
  local ok, _, code = os.execute(cmd)
  os.remove(helper)
  os.remove(tmp)
  if ok then return 0 end
  return (code == 0 and 0) or 1
end

-- lede plugin new NAME
local SCAFFOLD = [==[
-- plugin.lua -- the manifest and the functions of the plugin %s.
-- Runs in lede's sandbox: string, table, math, utf8, os.time/date/clock,
-- the lede API; no io, no require. See docs/plugins.md.
local M = {
  name = "%s",
  version = "0.1.0",
  description = "Counts the words of an article (replace with what yours does)",
  lede = ">=%s",
  permissions = {},   -- "read" to open files in this folder, "db" for databases
}

-- count(doc_or_text) -> number of words
function M.count(doc)
  local text = type(doc) == "table" and doc.text or doc
  local n = 0
  for _ in text:gmatch("[%%w\128-\255][%%w\128-\255'%%-]*") do n = n + 1 end
  return n
end

return M
]==]

local SPEC = [==[
-- Tests of the plugin %s: run them with `lede plugin test %s`.
local lede = require "lede"

describe("%s", function()
  local plugin = lede.plugin("%s")

  it("counts the words of a text", function()
    assert.equals(7, plugin.count("The council met on Tuesday in Kyiv."))
  end)

  it("accepts a document", function()
    assert.equals(3, plugin.count({ text = "Drones were launched." }))
  end)
end)
]==]

local function cmd_new(name)
  if not P.valid_name(name) then
    err("lede: plugin new: bad name '", tostring(name), "' (letters, digits, '_' or '-', starting with a letter)\n")
    return 2
  end
  local dir = "plugins/" .. name
  if lede._sys.filetype(dir) then
    err("lede: plugin new: ", dir, " already exists\n")
    return 1
  end
  local major, minor = lede.version:match("^(%d+)%.(%d+)")
  local function mk(path)
    local ok, e, code = os.execute("mkdir -p " .. shquote(path))
    if not ok then error(("cannot create %s (%s %s)"):format(path, tostring(e), tostring(code)), 0) end
  end
  local ok, e = pcall(function()
    mk(dir .. "/tests")
    mk(dir .. "/data")
    local f = assert(io.open(dir .. "/plugin.lua", "w"))
    f:write(SCAFFOLD:format(name, name, major .. "." .. minor))
    f:close()
    f = assert(io.open(dir .. "/tests/" .. name .. "_spec.lua", "w"))
    f:write(SPEC:format(name, name, name, name))
    f:close()
  end)
  if not ok then err("lede: plugin new: ", tostring(e), "\n") return 1 end
  out(("created %s: edit %s/plugin.lua, then `lede plugin test %s` and `lede plugin check %s`\n")
    :format(dir, dir, name, dir))
  return 0
end

-- lede plugin lock: pins every plugin found (version and content) in
-- ./plugins.lock; lede.plugin then refuses a plugin that differs.
local function cmd_lock()
  local lines = { "# plugins.lock -- written by `lede plugin lock`: NAME VERSION SHA256 FOLDER" }
  local status = 0
  for _, p in ipairs(P.scan()) do
    local rec, msg = P.load_dir(p.dir)
    if rec then
      lines[#lines + 1] = ("%s %s %s %s"):format(p.name, rec.manifest.version, rec.sha256, p.dir)
    else
      err("lede: ", msg, "\n")
      status = 1
    end
  end
  local f, e = io.open(P.LOCK_FILE, "w")
  if not f then err("lede: plugin lock: ", tostring(e), "\n") return 1 end
  f:write(table.concat(lines, "\n"), "\n")
  f:close()
  out(("wrote %s: %d plugin%s pinned\n"):format(P.LOCK_FILE, #lines - 1, #lines == 2 and "" or "s"))
  return status
end

-- lede plugin check PATH
local function cmd_check(path)
  path = path:gsub("/plugin%.lua$", ""):gsub("/+$", "")
  if path == "" then path = "/" end
  if lede._sys.filetype(path) ~= "directory" or lede._sys.filetype(path .. "/plugin.lua") ~= "file" then
    err("lede: plugin check: ", path, ": not a plugin directory (no plugin.lua)\n")
    return 1
  end
  local rec, msg = P.load_dir(path)
  if not rec then err("lede: ", msg, "\n") return 1 end
  local m = rec.manifest
  out(("ok: %s %s (lede %s; permissions %s; functions %s)\n")
    :format(m.name, m.version, m.lede, perms(rec), table.concat(functions(rec), ", ")))
  if #tests_of(path) == 0 then err("lede: warning: ", path, " has no tests/*.lua\n") end
  return 0
end

function M.main(args)
  args = args or {}
  local verb, a = args[1], args[2]
  if (verb == "info" or verb == "test") and a and not P.valid_name(a) then
    err("lede: plugin ", verb, ": bad plugin name '", a, "'\n")
    return 2
  end
  if verb == "list" and a == nil then return cmd_list()
  elseif verb == "info" and a then return cmd_info(a)
  elseif verb == "test" and a then return cmd_test(a)
  elseif verb == "new" and a then return cmd_new(a)
  elseif verb == "check" and a then return cmd_check(a)
  elseif verb == "lock" and a == nil then return cmd_lock()
  elseif verb == "help" or verb == "--help" or verb == "-h" then out(USAGE) return 0
  end
  err(USAGE)
  return 2
end

return M
