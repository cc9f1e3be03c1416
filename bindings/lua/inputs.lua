-- inputs.lua -- the one way articles come in: files, folders, globs, stdin,
-- JSONL, JSON arrays, CSV and gzip, whatever the front end (lede run, the
-- listing verbs, the REPL's :load, a script's lede.inputs).
--
--   for doc in lede.inputs(list [, opts]) do ... end
--
-- Each INPUT is a file, a directory (read recursively), a glob, or "-" for
-- stdin. A file's kind comes from its name (M.classify):
--   .txt .md          one article, the whole text
--   .html .htm        one web page (lede.html: the article found in it)
--   .jsonl .ndjson    one JSON object per line
--   .json             an array of objects (or one object)
--   .csv              one article per row, the text in the column
--                     opts.text_column (default "text")
--   NAME.gz           NAME's kind, inflated
-- Stdin is JSONL when its first byte (after white space) is "{", a JSON
-- array when it is "[", a web page when it opens like one (lede.is_html),
-- else one article; opts.jsonl forces JSONL.
-- A record's "text" (or "html", a web page) is required; "id", "title"
-- (doc.headline when the text has none), "date", "url" are kept. Every article comes as a document
-- (lede.article) with .id and .path.
--
-- A bad input (missing, unreadable, invalid UTF-8, a record without text)
-- is reported through opts.on_error (default: a line on stderr) and
-- skipped; the others are still read. Notes that lose nothing (files a
-- folder skips, a date that is not YYYY-MM-DD) go to opts.on_warning
-- (default: stderr). opts.repair replaces bad bytes instead; opts.date
-- ("YYYY-MM-DD") and opts.year (YYYY) give undated articles a date.
-- opts.on_total(n) is called with the number of articles when it is known
-- before reading (files of one article each).
-- opts.share(sha256) -> boolean reads only the articles whose text's
-- SHA-256 (hex) it accepts: a worker of `lede run -j`. A JSONL line is
-- judged by its "text" before it is decoded, so the lines of other
-- workers cost little. Errors and warnings go to the reader that reads
-- the article, or, for an input without a text to judge by, to the one
-- whose share(nil) is true.
local lede = require "lede"
local sys = lede._sys

local M = {}

local KINDS = { txt = "text", md = "text", jsonl = "jsonl", ndjson = "jsonl",
  json = "json", csv = "csv", html = "html", htm = "html" }

-- M.classify(path) -> kind ("text", "jsonl", "json", "csv"), gz | nil
function M.classify(path)
  local name = path:lower()
  local gz = false
  if name:match("%.gz$") then
    gz, name = true, name:sub(1, -4)
  end
  local kind = KINDS[name:match("%.([%w]+)$") or ""]
  return kind, kind and gz
end

local function stderr_line(msg)
  io.stderr:write("lede: ", msg, "\n")
end

