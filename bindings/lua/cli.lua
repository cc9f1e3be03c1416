-- cli.lua -- the `lede` command line (DESIGN.md, "Command-line contract").
--
-- Every verb is a function(args) -> exit status: 0 success, 1 bad input
-- that was reported, 2 usage error. Output goes to stdout; diagnostics to
-- stderr. JSON output uses 0-based, end-exclusive byte offsets start/end.
local lede = require "lede"
local out = require "lede.output"

local M = {}

local USAGE = [[
usage: lede VERB [OPTIONS] [INPUT...]

  lede run SCRIPT.lua [--db PATH] [-j N] [--force] [--date D] [INPUT...]   run a workflow
  lede map SCRIPT.lua [ARG...] < articles.jsonl > rows.ndjson    the same as a map step
  lede load --db PATH ROWS.ndjson...      rows from lede map into a database
  lede merge --db PATH SHARD.db...        shard databases into one
  lede repl [--db PATH] [INPUT...]        interactive exploration
  lede tokens    [--mode news|uax29] [--format F] [INPUT...]
  lede sentences [--mode news|uax29] [--all] [--format F] [INPUT...]
  lede numbers   [--date YYYY-MM-DD] [--all] [--format F] [INPUT...]
  lede dates     [--date YYYY-MM-DD] [--dayfirst] [--all] [--format F] [INPUT...]
  lede article   [--format json|text] [INPUT...]
  lede stats     [--format text|ndjson|json|csv] [INPUT...]
  lede report --db PATH [--out report.html] [--format html|vega-lite] [--open]
  lede chart --db PATH --table T --x COL [--y COL] [--color COL] [--out F]
  lede plugin list|info NAME|test NAME|new NAME|check PATH
  lede --version | --help | help VERB

INPUT is a file, a directory (recursive: .txt, .md, .jsonl, .ndjson,
.json, .csv, each also .gz), a glob, or - for stdin (the default when no
INPUT is given; JSONL when it starts with "{", or with --jsonl).
F is one of ndjson (default), json, csv, text. --repair replaces invalid
UTF-8 with U+FFFD instead of reporting the input. --text-column NAME names
the text column of CSV files (default "text"). `lede VERB --help` explains
a verb.
]]

