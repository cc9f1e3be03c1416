-- inputs.lua -- articles from files, folders, globs, stdin and JSONL.
--
--   for doc in lede.inputs(arg [, opts]) do ... end
--
-- Each INPUT is a file, a directory (read recursively: .txt and .md files,
-- .html/.htm pages, and .jsonl/.ndjson files with one article per line),
-- a glob, or "-" for stdin (an HTML page recognised by its opening). Every
-- article comes as a document (lede.article, or lede.html for a page: a
-- .html/.htm file, or a JSONL line with an "html" field) with .id, .path
-- (and .url, .title, .date from JSONL). A bad input (missing,
-- unreadable, invalid UTF-8, a JSONL line without "text") is reported
-- through opts.on_error (default: a line on stderr) and skipped; the
-- others are still read. opts.repair replaces bad bytes instead.
local lede = require "lede"
local sys = lede._sys

local text_ext = { txt = true, md = true }
local jsonl_ext = { jsonl = true, ndjson = true }
local html_ext = { html = true, htm = true }

local function ext(path)
  return (path:match("%.([%w]+)$") or ""):lower()
end

local function default_on_error(msg)
  io.stderr:write("lede: ", msg, "\n")
end

-- Expands one INPUT argument into a list of {path=, kind=} entries.
local function expand(arg, out, report)
  if arg == "-" then
    out[#out + 1] = { path = "-", kind = "stdin" }
    return
  end
  local ftype, err = sys.filetype(arg)
  if not ftype and arg:find("[%*%?%[]") then
    local matches = sys.glob(arg)
    if #matches == 0 then report(arg .. ": no file matches") end
    for _, m in ipairs(matches) do expand(m, out, report) end
    return
  end
  if not ftype then
    report(err)
  elseif ftype == "directory" then
    local names, derr = sys.listdir(arg)
    if not names then report(derr) return end
    for _, name in ipairs(names) do
      if name:sub(1, 1) ~= "." then
        local path = arg:gsub("/+$", "") .. "/" .. name
        local t = sys.filetype(path)
        if t == "directory" then
          expand(path, out, report)
        elseif text_ext[ext(name)] or jsonl_ext[ext(name)] or html_ext[ext(name)] then
          out[#out + 1] = { path = path, kind = jsonl_ext[ext(name)] and "jsonl" or "text" }
        end
      end
    end
  else
    out[#out + 1] = { path = arg, kind = jsonl_ext[ext(arg)] and "jsonl" or "text" }
  end
end

-- Checks (or repairs) text read from somewhere that is not a file.
local function checked(text, where, opts)
  local bom = text:sub(1, 3) == "\xEF\xBB\xBF" and 3 or 0
  if bom > 0 then text = text:sub(4) end
  local ok, msg, pos = lede.valid(text)
  if ok then return text end
  if opts.repair then return (lede.repair(text)) end
  return nil, ("%s: %s"):format(where, msg:gsub("at byte (%d+)",
    function(b) return "at byte " .. (tonumber(b) + bom) end)), pos
end

local cjson_ok, cjson = pcall(require, "cjson")

-- Yields a document of text, or of an HTML page when `html` (a page
-- that cannot be read is reported).
local function yield_document(text, meta, html, report)
  if not html then return coroutine.yield(lede.article(text, meta)) end
  local doc, err = lede.html(text, meta)
  if doc then coroutine.yield(doc) else report(("%s: %s"):format(meta.id, err)) end
end

-- Yields the articles of one JSONL file, line by line.
local function jsonl_articles(path, fh, opts, report)
  local lineno = 0
  for line in fh:lines() do
    lineno = lineno + 1
    if line:find("%S") then
      local ok, obj = pcall(cjson.decode, line)
      local where = ("%s:%d"):format(path, lineno)
      if not ok or type(obj) ~= "table" then
        report(where .. ": not a JSON object")
      elseif type(obj.text) ~= "string" and type(obj.html) ~= "string" then
        report(where .. ": no \"text\" field")
      else
        local text, err = checked(obj.text or obj.html, where, opts)
        if not text then
          report(err)
        else
          local id = obj.id ~= nil and obj.id ~= cjson.null and tostring(obj.id) or where
          local meta = { id = id, path = path, line = lineno }
          for _, k in ipairs { "date", "url", "title" } do
            if type(obj[k]) == "string" then meta[k] = obj[k] end
          end
          yield_document(text, meta, type(obj.text) ~= "string", report)
        end
      end
    end
  end
end

-- lede.inputs(list [, opts]) -> iterator of documents
-- opts: repair (bool), on_error (function(msg)).
function lede.inputs(list, opts)
  opts = opts or {}
  local report = opts.on_error or default_on_error
  if type(list) == "string" then list = { list } end
  local entries = {}
  -- arg tables from `lede run` also hold [0] and negative indices: skip
  for i = 1, #list do expand(list[i], entries, report) end
  if #entries == 0 and #list == 0 and opts.stdin_default then
    entries[1] = { path = "-", kind = "stdin" }
  end
  return coroutine.wrap(function()
    for _, e in ipairs(entries) do
      if e.kind == "stdin" then
        local text, err = checked(io.stdin:read("a") or "", "<stdin>", opts)
        if text then
          yield_document(text, { id = "-", path = "-" }, lede.is_html(text), report)
        else report(err) end
      elseif e.kind == "jsonl" then
        if not cjson_ok then
          report(e.path .. ": reading JSONL needs lua-cjson")
        else
          local fh, err = io.open(e.path, "rb")
          if not fh then report(err)
          else
            jsonl_articles(e.path, fh, opts, report)
            fh:close()
          end
        end
      else
        local text, err = lede.read(e.path, opts)
        if text then
          yield_document(text, { id = e.path, path = e.path },
            html_ext[ext(e.path)], report)
        else report(err) end
      end
    end
  end)
end

return lede
