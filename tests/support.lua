-- support.lua -- helpers shared by the busted specs (require "support"
-- with package.path including tests/?.lua; .busted sets that up).
local cjson = require "cjson"
local M = {}

-- The program under test: $LEDE_BIN (set by tests/run.sh) or bin/lede.
M.lede = os.getenv("LEDE_BIN") or "bin/lede"

-- Path of a file under ../shared, or nil when ../shared is absent (a
-- user's clone): specs call pending() then.
function M.shared(rel)
  local path = "../shared/" .. rel
  local f = io.open(path, "rb")
  if not f then return nil end
  f:close()
  return path
end

function M.readfile(path)
  local f = assert(io.open(path, "rb"))
  local s = f:read("a")
  f:close()
  return s
end

function M.writefile(path, s)
  local f = assert(io.open(path, "wb"))
  f:write(s)
  f:close()
  return path
end

function M.tmpname()
  return os.tmpname()
end

-- A new empty directory; remove it with S.rmdir(d).
function M.tmpdir()
  local d = os.tmpname()
  os.remove(d)
  assert(os.execute("mkdir -p '" .. d .. "'"))
  return d
end

function M.rmdir(d)
  os.execute("rm -rf '" .. d .. "'")
end

local function quote(s)
  return "'" .. tostring(s):gsub("'", "'\\''") .. "'"
end
M.quote = quote

-- run(args, stdin) -> stdout, stderr, exit status. args is a list of
-- words passed to bin/lede (quoted), or a string used as is.
function M.run(args, stdin)
  local cmd = type(args) == "table" and M.lede .. " " ..
    table.concat((function() local q = {} for i, a in ipairs(args) do q[i] = quote(a) end return q end)(), " ")
    or args
  local errf, inf = os.tmpname(), nil
  if stdin then inf = M.writefile(os.tmpname(), stdin) end
  local p = io.popen(cmd .. (inf and (" <" .. inf) or " </dev/null") .. " 2>" .. errf, "r")
  local out = p:read("a")
  local _, _, code = p:close()
  local err = M.readfile(errf)
  os.remove(errf)
  if inf then os.remove(inf) end
  return out, err, code
end

-- sql(db, query) -> what the sqlite3 shell prints (fields split by "|"),
-- its errors included.
function M.sql(db, query)
  local p = io.popen("sqlite3 -separator '|' " .. quote(db) .. " " .. quote(query) .. " 2>&1")
  local s = p:read("a")
  p:close()
  return s
end

-- Lines of NDJSON output, decoded.
function M.ndjson(out)
  local rows = {}
  for line in out:gmatch("[^\n]+") do rows[#rows + 1] = cjson.decode(line) end
  return rows
end

function M.jsonl(path)
  return M.ndjson(M.readfile(path))
end

M.json = cjson
return M