-- Expands one INPUT argument into a list of {path=, kind=, gz=} entries;
-- files a folder skips are counted in skipped[dir]. A folder met again
-- (named twice, through a symlink, a symlink loop) is walked once, and a
-- folder's file already taken is not taken again: seen holds real paths.
local function expand(arg, out, report, skipped, seen)
  if arg == "-" then
    out[#out + 1] = { path = "-", kind = "stdin" }
    return
  end
  local ftype, err = sys.filetype(arg)
  if not ftype and arg:find("[%*%?%[]") then
    local matches = sys.glob(arg)
    if #matches == 0 then report(arg .. ": no file matches") end
    for _, m in ipairs(matches) do expand(m, out, report, skipped, seen) end
    return
  end
  -- a folder is walked once; a file named on the command line is read
  -- as often as it is named, but not again from a folder
  local real = ftype and lede._sandbox.realpath(arg)
  if real then
    if seen[real] and ftype == "directory" then return end
    seen[real] = true
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
        local kind, gz = M.classify(name)
        if t == "directory" then
          expand(path, out, report, skipped, seen)
        elseif kind and t ~= "other" then   -- nil: reading it reports why
          local real = lede._sandbox.realpath(path) or path
          if not seen[real] then
            seen[real] = true
            out[#out + 1] = { path = path, kind = kind, gz = gz }
          end
        else
          local s = skipped[arg] or { n = 0, ext = {} }
          skipped[arg] = s
          s.n = s.n + 1
          local e = t ~= "file" and "not a regular file"
            or (name:match("%.([^./]+)$") and "." .. name:match("%.([^./]+)$"):lower())
            or "no extension"
          s.ext[e] = (s.ext[e] or 0) + 1
        end
      end
    end
  else
    local kind, gz = M.classify(arg)
    out[#out + 1] = { path = arg, kind = kind or "text", gz = gz }
  end
end

-- Checks (or repairs) text read from somewhere that is not a file. A web
-- page in another encoding that declares it is made UTF-8 first.
local function checked(text, where, opts, html)
  local charset
  if html then
    text, charset = lede._html_decode(text)
    if not text then return nil, ("%s: %s"):format(where, charset) end
  end
  local bom = text:sub(1, 3) == "\xEF\xBB\xBF" and 3 or 0
  if bom > 0 then text = text:sub(4) end
  local ok, msg, pos = lede.valid(text)
  if ok then return text, charset end
  if opts.repair then return (lede.repair(text)), charset end
  return nil, ("%s: %s"):format(where, msg:gsub("at byte (%d+)",
    function(b) return "at byte " .. (tonumber(b) + bom) end)), pos
end

local cjson_ok, cjson = pcall(require, "cjson")

-- A record's id as written: 7, not 7.0.
local function id_string(v)
  if math.type(v) == "float" and v == math.floor(v) and math.abs(v) < 2^63 then
    return ("%d"):format(v)
  end
  return tostring(v)
end

-- The article of one record (a JSON object, a CSV row); where names it.
local function record_article(obj, where, opts, report, warn, col)
  col = col or "text"
  local text = obj[col]
  local html = col == "text" and type(text) ~= "string" and type(obj.html) == "string"
  if html then text = obj.html end
  if type(text) ~= "string" then
    report(("%s: no %q field"):format(where, col))
    return nil
  end
  local err
  text, err = checked(text, where, opts)
  if not text then report(err) return nil end
  local id = obj.id
  id = (id ~= nil and id ~= "" and (not cjson_ok or id ~= cjson.null)) and id_string(id) or where
  local meta = { id = id, path = where:match("^(.*):%d+$") or where,
    line = tonumber(where:match(":(%d+)$")), html = html or nil }
  for _, k in ipairs { "url", "title" } do
    if type(obj[k]) == "string" and obj[k] ~= "" then meta[k] = obj[k] end
  end
  local date = obj.date
  if type(date) == "string" and date ~= "" then
    if date:match("^%d%d%d%d%-%d%d%-%d%d") then
      meta.date = date
    else
      local d = lede.date(date)
      if d and d.grain == "day" and d.value:match("^%d%d%d%d%-%d%d%-%d%d$") then
        meta.date = d.value
      else
        warn(("%s: date %q is not YYYY-MM-DD and was not read as a day; " ..
          "the article's own date is used"):format(where, date))
      end
    end
  end
  return meta, text
end

-- The lines of a string, or of a file handle (streamed in blocks: a line
-- at a time through the C library costs more than the JSON that
-- follows), as (s, i, j): the line is s:sub(i, j), made only when needed.
local BLOCK = 1 << 20
local function lines(src)
  local buf, pos = "", 1
  if type(src) == "string" then buf = src end
  return function()
    local e = buf:find("\n", pos, true)
    if e then
      local i = pos
      pos = e + 1
      return buf, i, e - 1
    end
    local parts = { buf:sub(pos) }
    while type(src) ~= "string" do
      local more = src:read(BLOCK)
      if not more then break end
      local cut = more:find("\n", 1, true)
      if cut then
        parts[#parts + 1] = more:sub(1, cut - 1)
        buf, pos = more, cut + 1
        local line = table.concat(parts)
        return line, 1, #line
      end
      parts[#parts + 1] = more
    end
    buf, pos, src = "", 1, ""
    local last = table.concat(parts)
    if last ~= "" then return last, 1, #last end
    return nil
  end
end

-- One CSV record per call: an array of fields (RFC 4180: quoted fields may
-- hold commas, quotes doubled, line breaks); nil at the end.
local function csv_records(s)
  local pos, n = 1, #s
  if s:sub(1, 3) == "\xEF\xBB\xBF" then pos = 4 end
  return function()
    if pos > n then return nil end
    local rec = {}
    while true do
      local field
      if s:sub(pos, pos) == '"' then
        local buf, i = {}, pos + 1
        while true do
          local q = s:find('"', i, true)
          if not q then buf[#buf + 1] = s:sub(i); i = n + 1; break end
          buf[#buf + 1] = s:sub(i, q - 1)
          if s:sub(q + 1, q + 1) == '"' then
            buf[#buf + 1] = '"'
            i = q + 2
          else
            i = q + 1
            break
          end
        end
        field = table.concat(buf)
        local stop = s:find("[,\n]", i) or n + 1
        pos = stop
      else
        local stop = s:find("[,\n]", pos) or n + 1
        field = s:sub(pos, stop - 1):gsub("\r$", "")
        pos = stop
      end
      rec[#rec + 1] = field
      local c = s:sub(pos, pos)
      pos = pos + 1
      if c ~= "," then break end
    end
    return rec
  end
end

-- Whether a JSONL line's article is in opts.share: true or false when
-- its "text" tells, nil when only the whole record can (no text, bad
-- JSON or UTF-8: the record is read to find out or to report it).
local function line_share(s, i, j, share)
  local text = lede._json.field(s, "text", i, j)
  if not text then return nil end
  if text:sub(1, 3) == "\xEF\xBB\xBF" then text = text:sub(4) end   -- as checked() does
  if not lede.valid(text) then return nil end
  return share(sys.sha256(text))
end

-- Yields the articles of a source (a file's bytes, a handle) of one kind:
-- text, meta, and true when the article is known to be in opts.share.
-- own.report and own.warn report on an article of this reader's share.
local function records(kind, src, path, opts, report, warn, own)
  -- the text column (--text-column) names a CSV column; JSON has "text"
  local col = kind == "csv" and opts.text_column or "text"
  local function yield(where, obj, mine)
    local meta, text = record_article(obj, where, opts, mine and own.report or report,
      mine and own.warn or warn, col)
    if meta then coroutine.yield(text, meta, mine) end
  end
  if kind == "jsonl" then
    local lineno = 0
    local share = opts.share
    for s, i, j in lines(src) do
      lineno = lineno + 1
      -- a BOM opens the file, not the record
      if lineno == 1 and s:sub(i, i + 2) == "\xEF\xBB\xBF" then i = i + 3 end
      local blank = (s:find("%S", i) or j + 1) > j
      local mine = share and not blank and line_share(s, i, j, share)
      if mine ~= false and not blank then
        local line = s:sub(i, j)
        local where = ("%s:%d"):format(path, lineno)
        local ok, obj = pcall(cjson.decode, line)
        if not ok or type(obj) ~= "table" or obj[1] ~= nil then
          (mine and own.report or report)(where .. ": not a JSON object")
        else
          yield(where, obj, mine)
        end
      end
    end
  elseif kind == "json" then
    local ok, v = pcall(cjson.decode, src)
    if not ok or type(v) ~= "table" then
      report(path .. ": not a JSON array of articles")
      return
    end
    if v[1] == nil and next(v) ~= nil then v = { v } end
    for i, obj in ipairs(v) do
      local where = ("%s:%d"):format(path, i)
      if type(obj) ~= "table" then report(where .. ": not a JSON object")
      else yield(where, obj) end
    end
  elseif kind == "csv" then
    local next_record = csv_records(src)
    local header = next_record()
    if not header then return end
    local has = false
    for _, h in ipairs(header) do has = has or h == col end
    if not has then
      report(("%s: no column %q (columns: %s); name the text column with --text-column")
        :format(path, col, table.concat(header, ", ")))
      return
    end
    local row = 1
    for rec in next_record do
      row = row + 1
      if #rec > 1 or rec[1] ~= "" then
        local obj = {}
        for i, h in ipairs(header) do obj[h] = rec[i] end
        yield(("%s:%d"):format(path, row), obj)
      end
    end
  end
end

-- Reads an entry's bytes (inflated for .gz, stdin for "-").
local function slurp(e)
  if e.kind == "stdin" then
    if sys.isatty(0) then
      io.stderr:write("lede: reading articles from the terminal; end with Ctrl-D " ..
        "(or name files: lede VERB FILE...)\n")
    end
    return io.stdin:read("a") or ""
  end
  if e.gz then return sys.gunzip(e.path) end
  local fh, err = io.open(e.path, "rb")
  if not fh then return nil, err end
  local s = fh:read("a")
  fh:close()
  if not s then return nil, e.path .. ": cannot read" end
  return s
end

-- The kind of what came on stdin: from its first byte.
local function sniff(s, opts)
  if opts.jsonl then return "jsonl" end
  local c = s:match("^\xEF\xBB\xBF?%s*(.)") or s:match("^%s*(.)")
  if c == "{" then return "jsonl" end
  if c == "[" then return "json" end
  if lede.is_html(s) then return "html" end
  return "text"
end

-- The meta table of lede.article, with the run's default date.
local function with_defaults(meta, opts)
  meta.default_date = opts.date
  meta.year = opts.year
  return meta
end

-- lede.inputs(list [, opts]) -> iterator of documents
function lede.inputs(list, opts)
  opts = opts or {}
  local report = opts.on_error or stderr_line
  local warn = opts.on_warning or stderr_line
  local share = opts.share
  local own = { report = report, warn = warn }
  if share and not share(nil) then
    report, warn = function() end, function() end
  end
  if type(list) == "string" then list = { list } end
  local entries, skipped = {}, {}
  -- arg tables from `lede run` also hold [0] and negative indices: skip
  local seen = {}
  for i = 1, #list do expand(list[i], entries, report, skipped, seen) end
  if #entries == 0 and #list == 0 and opts.stdin_default then
    entries[1] = { path = "-", kind = "stdin" }
  end
  for dir, s in pairs(skipped) do
    local parts = {}
    for e, k in pairs(s.ext) do parts[#parts + 1] = ("%d %s"):format(k, e) end
    table.sort(parts)
    warn(("%s: %d file%s skipped, not articles (%s)"):format(dir, s.n,
      s.n == 1 and "" or "s", table.concat(parts, ", ")))
  end
  if opts.on_total then
    local all_single = true
    for _, e in ipairs(entries) do
      all_single = all_single and (e.kind == "text" or e.kind == "html")
    end
    if all_single then opts.on_total(#entries) end
  end
  return coroutine.wrap(function()
    local function article(text, meta, mine)
      local doc, herr
      if meta.html then
        doc, herr = lede.html(text, with_defaults(meta, opts))
        if not doc then report(("%s: %s"):format(meta.id, herr)) return end
      else
        doc = lede.article(text, with_defaults(meta, opts))
      end
      if share and not mine and not share(sys.sha256(doc.text)) then return end
      return coroutine.yield(doc)
    end
    for _, e in ipairs(entries) do
      local kind = e.kind
      local data, err
      if kind ~= "text" and kind ~= "html" and not (kind == "jsonl" and not e.gz) then
        data, err = slurp(e)
        if not data then report(err) goto continue end
      end
      if kind == "stdin" then
        kind = sniff(data, opts)
        if kind == "text" or kind == "html" then
          local text, info = checked(data, "<stdin>", opts, kind == "html")
          if text then article(text, { id = "-", path = "-", html = kind == "html", charset = info })
          else report(info) end
          goto continue
        end
      end
      if kind == "text" or kind == "html" then
        local text, info   -- the error, or after a page the charset it declared
        if e.gz or kind == "html" then
          data, info = slurp(e)
          if data then text, info = checked(data, e.path, opts, kind == "html") end
        else
          -- read into one block, not a read buffer and a string: a large
          -- file is held once (doc.text makes a string if a script asks)
          text, info = lede._read_text(e.path, opts)
        end
        if text then
          article(text, { id = e.path, path = e.path, html = kind == "html",
                          charset = kind == "html" and info or nil })
        else report(info) end
      elseif not cjson_ok and kind ~= "csv" then
        report(e.path .. ": reading JSON needs lua-cjson")
      else
        local src = data
        if not src then
          local fh, ferr = io.open(e.path, "rb")
          if not fh then report(ferr) goto continue end
          src = fh
        end
        local it = coroutine.wrap(function()
          records(kind, src, e.path, opts, report, warn, own)
        end)
        for text, meta, mine in it do article(text, meta, mine) end
        if io.type(src) == "file" then src:close() end
      end
      ::continue::
    end
  end)
end

lede._inputs = M
return lede
