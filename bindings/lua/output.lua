-- output.lua -- records out: NDJSON, JSON, CSV and plain text, with the
-- fields in a fixed order so output diffs cleanly.
local M = {}

-- JSON null and explicit arrays (an empty Lua table is ambiguous).
M.null = setmetatable({}, { __tostring = function() return "null" end })
-- the database's null (lede.null) is a null here too
local DB_NULL = (package.loaded.lede or {}).null
local ARRAY = setmetatable({}, { __mode = "k" })
local ORDER = setmetatable({}, { __mode = "k" })

function M.array(t)
  ARRAY[t] = true
  return t
end

-- ordered{"k1", v1, "k2", v2, ...} -> a table that encodes in that order.
function M.ordered(kv)
  local t, keys = {}, {}
  for i = 1, #kv, 2 do
    keys[#keys + 1] = kv[i]
    t[kv[i]] = kv[i + 1]
  end
  ORDER[t] = keys
  return t
end

local escapes = {
  ['"'] = '\\"', ["\\"] = "\\\\", ["\b"] = "\\b", ["\f"] = "\\f",
  ["\n"] = "\\n", ["\r"] = "\\r", ["\t"] = "\\t",
}
local function quote(s)
  return '"' .. s:gsub('[%c"\\]', function(c)
    return escapes[c] or ("\\u%04x"):format(c:byte())
  end) .. '"'
end

-- exact: floats keep a fraction ("7.0"), so a reader that keeps integers
-- (lede._json) gets back the same Lua types (encode_exact).
local exact = false
local function number(x)
  if math.type(x) == "integer" then return ("%d"):format(x) end
  if x ~= x or x == math.huge or x == -math.huge then return "null" end
  if x == math.floor(x) and math.abs(x) < 2^53 then return (exact and "%d.0" or "%d"):format(x) end
  local s = ("%.15g"):format(x)
  if tonumber(s) ~= x then s = ("%.17g"):format(x) end
  return s
end

local encode
function encode(v, buf)
  local t = type(v)
  if v == nil or v == M.null or v == DB_NULL then buf[#buf + 1] = "null"
  elseif t == "string" then buf[#buf + 1] = quote(v)
  elseif t == "number" then buf[#buf + 1] = number(v)
  elseif t == "boolean" then buf[#buf + 1] = tostring(v)
  elseif t == "table" then
    local keys = ORDER[v]
    if keys then
      buf[#buf + 1] = "{"
      local first = true
      for _, k in ipairs(keys) do
        if v[k] ~= nil then
          if not first then buf[#buf + 1] = "," end
          first = false
          buf[#buf + 1] = quote(k) .. ":"
          encode(v[k], buf)
        end
      end
      buf[#buf + 1] = "}"
    elseif ARRAY[v] or (#v > 0 or next(v) == nil) then
      buf[#buf + 1] = "["
      for i = 1, #v do
        if i > 1 then buf[#buf + 1] = "," end
        encode(v[i], buf)
      end
      buf[#buf + 1] = "]"
    else
      local keys2 = {}
      for k in pairs(v) do keys2[#keys2 + 1] = tostring(k) end
      table.sort(keys2)
      buf[#buf + 1] = "{"
      for i, k in ipairs(keys2) do
        if i > 1 then buf[#buf + 1] = "," end
        buf[#buf + 1] = quote(k) .. ":"
        encode(v[k], buf)
      end
      buf[#buf + 1] = "}"
    end
  else
    buf[#buf + 1] = quote(tostring(v))
  end
end

-- encode(value) -> JSON text
function M.encode(v)
  local buf = {}
  encode(v, buf)
  return table.concat(buf)
end

-- A record as an ordered JSON object over `cols` (nil fields left out).
local function record_json(cols, rec)
  local buf = { "{" }
  local first = true
  for _, k in ipairs(cols) do
    local v = rec[k]
    if v ~= nil then
      if not first then buf[#buf + 1] = "," end
      first = false
      buf[#buf + 1] = quote(k) .. ":"
      encode(v, buf)
    end
  end
  buf[#buf + 1] = "}"
  return table.concat(buf)
end
M.record_json = record_json

-- encode_exact(v) -> JSON in which integers and floats stay apart (the
-- rows of `lede map`).
function M.encode_exact(v)
  exact = true
  local ok, s = pcall(M.encode, v)
  exact = false
  if not ok then error(s, 0) end
  return s
end

local function csv_field(v)
  if v == nil or v == M.null or v == DB_NULL then return "" end
  local s = type(v) == "number" and number(v) or tostring(v)
  if s:find('[,"\r\n]') then s = '"' .. s:gsub('"', '""') .. '"' end
  return s
end

local function text_field(v)
  if v == nil then return "-" end
  if type(v) == "number" then return number(v) end
  return (tostring(v):gsub("[\r\n\t]", " "))
end

-- writer(format, cols [, opts]) -> w with w:row(rec) and w:close().
-- format: ndjson, json, csv or text. Writes to io.stdout as rows come.
function M.writer(format, cols, opts)
  opts = opts or {}
  local w = { n = 0 }
  local stdout = io.stdout
  if format == "ndjson" then
    function w:row(rec) stdout:write(record_json(cols, rec), "\n") end
    function w:close() end
  elseif format == "json" then
    function w:row(rec)
      stdout:write(self.n == 0 and "[\n" or ",\n", record_json(cols, rec))
      self.n = self.n + 1
    end
    function w:close() stdout:write(self.n == 0 and "[]\n" or "\n]\n") end
  elseif format == "csv" then
    local header = {}
    for i, c in ipairs(cols) do header[i] = csv_field(c) end
    stdout:write(table.concat(header, ","), "\r\n")
    -- opts.flat: line breaks inside a field become spaces, so each
    -- record is one line (for tools that read CSV line by line)
    local flat = opts.flat
    function w:row(rec)
      local f = {}
      for i, c in ipairs(cols) do
        local v = rec[c]
        if flat and type(v) == "string" then v = v:gsub("\r?\n", " ") end
        f[i] = csv_field(v)
      end
      stdout:write(table.concat(f, ","), "\r\n")
    end
    function w:close() end
  else -- text: one line per record, fields in column order, text last
    local rows = {}
    function w:row(rec)
      local f = {}
      for _, c in ipairs(cols) do
        local v = rec[c]
        if c == "text" or c == "sentence_text" or v == false then
          -- text goes last; false flags are left out
        elseif v == true then
          f[#f + 1] = c          -- a true flag reads as its name
        else
          f[#f + 1] = text_field(v)
        end
      end
      if rec.text then f[#f + 1] = text_field(rec.text) end
      if opts.align_right then rows[#rows + 1] = f
      else stdout:write(table.concat(f, "\t"), "\n") end
    end
    function w:close()
      if not opts.align_right then return end
      -- a small table (stats): align the columns, with a header
      local header = {}
      for _, c in ipairs(cols) do if c ~= "text" then header[#header + 1] = c end end
      table.insert(rows, 1, header)
      local width = {}
      for _, r in ipairs(rows) do
        for i, v in ipairs(r) do width[i] = math.max(width[i] or 0, utf8.len(v) or #v) end
      end
      for _, r in ipairs(rows) do
        local f = {}
        for i, v in ipairs(r) do
          local pad = (" "):rep(width[i] - (utf8.len(v) or #v))
          f[i] = i == 1 and (v .. pad) or (pad .. v)
        end
        stdout:write(table.concat(f, "  "), "\n")
      end
    end
  end
  return w
end

return M
