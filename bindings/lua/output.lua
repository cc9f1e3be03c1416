-- output.lua -- records out: NDJSON, JSON, CSV and plain text, with the
-- fields in a fixed order so output diffs cleanly.
local lede = require "lede"

local M = {}

-- One null and one JSON encoder for the whole module: lede.null (the
-- SQL NULL of lede.db) and lede.json (ljson.c).
M.null = lede.null

-- An explicit array (an empty Lua table is ambiguous).
local ARRAY_MT = { __jsonarray = true }
function M.array(t)
  return setmetatable(t, ARRAY_MT)
end

-- ordered{"k1", v1, "k2", v2, ...} -> a table that encodes in that order.
function M.ordered(kv)
  local t, keys = {}, {}
  for i = 1, #kv, 2 do
    keys[#keys + 1] = kv[i]
    t[kv[i]] = kv[i + 1]
  end
  return setmetatable(t, { __jsonkeys = keys })
end

-- encode(value) -> JSON text
M.encode = lede.json

-- encode_exact(v) -> JSON in which integers and floats stay apart (the
-- rows of `lede map`): a float keeps a fraction ("7.0").
function M.encode_exact(v)
  return lede._json.encode(v, true)
end

-- A record as an ordered JSON object over `cols` (nil fields left out).
local record_json = lede._json_record
M.record_json = record_json

-- A number as JSON writes it (the same digits in every format).
local function number(x)
  return lede.json(x)
end

local function csv_field(v)
  if v == nil or v == M.null then return "" end
  local s = type(v) == "number" and number(v) or tostring(v)
  if s:find('[,"\r\n]') then s = '"' .. s:gsub('"', '""') .. '"' end
  return s
end

-- lede.csv(values [, cols]) -> one CSV line (no line end): the values in
-- order, or rec[col] for each of cols; nil and lede.null are empty, and a
-- field with a comma, quote or line break is quoted (RFC 4180).
function lede.csv(rec, cols)
  local f = {}
  if cols then
    for i, c in ipairs(cols) do f[i] = csv_field(rec[c]) end
  else
    for i = 1, #rec do f[i] = csv_field(rec[i]) end
  end
  return table.concat(f, ",")
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
    stdout:write(lede.csv(cols), "\r\n")
    -- opts.flat: line breaks inside a field become spaces, so each
    -- record is one line (for tools that read CSV line by line)
    local flat = opts.flat
    function w:row(rec)
      if flat then
        local r = {}
        for _, c in ipairs(cols) do
          local v = rec[c]
          if type(v) == "string" then v = v:gsub("\r?\n", " ") end
          r[c] = v
        end
        rec = r
      end
      stdout:write(lede.csv(rec, cols), "\r\n")
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