local HELP = {
  map = [[
lede map SCRIPT.lua [--force] [--date D | --year Y] [ARG...] < articles.jsonl > rows.ndjson

Runs a workflow as a pure map step, for GNU parallel --pipe, Hadoop
Streaming, Spark's RDD.pipe or Dask: articles (JSONL, one per line, a
"text" field; or the inputs named) in, and out on stdout, as NDJSON, what
the script writes: {"sql": ...} for its CREATE statements, then per
article {"article": {...}, "workflow": ..., "script_sha256": ...}, its
rows {"table": T, "row": {...}} (with "op": "upsert" and "opts" where
the script gave them) and {"done": true}. It opens no database: db:insert,
db:upsert, db:atomic, db:enable_fts and db:exec of CREATE ... work; reads
(db:query, db:one, db:lookup, db:search, db:count, ...) and other SQL
are refused with a message. Write the rows with lede load.]],
  load = [[
lede load --db PATH [ROWS.ndjson ...]   (stdin without files)

Writes the records of lede map into a database with the same db:insert and
db:upsert calls the script made: tables and columns created as a run
creates them, each article in its own savepoint, recorded in `articles`,
`processed` and `runs`. An article its workflow already processed with the
same script is skipped, so loading the same rows twice adds nothing.]],
  merge = [[
lede merge --db PATH SHARD.db ...

Merges shard databases (from lede run --db on parts of the input, on one
machine or many) into PATH: tables, columns, indexes and triggers first,
then rows. A workflow's rows for an article replace that workflow's
earlier rows for it, as a re-run does; tables with a key take each row
once; other tables are copied past a mark kept per shard (lede_merges).
Merging the same shard twice adds nothing.]],
  run = [[
lede run SCRIPT.lua [--db PATH] [-j N] [--force] [--fail-fast] [--repair] [--no-text]
         [--date YYYY-MM-DD | --year YYYY] [--jsonl] [--text-column NAME] [ARG...]

Runs a Lua script with `lede` preloaded and `arg` set as the lua
interpreter sets it (arg[0] is the script, arg[1..] what follows it).
--db PATH opens (or creates) a SQLite database and hands it to the script
as the global `db` (and as lede.current_db). There is no default: a
script that uses `db` without --db stops with a message, and nothing is
written into the current folder.
-j N runs N worker processes (with --db): each takes its share of the
articles (by a hash of the text, so one big JSONL is shared too) and
writes them into PATH itself, a batch at a time, as one process would;
there is nothing to merge at the end. A killed run keeps what was
committed, and the next run goes on from there.
Scripts usually call lede.each(function(doc) ... end): each article is
processed in its own transaction; an error in one is reported with the
article id and the script line, and the run goes on (exit 1 with a count
of failures), or stops at the first with --fail-fast. An article this
script already processed, unchanged, is skipped; after the script changed
(or with --force) it is processed again and its old rows are replaced.
--date gives undated articles that date; --year gives them the day of
their dateline ("LONDON, March 3") in that year. At the end a summary
goes to stderr, and the run is recorded in the table `runs`. The table
`articles` keeps each article's text (--no-text leaves it out).
Options the script does not know are left in arg for the script.]],
  tokens = [[
lede tokens [--mode news|uax29] [--format ndjson|json|csv|text] [--repair] [INPUT...]

One record per token: text, start, end (0-based byte offsets, end
exclusive), kind (word, number, punct, symbol, url, email, handle,
hashtag, emoji), and the flags capitalized, allcaps, digits. With several
inputs each record also has the input's id.]],
  sentences = [[
lede sentences [--mode news|uax29] [--all] [--format F] [INPUT...]

One record per sentence: text, start, end, index, paragraph. Without
--all only the body's sentences are listed (headline, captions, byline
and site chrome left out), so the first line is the body's first
sentence; --all runs the plain splitter over the whole text.]],
  numbers = [[
lede numbers [--date YYYY-MM-DD] [--all] [--format F] [INPUT...]

One record per figure: text, start, end, value, kind (number, ordinal,
percent, money), unit (ISO 4217 for money), max (ranges), approx (the
qualifier), noun and head (what is counted), about (what a percentage
or a sum of money measures: "exports"), of (the index of the whole
for parts such as "26 of 35"), role, sentence (index) and the sentence
text. Headline and body by default; --all adds captions and chrome.]],
  dates = [[
lede dates [--date YYYY-MM-DD] [--dayfirst] [--all] [--format F] [INPUT...]

One record per date, time, interval or duration: text, start, end, value
(ISO 8601 at its grain), end_value (intervals), grain, kind, relative,
tz, stated, sentence. Relative dates are resolved against --date, else
the article's own date (metadata, date line, dateline, caption).
--dayfirst reads 9/4/2025 as 9 April.]],
  help = [[
lede help [VERB]

The usage of lede, or of one verb (the same as lede VERB --help).]],
  article = [[
lede article [--format json|text] [INPUT...]

The structure of each article: headline, dateline (place, region,
agency), byline (names, org), date and its source, captions,
boilerplate and every paragraph with its role.]],
  report = [[
lede report --db PATH [--out report.html] [--format html|vega-lite] [--title T] [--open]

Writes one self-contained HTML page (no network requests, no external
files) with a chart for each workflow table it knows (drone_reports,
pledges, country_mentions) and for any other table with a date column
and a numeric column. Click a bar, cell or point to see the article and
sentence each figure comes from, the figure highlighted. Without --out
the page goes to report.html beside the database. --format vega-lite
writes the charts as a JSON array of Vega-Lite specs instead (to --out,
or stdout). --open opens the page in the desktop's browser.]],
  chart = [[
lede chart --db PATH --table T --x COL [--y COL] [--color COL]
           [--agg sum|count|max|min|avg] [--mark bar|line]
           [--format svg|vega-lite] [--title T] [--out FILE]

A chart of any table: y aggregated (sum by default; without --y, rows
are counted) over x, one series per --color value. Dates on x read left
to right and are grouped by month or year when there are too many.
Writes SVG (or a Vega-Lite JSON spec) to --out or stdout.]],
  stats = [[
lede stats [--format text|ndjson|json|csv] [INPUT...]

Counts per input and in total, like wc: bytes, tokens, words, numbers
(number tokens), sentences, paragraphs, figures, dates.]],
  repl = [[
lede repl [--db PATH] [--repair] [INPUT...]

Interactive exploration: `doc` is the first input, `docs` all of them
(also by id: docs["reuters21578/867"]), `db` the database given with
--db. Type help() for the API, :help for the commands.]],
  plugin = [[
lede plugin list | info NAME | test NAME | new NAME | check PATH | lock

Plugins are found in ./plugins, then each directory of LEDE_PLUGIN_PATH
(colon-separated), then $XDG_DATA_HOME/lede/plugins, then the plugins
shipped with lede. `new` writes ./plugins/NAME; `lock` writes
plugins.lock, which pins the version and content of every plugin found.]],
}

-- Usage error: one line, the usage, status 2.
local function usage_error(msg)
  io.stderr:write("lede: ", msg, "\n", USAGE)
  return 2
end

-- Parses options. spec maps "--name" to "flag" or "value". Options may
-- come anywhere; "--" ends them. Returns opts, positional | nil, error.
local function parse(args, spec, first)
  local opts, rest = {}, {}
  local i = first or 1
  while i <= #args do
    local a = args[i]
    if a == "--" then
      for j = i + 1, #args do rest[#rest + 1] = args[j] end
      break
    end
    local name, inline = a:match("^(%-%-[%w-]+)=(.*)$")
    name = name or a
    local kind = spec[name]
    if kind == "flag" then
      opts[name:sub(3)] = true
    elseif kind == "value" then
      local v = inline
      if not v then
        i = i + 1
        v = args[i]
      end
      if v == nil then return nil, "option " .. name .. " needs a value" end
      opts[name:sub(3)] = v
    elseif a:match("^%-%-?%a") and a ~= "-" then
      return nil, "unknown option " .. a
    else
      rest[#rest + 1] = a
    end
    i = i + 1
  end
  return opts, rest
end

local FORMATS = { ndjson = true, json = true, csv = true, text = true }
local MODES = { news = true, uax29 = true }

local function check_date(s)
  if not s then return true end
  local y, m, d = s:match("^(%d%d%d%d)%-(%d%d)%-(%d%d)$")
  y, m, d = tonumber(y), tonumber(m), tonumber(d)
  return y and m >= 1 and m <= 12 and d >= 1 and d <= 31
end

-- Iterates the documents of the inputs, counting reported errors.
local function documents(inputs, opts, state)
  local list = #inputs > 0 and inputs or { "-" }
  return lede.inputs(list, {
    repair = opts.repair, jsonl = opts.jsonl, text_column = opts["text-column"],
    on_error = function(msg)
      state.errors = state.errors + 1
      io.stderr:write("lede: ", msg, "\n")
    end,
  })
end

-- Calls fn(doc) for each document of the inputs; an error in one is
-- reported with the document's id and the others go on. Returns the exit
-- status: 1 when any input or document failed.
local function each_document(inputs, opts, fn)
  local state = { errors = 0 }
  for doc in documents(inputs, opts, state) do
    local ok, err = pcall(fn, doc)
    if not ok then
      state.errors = state.errors + 1
      io.stderr:write("lede: ", tostring(doc.id), ": ", lede._message(err), "\n")
    end
  end
  return state.errors > 0 and 1 or 0
end

-- The shared shape of the listing verbs: parse, then for each document
-- emit the records that `rows(doc, opts, emit)` passes to emit, in the
-- chosen format, as they come (a 50 MB input is never held as records).
local function listing(args, extra_spec, fields, rows, default_format)
  local spec = { ["--format"] = "value", ["--repair"] = "flag", ["--flat"] = "flag",
    ["--jsonl"] = "flag", ["--text-column"] = "value" }
  for k, v in pairs(extra_spec) do spec[k] = v end
  local opts, inputs = parse(args, spec, 2)
  if not opts then return usage_error(inputs) end
  local format = opts.format or default_format or "ndjson"
  if not FORMATS[format] then return usage_error("unknown format " .. format) end
  if opts.mode and not MODES[opts.mode] then
    return usage_error("unknown mode " .. opts.mode)
  end
  if not check_date(opts.date) then
    return usage_error("--date wants YYYY-MM-DD, not " .. opts.date)
  end
  -- CSV always has the id column, so files from one input and from many
  -- have the same columns; the other formats add it with several inputs
  local first_kind = inputs[1] and lede._inputs.classify(inputs[1])
  local several = format == "csv" or #inputs > 1
    or (inputs[1] and lede._sys.filetype(inputs[1]) == "directory")
    or (inputs[1] and inputs[1]:find("[%*%?%[]"))
    or (first_kind ~= nil and first_kind ~= "text")
  local cols = (several or format ~= "text") and { "id", table.unpack(fields) } or fields
  local w = out.writer(format, cols, { flat = opts.flat })
  local status = each_document(inputs, opts, function(doc)
    -- a record of a file of many articles (JSONL on stdin) names its article
    local with_id = several or doc.line ~= nil
    rows(doc, opts, function(rec)
      if with_id then rec.id = doc.id end
      w:row(rec)
    end)
  end)
  w:close()
  return status
end

-- 1-based inclusive span -> 0-based end-exclusive record fields.
local function span(rec, x)
  rec.text, rec.start, rec["end"] = x.text, x.start - 1, x.stop
  return rec
end

function M.tokens(args)
  return listing(args, { ["--mode"] = "value" },
    { "text", "start", "end", "kind", "capitalized", "allcaps", "digits" },
    function(doc, opts, emit)
      for t in lede.tokens(doc.text, { mode = opts.mode }) do
        emit(span({ kind = t.kind, capitalized = t.capitalized,
          allcaps = t.allcaps, digits = t.digits }, t))
      end
    end)
end

function M.sentences(args)
  return listing(args, { ["--mode"] = "value", ["--all"] = "flag" },
    { "text", "start", "end", "index", "paragraph" },
    function(doc, opts, emit)
      local list
      if opts.mode == "uax29" or opts.all then
        list = {}
        for s in lede.sentences(doc.text, { mode = opts.mode }) do list[#list + 1] = s end
      else
        list = doc:sentences()
      end
      for _, s in ipairs(list) do
        -- the index among all sentences of the text: the `sentence` of a
        -- figure or date and doc:sentences()[k].index are the same number
        emit(span({ index = s.index, paragraph = s.paragraph }, s))
      end
    end)
end

local function sentence_index(x)
  return x.sentence and x.sentence.index or nil
end

function M.numbers(args)
  return listing(args, { ["--date"] = "value", ["--all"] = "flag" },
    { "text", "start", "end", "value", "kind", "unit", "max", "approx",
      "noun", "head", "about", "of", "role", "sentence", "sentence_text" },
    function(doc, opts, emit)
      -- streamed: each figure is written as the one pass finds it, so a
      -- 200 MB text needs no table of all its figures. `of` is the
      -- record number of the whole, a figure of the same sentence. The
      -- sentence's text comes with its first figure only, so that the
      -- output stays proportional to the input (an unbroken text full of
      -- numbers is one sentence); the others name it by `sentence`.
      local n, first, cur = 0, 0, nil
      doc:_each("numbers", { all = opts.all, date = opts.date }, function(f)
        n = n + 1
        local s = f.sentence
        local new = s ~= cur
        if new then cur, first = s, n end
        emit(span({ value = f.value, kind = f.kind, unit = f.unit,
          max = f.max, approx = f.approx, noun = f.noun, head = f.head,
          about = f.about,
          of = f.of and (first + f.of - 1) or nil, role = f.role,
          sentence = sentence_index(f),
          sentence_text = s and new and s.text or nil }, f))
      end)
    end)
end

function M.dates(args)
  return listing(args, { ["--date"] = "value", ["--dayfirst"] = "flag",
      ["--all"] = "flag" },
    { "text", "start", "end", "value", "end_value", "grain", "kind",
      "relative", "tz", "stated", "fiscal", "sentence" },
    function(doc, opts, emit)
      doc:_each("dates", { date = opts.date, dayfirst = opts.dayfirst,
          all = opts.all }, function(d)
        local stated = {}
        for _, k in ipairs { "year", "month", "day", "time" } do
          if d.stated and d.stated[k] then stated[#stated + 1] = k end
        end
        emit(span({ value = d.value, end_value = d.end_value,
          grain = d.grain, kind = d.kind, relative = d.relative, tz = d.tz,
          stated = table.concat(stated, ","), fiscal = d.fiscal or false,
          sentence = sentence_index(d) }, d))
      end)
    end)
end

-- The article structure as DESIGN.md's JSON object.
local function structure_json(doc)
  local function sp(x, extra)
    if not x then return out.null end
    local r = { text = x.text, start = x.start and x.start - 1 or out.null,
      ["end"] = x.stop or out.null, source = x.source }
    for k, v in pairs(extra or {}) do r[k] = v end
    return r
  end
  local dl, by = doc.dateline, doc.byline
  local kv = {
    "id", doc.id or out.null,
    "headline", sp(doc.headline),
    "dateline", dl and sp(dl, { place = dl.place or out.null,
      region = dl.region or out.null, agency = dl.agency or out.null }) or out.null,
    "byline", by and sp(by, { names = out.array(by.names or {}),
      org = by.org or out.null }) or out.null,
    "date", doc.date or out.null,
    "date_source", doc.date_source or out.null,
    "captions", out.array((function()
      local l = {}
      for i, c in ipairs(doc:captions()) do l[i] = sp(c, { credit = c.credit or out.null }) end
      return l
    end)()),
    "boilerplate", out.array((function()
      local l = {}
      for i, b in ipairs(doc:boilerplate()) do l[i] = sp(b) end
      return l
    end)()),
    "paragraphs", out.array((function()
      local l = {}
      for i, p in ipairs(doc:paragraphs()) do
        local f = { "start", p.start - 1, "end", p.stop, "role", p.role,
          "text", p.text }
        if p.src_start then -- the bytes of the HTML page it came from
          for _, x in ipairs { "html_start", p.src_start - 1, "html_end", p.src_stop } do
            f[#f + 1] = x
          end
        end
        l[i] = out.ordered(f)
      end
      return l
    end)()),
  }
  if doc.html then -- the page's URL, and the text the offsets point into
    for _, x in ipairs { "url", doc.url or out.null, "text", doc.text } do
      kv[#kv + 1] = x
    end
    if doc.charset then kv[#kv + 1] = "charset"; kv[#kv + 1] = doc.charset end
  end
  return out.ordered(kv)
end

local function article_text(doc)
  local lines = { ("== %s"):format(doc.id or "-") }
  local function add(label, v) lines[#lines + 1] = ("%-10s %s"):format(label, v) end
  if doc.headline then add("headline", doc.headline.text) end
  if doc.dateline then
    local d = doc.dateline
    add("dateline", ("%s  [place=%s region=%s agency=%s]"):format(d.text,
      d.place or "-", d.region or "-", d.agency or "-"))
  end
  if doc.byline then
    add("byline", ("%s  [names=%s org=%s]"):format(doc.byline.text,
      table.concat(doc.byline.names or {}, "; "), doc.byline.org or "-"))
  end
  add("date", (doc.date or "-") .. (doc.date_source and (" (" .. doc.date_source .. ")") or ""))
  for _, c in ipairs(doc:captions()) do add("caption", c.text) end
  for _, b in ipairs(doc:boilerplate()) do add("chrome", b.text) end
  add("paragraphs", #doc:paragraphs())
  return table.concat(lines, "\n")
end

function M.article(args)
  local opts, inputs = parse(args, { ["--format"] = "value", ["--repair"] = "flag",
    ["--jsonl"] = "flag", ["--text-column"] = "value" }, 2)
  if not opts then return usage_error(inputs) end
  local format = opts.format or "json"
  if format ~= "json" and format ~= "text" and format ~= "ndjson" then
    return usage_error("lede article: --format is json or text")
  end
  return each_document(inputs, opts, function(doc)
    if format == "text" then
      io.stdout:write(article_text(doc), "\n")
    else
      io.stdout:write(out.encode(structure_json(doc)), "\n")
    end
  end)
end

-- Counts for one document (one pass in C, no table per item).
local function counts(doc)
  local c = doc:counts()
  c.id = doc.id
  return c
end

local STAT_FIELDS = { "bytes", "tokens", "words", "numbers", "sentences",
  "paragraphs", "figures", "dates" }

function M.stats(args)
  local opts, inputs = parse(args, { ["--format"] = "value", ["--repair"] = "flag",
    ["--jsonl"] = "flag", ["--text-column"] = "value", ["--flat"] = "flag" }, 2)
  if not opts then return usage_error(inputs) end
  local format = opts.format or "text"
  if not FORMATS[format] then return usage_error("unknown format " .. format) end
  local total = { id = "total" }
  for _, k in ipairs(STAT_FIELDS) do total[k] = 0 end
  local cols = { "id", table.unpack(STAT_FIELDS) }
  local w = out.writer(format, cols, { align_right = true, flat = opts.flat })
  local n = 0
  local status = each_document(inputs, opts, function(doc)
    local c = counts(doc)
    n = n + 1
    for _, k in ipairs(STAT_FIELDS) do total[k] = total[k] + c[k] end
    w:row(c)
  end)
  if n > 1 then w:row(total) end
  w:close()
  return status
end

local RUN_SPEC = { ["--db"] = "value", ["--fail-fast"] = "flag", ["--repair"] = "flag",
  ["--force"] = "flag", ["--date"] = "value", ["--year"] = "value",
  ["--jsonl"] = "flag", ["--text-column"] = "value", ["--no-text"] = "flag",
  ["-j"] = "value", ["--jobs"] = "value" }

function M.run(args)
  -- lede's options are taken wherever they stand; the others belong to
  -- the script and stay in its arg
  local opts, rest, i = {}, {}, 2
  while i <= #args do
    local a = args[i]
    local name, inline = a:match("^(%-%-[%w-]+)=(.*)$")
    name = name or a
    local kind = RUN_SPEC[name]
    if (a == "--help" or a == "-h") and #rest == 0 then
      return M.help({ "help", args[1] })
    elseif kind == "flag" then
      opts[name:sub(3)] = true
    elseif kind == "value" then
      local v = inline
      if v == nil then i = i + 1; v = args[i] end
      if v == nil then return usage_error("option " .. name .. " needs a value") end
      opts[name:gsub("^%-%-?", "")] = v
    else
      rest[#rest + 1] = a
    end
    i = i + 1
  end
  if not check_date(opts.date) then
    return usage_error("--date wants YYYY-MM-DD, not " .. opts.date)
  end
  if opts.year and not opts.year:match("^%d%d%d%d$") then
    return usage_error("--year wants YYYY, not " .. opts.year)
  end
  if opts.db == "" then
    return usage_error("--db wants a file name, not an empty one")
  end
  local script = rest[1]
  if not script then return usage_error("lede " .. args[1] .. ": which script?") end
  opts.text_column, opts["text-column"] = opts["text-column"], nil
  opts.j = opts.j or opts.jobs
  opts.jobs = nil
  if opts.j then
    local n = math.tointeger(tonumber(opts.j))
    if not n or n < 1 or n > 256 then return usage_error("-j wants a number of workers from 1 to 256") end
    if n > 1 and not opts.db then return usage_error("-j " .. n .. " needs --db PATH (the workers write into it)") end
    if n > 1 and args[1] == "map" then return usage_error("lede map is one process: split its input with GNU parallel, Dask or Spark") end
  end
  if args[1] == "map" then
    if opts.db then return usage_error("lede map opens no database: load its output with lede load --db") end
    opts.map = true
  end
  return require("lede.runner").run(script, rest, opts, args)
end

-- lede map SCRIPT [ARG...] < articles.jsonl > rows.ndjson
function M.map(args)
  return M.run(args)
end

-- lede load --db PATH ROWS.ndjson... (or - for stdin)
function M.load(args)
  local opts, files = parse(args, { ["--db"] = "value" }, 2)
  if not opts then return usage_error(files) end
  if not opts.db or opts.db == "" then return usage_error("lede load: --db PATH is required") end
  if #files == 0 then files = { "-" } end
  local db = lede.db.open(opts.db)
  local bad = 0
  local ok, c = pcall(require("lede.scale").load, db, files, function(msg)
    bad = bad + 1
    io.stderr:write("lede: ", msg, "\n")
  end)
  db:close()
  if not ok then
    io.stderr:write("lede load: ", tostring(c), "\n")
    return 1
  end
  io.stderr:write(("lede: %d article%s loaded, %d skipped as done, %d rows\n"):format(c.loaded,
    c.loaded == 1 and "" or "s", c.skipped, c.rows))
  return bad > 0 and 1 or 0
end

-- lede merge --db PATH SHARD.db...
function M.merge(args)
  local opts, shards = parse(args, { ["--db"] = "value" }, 2)
  if not opts then return usage_error(shards) end
  if not opts.db or opts.db == "" then return usage_error("lede merge: --db PATH is required") end
  if #shards == 0 then return usage_error("lede merge: which shards?") end
  local scale = require "lede.scale"
  local db = lede.db.open(opts.db)
  local status, rows = 0, 0
  for _, shard in ipairs(shards) do
    local f = io.open(shard, "rb")
    if not f then
      io.stderr:write("lede merge: ", shard, ": no such file\n")
      status = 1
    else
      f:close()
      local ok, n = pcall(scale.merge_one, db, shard)
      if ok then rows = rows + n
      else
        io.stderr:write("lede merge: ", tostring(n), "\n")
        status = 1
      end
    end
  end
  db:close()
  io.stderr:write(("lede: %d shard%s merged, %d rows\n"):format(#shards, #shards == 1 and "" or "s", rows))
  return status
end

function M.report(args)
  local opts, rest = parse(args, { ["--db"] = "value", ["--out"] = "value",
    ["--format"] = "value", ["--title"] = "value", ["--open"] = "flag" }, 2)
  if not opts then return usage_error(rest) end
  if #rest > 0 then return usage_error("lede report: unexpected argument " .. rest[1]) end
  if not opts.db or opts.db == "" then return usage_error("lede report: --db PATH is required") end
  local format = opts.format or "html"
  if format ~= "html" and format ~= "vega-lite" then
    return usage_error("lede report: --format is html or vega-lite")
  end
  local path = opts.out
  if not path and format == "html" then
    path = (opts.db:match("^(.*)/[^/]*$") or ".") .. "/report.html"
  end
  local text, err = lede.report { db = opts.db, out = path, title = opts.title,
    format = format == "vega-lite" and "vega-lite" or nil }
  if not text then
    io.stderr:write("lede report: ", tostring(err), "\n")
    return 1
  end
  if not path then io.stdout:write(text, "\n") return 0 end
  io.stderr:write("report written to ", path, "\n")
  if opts.open then
    local q = "'" .. path:gsub("'", "'\\''") .. "'"
    if not os.execute("xdg-open " .. q .. " >/dev/null 2>&1") then
      io.stderr:write("lede report: could not open a browser; open ", path, " yourself\n")
    end
  end
  return 0
end

function M.chart(args)
  local opts, rest = parse(args, { ["--db"] = "value", ["--table"] = "value",
    ["--x"] = "value", ["--y"] = "value", ["--color"] = "value", ["--agg"] = "value",
    ["--mark"] = "value", ["--format"] = "value", ["--title"] = "value",
    ["--out"] = "value" }, 2)
  if not opts then return usage_error(rest) end
  if #rest > 0 then return usage_error("lede chart: unexpected argument " .. rest[1]) end
  if not opts.db or opts.db == "" then return usage_error("lede chart: --db PATH is required") end
  if not opts.table or not opts.x then return usage_error("lede chart: --table and --x are required") end
  if opts.mark and opts.mark ~= "bar" and opts.mark ~= "line" then
    return usage_error("lede chart: --mark is bar or line")
  end
  if opts.format and opts.format ~= "svg" and opts.format ~= "vega-lite" then
    return usage_error("lede chart: --format is svg or vega-lite")
  end
  local text, err = lede.chart(opts)
  if not text then
    io.stderr:write("lede chart: ", tostring(err), "\n")
    return 1
  end
  if not opts.out then io.stdout:write(text) end
  return 0
end

function M.repl(args)
  local opts, inputs = parse(args, { ["--db"] = "value", ["--repair"] = "flag" }, 2)
  if not opts then return usage_error(inputs) end
  return require("lede.repl").main { inputs = inputs, db = opts.db, repair = opts.repair }
end

function M.plugin(args)
  local rest = {}
  for i = 2, #args do rest[#rest + 1] = args[i] end
  return require("lede.plugin_cli").main(rest)
end

function M.help(args)
  local verb = args[2]
  if not verb then io.stdout:write(USAGE) return 0 end
  local text = HELP[verb]
  if not text then return usage_error("no help for '" .. verb .. "'") end
  io.stdout:write(text, "\n")
  return 0
end

function M.main(argv)
  local verb = argv[1]
  if verb == nil then
    if lede._sys.isatty(0) then return M.repl({ "repl" }) end
    return usage_error("which verb?")
  end
  if verb == "--version" or verb == "-v" then
    io.stdout:write("lede ", lede.version, "\n")
    return 0
  end
  if verb == "--help" or verb == "-h" then
    io.stdout:write(USAGE)
    return 0
  end
  local f = HELP[verb] and M[verb]
  if type(f) ~= "function" then
    local guess = M.nearest(verb)
    return usage_error("unknown verb '" .. verb .. "'" ..
      (guess and ("; did you mean '" .. guess .. "'?") or ""))
  end
  if verb ~= "run" and verb ~= "map" then
    for i, a in ipairs(argv) do
      if a == "--" then break end
      if i > 1 and (a == "--help" or a == "-h") then
        return M.help({ "help", verb })
      end
    end
  end
  return f(argv)
end

-- The verb nearest to a misspelled one (edit distance at most 2, or a
-- prefix), or nil.
function M.nearest(word)
  local function distance(a, b)
    local prev = {}
    for j = 0, #b do prev[j] = j end
    for i = 1, #a do
      local cur = { [0] = i }
      for j = 1, #b do
        cur[j] = math.min(prev[j] + 1, cur[j - 1] + 1,
          prev[j - 1] + (a:byte(i) == b:byte(j) and 0 or 1))
      end
      prev = cur
    end
    return prev[#b]
  end
  local verbs = {}
  for v in pairs(HELP) do verbs[#verbs + 1] = v end
  table.sort(verbs)
  local w = word:lower()
  local best, best_d
  for _, v in ipairs(verbs) do
    local d = distance(w, v)
    if d <= 2 and (not best_d or d < best_d) then best, best_d = v, d end
  end
  if not best and #w >= 2 then
    for _, v in ipairs(verbs) do
      if v:sub(1, #w) == w then return v end
    end
  end
  return best
end

return M
