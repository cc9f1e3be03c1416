-- plugin_cli.lua -- `lede plugin list|info NAME|test NAME|new NAME|check PATH`.
-- main(args) gets the words after "plugin" and returns the exit status:
-- 0 success, 1 failure (reported on stderr), 2 usage error.
local lede = require "lede"
local P = require "lede.plugin"

local M = {}

local USAGE = [[
usage: lede plugin list              plugins on the search path
       lede plugin info NAME         manifest, functions, where found
       lede plugin test NAME         run the plugin's tests/*.lua in its sandbox
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
  return rec.manifest.functions
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

-- Test files are read like plugin.lua: regular files, at most this size.
local MAX_TEST_FILE = 1024 * 1024

-- lede plugin test NAME: the plugin's tests/*.lua run in its sandbox (a
-- box of their own, with describe/it/assert and the plugin's functions),
-- under the plugin's memory cap and LEDE_PLUGIN_TEST_CPU seconds in all.
local function cmd_test(name)
  local dir, rec = find_and_load(name)
  if not dir then return 1 end
  local paths = tests_of(dir)
  if #paths == 0 then
    err(("lede: plugin '%s' has no tests (add %s/tests/%s_spec.lua)\n"):format(name, dir, name))
    return 1
  end
  local files = {}
  for _, path in ipairs(paths) do
    local src, e = lede._sandbox.readfile(path, MAX_TEST_FILE)
    if not src then err("lede: ", e, "\n") return 1 end
    files[#files + 1] = { name = path, src = src }
  end
  local cpu = tonumber(os.getenv("LEDE_PLUGIN_TEST_CPU") or "") or 60
  local limits = { cpu = cpu, memory = rec.limits.memory }
  local ok, passed, failed, pend, say = pcall(rec.box.test, rec.box, files, limits)
  if not ok then err("lede: ", tostring(passed), "\n") return 1 end
  for _, l in ipairs(say) do err(l, "\n") end
  out(("%d passed, %d failed, %d pending\n"):format(passed, failed, pend))
  return failed == 0 and 0 or 1
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
