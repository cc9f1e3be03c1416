-- help.lua -- the API documentation of lede, in one place (module
-- "lede.help"). The REPL's help() and `?name` read it, and docs/api.md's API
-- section is generated from it (tools/gen_api_docs.lua); tests/lua/
-- help_spec.lua checks that every entry names a function that exists,
-- that every public function has an entry, and that docs/api.md says the same.
--
-- An entry: name ("lede.numbers", "db:insert", "doc:sentences"), sig (the
-- call with its results), doc (one paragraph), example (Lua that compiles).
-- This file loads without the module, so tools can dofile() it.
local M = {}

M.sections = {
  { title = "Text", entries = {
    { name = "lede.read",
      sig = "lede.read(path [, {repair = bool}]) -> text | nil, message, byte_pos",
      doc = "Reads a whole file as article text: skips a byte order mark and checks that the bytes are UTF-8 without NUL bytes. On bad bytes it returns nil and a message naming the file and the byte offset; with `repair = true` each bad sequence becomes U+FFFD and the second result is the number of replacements.",
      example = 'local text = assert(lede.read("story.txt"))' },
    { name = "lede.valid",
      sig = "lede.valid(s) -> true | nil, message, byte_pos",
      doc = "Checks that a string is valid UTF-8 without NUL bytes. The position of the first bad byte is 1-based, like string.find.",
      example = 'local ok, err, pos = lede.valid(raw)\nif not ok then print("bad byte at", pos, err) end' },
    { name = "lede.repair",
      sig = "lede.repair(s) -> repaired, count",
      doc = "Replaces each invalid UTF-8 sequence and each NUL byte with U+FFFD (the Unicode 'maximal subpart' rule) and says how many were replaced.",
      example = 'local fixed, n = lede.repair(raw)' },
    { name = "lede.normalize",
      sig = "lede.normalize(s [, form]) -> string | nil, message",
      doc = "Unicode normalization; form is \"NFC\" (the default), \"NFD\", \"NFKC\" or \"NFKD\". Returns a new string; positions in it no longer match the original text.",
      example = 'local key = lede.normalize(name, "NFKC")' },
    { name = "lede.casefold",
      sig = "lede.casefold(s) -> string | nil, message",
      doc = "Unicode case folding, for comparing words without regard to case (\"Straße\" and \"STRASSE\" fold alike).",
      example = 'if lede.casefold(a) == lede.casefold(b) then print("same word") end' },
  } },
  { title = "Tokens and sentences", entries = {
    { name = "lede.tokens",
      sig = "lede.tokens(text_or_doc [, {mode = \"news\"|\"uax29\", repair = bool}]) -> iterator of tokens",
      doc = "Iterates the tokens of a text. Each token has `text`, `start`, `stop` (1-based, inclusive: `text:sub(t.start, t.stop) == t.text`) and `kind` (word, number, punct, symbol, url, email, handle, hashtag, emoji). The `news` mode keeps figures, money, abbreviations and hyphenated words whole; `uax29` follows Unicode word boundaries exactly. Whitespace is not a token.",
      example = 'for t in lede.tokens("U.S. aid rose 12% to $5bn.") do print(t.kind, t.text) end' },
    { name = "lede.token_spans",
      sig = "lede.token_spans(text [, opts]) -> iterator of start, stop, kind",
      doc = "The fast form of lede.tokens: yields positions and kind without making a table per token, for counting and indexing large texts.",
      example = 'local words = 0\nfor s, e, kind in lede.token_spans(text) do\n  if kind == "word" then words = words + 1 end\nend' },
    { name = "lede.sentences",
      sig = "lede.sentences(text_or_doc [, {mode = \"news\"|\"uax29\"}]) -> iterator of sentences",
      doc = "Iterates the sentences of a text as spans (`text`, `start`, `stop`). The `news` mode knows titles, abbreviations, initials, decimals, quotes and hard-wrapped wire copy; a blank line always ends a sentence. Nothing is rewritten: each sentence is a slice of the original bytes.",
      example = 'for s in lede.sentences("Dr. Ames left at 5 p.m. He did not return.") do print(s.text) end' },
    { name = "lede.sentence_spans",
      sig = "lede.sentence_spans(text_or_doc [, opts]) -> {start1, stop1, paragraph1, start2, ...}",
      doc = "The fast form of lede.sentences: one flat array of positions and paragraph numbers, three per sentence, without a table per sentence.",
      example = 'local spans = lede.sentence_spans(text)\nprint(#spans // 3 .. " sentences")' },
    { name = "lede.abbreviations.add",
      sig = "lede.abbreviations.add(list_or_string [, class]) -> count",
      doc = "Adds abbreviations (with their periods) to the sentence splitter's lexicon for this process, for a newsroom's house style. The class says how a period after it behaves: \"title\" (never ends a sentence before a name), \"number\", \"month\", \"end\" or \"inner\".",
      example = 'lede.abbreviations.add{"Brig.", "Adm."}\nlede.abbreviations.add("Supt.", "title")' },
    { name = "lede.abbreviations.has",
      sig = "lede.abbreviations.has(s) -> true, class | false",
      doc = "Whether the splitter knows `s` as an abbreviation, and its class.",
      example = 'print(lede.abbreviations.has("Gen."))  --> true  title' },
  } },
  { title = "Documents", entries = {
    { name = "lede.article",
      sig = "lede.article(text [, meta]) -> doc",
      doc = "Makes a document from article text: `doc.text`, `doc.id`, `doc.headline`, `doc.dateline` (`place`, `region`, `agency`), `doc.byline`, `doc.date` (\"YYYY-MM-DD\" or nil) and the methods below. `meta` may give `id`, `date`, `url`, `title` (as JSONL input does). Structure is found lazily, once per document.",
      example = 'local doc = lede.article(text, {id = "story-1", date = "2025-09-04"})\nprint(doc.headline and doc.headline.text, doc.date)' },
    { name = "lede.load",
      sig = "lede.load(path [, {repair = bool}]) -> doc | nil, message",
      doc = "Reads a file the way lede.inputs and the command line do and returns its (first) document: a text file with the path as its id, a `.html`/`.htm` web page (lede.html), the first article of a JSONL, JSON or CSV file, gzipped or not. A missing file or bad bytes give nil and a message naming the file and the byte offset.",
      example = 'local doc = assert(lede.load("scripts/samples/01_drones_kharkiv.txt"))' },
    { name = "lede.html",
      sig = "lede.html(src [, meta]) -> doc | nil, message",
      doc = "A web page as a document. The page is parsed by an HTML5 parser (gumbo); its metadata (JSON-LD, OpenGraph and article:* meta tags, <time datetime>, <link rel=canonical>, <h1>) gives `doc.headline`, `doc.authors`, `doc.url`, `doc.site` and `doc.date` (with `doc.date_source` \"jsonld\", \"meta\" or \"time\"); the block of the page that holds the article becomes `doc.text`, one paragraph per block element, with navigation, teaser lists, comments, footers, share bars and notices left out, so every other function reads it like any article. Each of `doc:paragraphs()` carries `src_start`/`src_stop`, the bytes of the page it was made of. A page in another encoding that declares it (`<meta charset>`, a BOM) is read as UTF-8 first, and `doc.charset` names the label it declared. Returns nil and a message for a page that is not text (NUL bytes) or declares an unknown encoding.",
      example = 'local doc = assert(lede.html(assert(lede.read("page.html"))))\nprint(doc.headline and doc.headline.text, doc.date, doc.date_source)' },
    { name = "lede.is_html",
      sig = "lede.is_html(text) -> bool",
      doc = "Whether a text opens like an HTML page (a doctype, <html> or <head>, after a byte order mark, white space and comments): how `lede.inputs` tells a page on stdin from plain text.",
      example = 'local doc = lede.is_html(s) and lede.html(s) or lede.article(s)' },
    { name = "lede.inputs",
      sig = "lede.inputs(list [, {repair = bool, on_error = fn}]) -> iterator of docs",
      doc = "Iterates documents from a list of inputs as the command line gives them: files, directories (recursively: .txt, .md, and .jsonl/.ndjson with a `text` field per line, keeping `id`, `date`, `url`, `title`), globs, and \"-\" for standard input. A bad input is reported through `on_error` (default: a line on stderr) and skipped.",
      example = 'for doc in lede.inputs(arg) do print(doc.id, #doc.text) end' },
    { name = "lede.each",
      sig = "lede.each([inputs,] fn [, opts]) -> processed, failed, skipped",
      doc = "The loop workflows are written around: calls fn(doc) for each article of the inputs (the run's own inputs when none are given). With a database open, each article is recorded in `articles` and processed in one transaction: an error rolls back that article's rows and the run goes on, and an article this workflow already processed is skipped, so re-runs create no duplicates.",
      example = 'lede.each(function(doc)\n  for _, f in ipairs(doc:numbers()) do db:insert("figures", lede.evidence(f)) end\nend)' },
    { name = "lede.current_db",
      sig = "lede.current_db() -> db | nil",
      doc = "The database of the current `lede run` (opened on first use from --db), or nil outside a run.",
      example = 'local db = lede.current_db()' },
    { name = "doc:paragraphs",
      sig = "doc:paragraphs() -> list of paragraphs",
      doc = "The paragraphs of the document, each a span with its `role`: headline, byline, dateline, caption, boilerplate, date or body.",
      example = 'for _, p in ipairs(doc:paragraphs()) do print(p.role, p.text) end' },
    { name = "doc:sentences",
      sig = "doc:sentences([{all = bool, headline = bool}]) -> list of sentences",
      doc = "The sentences of the document's body (headline, byline, captions and site chrome left out, the dateline's paragraph kept); `headline = true` adds the headline, `all = true` splits the whole text. Each sentence is a span over the original bytes.",
      example = 'for _, s in ipairs(doc:sentences()) do print(s.index, s.text) end' },
    { name = "doc:captions",
      sig = "doc:captions() -> list of captions",
      doc = "The photo captions of the document, each a span with its `credit` where one is written.",
      example = 'for _, c in ipairs(doc:captions()) do print(c.credit, c.text) end' },
    { name = "doc:boilerplate",
      sig = "doc:boilerplate() -> list of spans",
      doc = "The site chrome and boilerplate lines found in the document (\"Skip to content\", share lines, separators, contributor notes), left out of its sentences.",
      example = 'for _, b in ipairs(doc:boilerplate()) do print(b.text) end' },
    { name = "doc:tokens",
      sig = "doc:tokens([opts]) -> iterator of tokens",
      doc = "The tokens of the document's text, as lede.tokens gives them (same options).",
      example = 'local n = 0\nfor t in doc:tokens() do n = n + 1 end' },
    { name = "doc:numbers",
      sig = "doc:numbers([filter]) -> list of figures",
      doc = "The figures of the document's headline and body, as lede.numbers describes them, each with its `sentence` and `article`. A filter keeps the figures whose fields equal its own (`{kind = \"money\", unit = \"EUR\"}`), applied in C for kind, unit, head, noun, approx, role, value and max (no table is made for a figure left out); `all = true` adds captions and chrome. Figures inside a date are the date's, not figures.",
      example = 'for _, f in ipairs(doc:numbers()) do print(f.value, f.kind, f.noun) end' },
    { name = "doc:dates",
      sig = "doc:dates([{date = \"YYYY-MM-DD\", dayfirst = bool, all = bool}]) -> list of dates",
      doc = "The dates of the document's headline and body, each with its `sentence`, resolved against `date` or else `doc.date` (the article's own date).",
      example = 'for _, d in ipairs(doc:dates()) do print(d.value, d.grain, d.text) end' },
    { name = "doc:counts",
      sig = "doc:counts() -> {bytes=, tokens=, words=, numbers=, sentences=, paragraphs=, figures=, dates=}",
      doc = "What `lede stats` prints for the document, from one pass over the text in C without a table per token, figure or date: tokens (words and number tokens among them), every sentence, the article's paragraphs, the figures and dates of headline and body.",
      example = 'local c = doc:counts()\nprint(c.words, c.figures)' },
  } },
  { title = "Figures and dates", entries = {
    { name = "lede.numbers",
      sig = "lede.numbers(text_or_doc [, filter]) -> list of figures",
      doc = "Finds the figures in a text: counts, ordinals, percentages and money, written in digits or words, with ranges and qualifiers. Each figure has `text`, `start`, `stop`, `value`, `kind` (number, ordinal, percent, money), and where written `unit` (ISO 4217 for money), `max` (upper bound of a range), `approx` (\"more than\"), `noun` (what is counted) and `about` (what a percentage or sum measures: \"exports\").",
      example = 'for _, f in ipairs(lede.numbers("Russia launched 112 drones overnight.")) do\n  print(f.value, f.kind, f.noun)  --> 112  number  drones\nend' },
    { name = "lede.dates",
      sig = "lede.dates(text_or_doc [, {date = \"YYYY-MM-DD\", dayfirst = bool}]) -> list of dates",
      doc = "Finds dates and times, absolute and relative. Relative ones (\"Thursday\", \"last month\") are resolved against `date`, or the document's own date. Each date has `text`, `start`, `stop`, `value` (ISO 8601 at its grain), `grain`, `end_value` for intervals, `relative`, `tz` when written and `fiscal` for a fiscal year.",
      example = 'for _, d in ipairs(lede.dates("He spoke on Thursday.", {date = "2025-09-04"})) do\n  print(d.text, d.value)  --> Thursday  2025-09-04\nend' },
    { name = "lede.date",
      sig = "lede.date(s [, ref]) -> date | nil",
      doc = "The first date expressed in `s`, resolved against the reference date `ref` (\"YYYY-MM-DD\", or an options table `{date =, dayfirst =}`) when it is relative.",
      example = 'print(lede.date("last Friday", "2025-09-04").value)  --> 2025-08-29' },
    { name = "lede.evidence",
      sig = "lede.evidence(figure_or_date) -> {article =, sentence =, start =, stop =, text =}",
      doc = "The evidence for a figure or date, ready to store beside it: the article's id, the sentence text and the byte span, so an editor can check any number against its source.",
      example = 'db:insert("figures", lede.evidence(f))' },
    { name = "lede.json",
      sig = "lede.json(value) -> text",
      doc = "The JSON text of a Lua value, with the one encoder that `--format json`, `lede map` rows and table values stored by lede.db use: nil and `lede.null` are null; a table with keys 1..n (or empty) is an array, other tables objects with sorted keys; numbers in the shortest form that reads back the same.",
      example = 'print(lede.json({value = 112, kind = "number", noun = lede.null}))\n--> {"kind":"number","noun":null,"value":112}' },
    { name = "lede.csv",
      sig = "lede.csv(values [, columns]) -> line",
      doc = "One CSV line (without its line end), as `--format csv` writes them: the values of an array in order, or `record[column]` for each of `columns`. nil and `lede.null` are empty fields; a field with a comma, quote or line break is quoted.",
      example = 'io.write(lede.csv({"a,b", 2, lede.null}), "\\n")  --> "a,b",2,' },
  } },
  { title = "Database", entries = {
    { name = "lede.db.open",
      sig = "lede.db.open(path [, opts]) -> db",
      doc = "Opens (or creates) an SQLite database, with WAL and a busy timeout. The db closes when collected, at the end of a `local db <close>` block, or with db:close().",
      example = 'local db <close> = lede.db.open("lede.db")' },
    { name = "lede.db.memory",
      sig = "lede.db.memory() -> db",
      doc = "An in-memory database, for trying things out and for tests.",
      example = 'local db = lede.db.memory()' },
    { name = "lede.db.quote_name",
      sig = "lede.db.quote_name(name) -> string",
      doc = "An SQL identifier in double quotes (inner quotes doubled), for the rare table or column name that must be written into SQL: values always go in as parameters.",
      example = 'db:exec("DROP TABLE IF EXISTS " .. lede.db.quote_name(name))' },
    { name = "lede.db.quote_fts",
      sig = "lede.db.quote_fts(query) -> string",
      doc = "A user's search text as an FTS5 query: each term and each \"quoted phrase\" becomes an FTS5 string, so punctuation and AND/OR/NOT are searched for, never parsed. db:search does this unless told `quote = false`.",
      example = 'print(lede.db.quote_fts("U.S.-made drones"))' },
    { name = "db:exec",
      sig = "db:exec(sql [, params])",
      doc = "Runs SQL that returns no rows. Parameters are `?` (a list) or `:name` (a table); SQL is never built from strings.",
      example = 'db:exec("DELETE FROM figures WHERE article = ?", {doc.id})' },
    { name = "db:query",
      sig = "db:query(sql [, params]) -> iterator of rows",
      doc = "Iterates the rows of a query, each a table keyed by column name; NULL is `lede.null`, so a column is never silently missing. Breaking out of the loop finalizes the statement.",
      example = 'for row in db:query("SELECT id, title FROM articles") do print(row.id, row.title) end' },
    { name = "db:one",
      sig = "db:one(sql [, params]) -> row | nil",
      doc = "The first row of a query, or nil when there is none.",
      example = 'local n = db:one("SELECT count(*) AS n FROM figures").n' },
    { name = "db:insert",
      sig = "db:insert(table, row_or_rows [, {pk =, replace =, ignore =, alter =}])",
      doc = "Inserts a row, a list of rows or the rows of an iterator, creating the table and any missing column on first sight, with types from the Lua values (nested tables as JSON). Many rows go in one transaction. The options mean what they mean in sqlite-utils.",
      example = 'db:insert("figures", {article = doc.id, value = 112, kind = "number"})' },
    { name = "db:upsert",
      sig = "db:upsert(table, row_or_rows, {pk = column})",
      doc = "Inserts rows, or updates the row with the same primary key (INSERT … ON CONFLICT DO UPDATE), so re-running a workflow creates no duplicates.",
      example = 'db:upsert("articles", {id = doc.id, title = doc.headline.text}, {pk = "id"})' },
    { name = "db:lookup",
      sig = "db:lookup(table, values) -> id",
      doc = "The id of the row with these values, created when missing: for lookup tables such as countries or speakers.",
      example = 'local country = db:lookup("countries", {name = "Finland"})' },
    { name = "db:atomic",
      sig = "db:atomic(fn) -> results of fn",
      doc = "Runs fn inside a transaction (a savepoint when nested): committed when fn returns, rolled back when it raises, and the error raised again.",
      example = 'db:atomic(function()\n  db:insert("figures", rows)\nend)' },
    { name = "db:enable_fts",
      sig = "db:enable_fts(table, columns [, {triggers = bool, tokenizer = name}])",
      doc = "Adds a full-text index over some columns, by default with lede's own tokenizer, so search agrees with scripts on what a word is (other SQLite tools then need bin/lede_sqlite.so loaded); `tokenizer = \"unicode61\"`, `\"porter\"` or `\"trigram\"` uses one SQLite always has. With `triggers = true` the index follows later changes.",
      example = 'db:enable_fts("articles", {"title", "text"}, {triggers = true})' },
    { name = "db:search",
      sig = "db:search(table, query [, {quote = bool, limit = n}]) -> iterator of rows",
      doc = "Full-text search in a table that has an index. The query is quoted by default, so a user's `.`, `'` or `-` is not an FTS syntax error.",
      example = 'for hit in db:search("articles", "ceasefire", {limit = 5}) do print(hit.title) end' },
    { name = "db:tables",
      sig = "db:tables() -> list of names",
      doc = "The names of the tables in the database.",
      example = 'for _, t in ipairs(db:tables()) do print(t, db:count(t)) end' },
    { name = "db:columns",
      sig = "db:columns(table) -> list of columns",
      doc = "The columns of a table, in order, with their names and types.",
      example = 'for _, c in ipairs(db:columns("figures")) do print(c.name, c.type) end' },
    { name = "db:count",
      sig = "db:count(table) -> integer",
      doc = "The number of rows in a table.",
      example = 'print(db:count("figures"))' },
    { name = "db:path",
      sig = "db:path() -> string",
      doc = "The path the database was opened with (\":memory:\" for lede.db.memory()).",
      example = 'print(db:path())' },
    { name = "db:isopen",
      sig = "db:isopen() -> boolean",
      doc = "Whether the database is still open (false after db:close()).",
      example = 'if db:isopen() then db:close() end' },
    { name = "db:intransaction",
      sig = "db:intransaction() -> boolean",
      doc = "Whether a transaction is open, as inside db:atomic.",
      example = 'db:atomic(function() assert(db:intransaction()) end)' },
    { name = "db:close",
      sig = "db:close()",
      doc = "Finalizes the statements and closes the database. Closing twice is harmless.",
      example = 'db:close()' },
  } },
  { title = "Charts", entries = {
    { name = "lede.chart",
      sig = "lede.chart{db = PATH|db, table = T, x = COL [, y = COL, color = COL, agg = \"sum\", mark = \"bar\"|\"line\", format = \"svg\"|\"vega-lite\", out = PATH]} -> text | nil, message",
      doc = "A chart of any table: y aggregated (sum by default; without y, rows are counted) over x, one series per color value, as SVG or a Vega-Lite spec. Dates on x read left to right and are grouped by month or year when there are many. Written to out when given.",
      example = 'local svg = assert(lede.chart { db = "lede.db", table = "drone_reports", x = "date", y = "count", color = "action" })' },
    { name = "lede.report",
      sig = "lede.report{db = PATH|db [, out = PATH, format = \"html\"|\"vega-lite\", title = T]} -> text | nil, message",
      doc = "The report page of a database: one self-contained HTML page with a chart per workflow table (drone_reports, pledges, country_mentions) and per table with a date and a number column; every mark opens the sentences behind it. format = \"vega-lite\" gives the charts as a JSON array of Vega-Lite specs.",
      example = 'assert(lede.report { db = "lede.db", out = "report.html" })' },
  } },
  { title = "Plugins", entries = {
    { name = "lede.plugin",
      sig = "lede.plugin(name [, version]) -> plugin",
      doc = "Loads a plugin by name from ./plugins, each directory of LEDE_PLUGIN_PATH, then ~/.local/share/lede/plugins, in a sandbox with the permissions its manifest declares; `version` is a requirement such as \">=1.2\".",
      example = 'local countries = lede.plugin("countries")\nfor _, m in ipairs(countries.find(doc)) do print(m.name, m.text) end' },
  } },
}

-- How to make an object whose methods are documented ("doc:", "db:").
M.samples = {
  doc = function(lede) return lede.article("") end,
  db = function(lede) return lede.db.memory() end,
}

-- All entries in order, and by name.
M.entries, M.by_name = {}, {}
for _, sec in ipairs(M.sections) do
  for _, e in ipairs(sec.entries) do
    e.section = sec.title
    M.entries[#M.entries + 1] = e
    M.by_name[e.name] = e
  end
end

-- The value an entry's name stands for, or nil when it does not exist.
-- A method is looked up on a sample object (cached in `cache`).
function M.resolve(name, lede, cache)
  lede = lede or require "lede"
  local kind, method = name:match("^(%a+):([%w_]+)$")
  if kind then
    cache = cache or {}
    if cache[kind] == nil then
      local ok, obj = pcall(M.samples[kind], lede)
      cache[kind] = ok and obj or false
    end
    local obj = cache[kind]
    if not obj then return nil end
    local ok, f = pcall(function() return obj[method] end)
    return ok and f or nil
  end
  local v = { lede = lede }
  for part in name:gmatch("[^.]+") do
    if type(v) ~= "table" then return nil end
    v = v[part]
  end
  return v
end

-- The entry for a value (a function) or a name, or nil.
function M.find(v)
  if type(v) == "string" then
    local e = M.by_name[v] or M.by_name["lede." .. v]
    if e then return e end
    local method = v:match("^%a+:([%w_]+)$") or v:match("^[%a_]+%.([%w_]+)$")
    for _, kind in ipairs { "doc", "db" } do
      if method and M.by_name[kind .. ":" .. method] then
        return M.by_name[kind .. ":" .. method]
      end
    end
    return nil
  end
  if v == nil then return nil end
  local cache = {}
  for _, e in ipairs(M.entries) do
    local ok, f = pcall(M.resolve, e.name, nil, cache)
    if ok and f ~= nil and rawequal(f, v) then return e end
  end
  return nil
end

-- Words of `text` wrapped to `width` columns, each line after `indent`.
function M.wrap(text, width, indent)
  indent = indent or ""
  local lines, line = {}, indent
  for word in text:gmatch("%S+") do
    if #line > #indent and utf8.len(line) + 1 + (utf8.len(word) or #word) > width then
      lines[#lines + 1] = line
      line = indent .. word
    elseif #line > #indent then
      line = line .. " " .. word
    else
      line = line .. word
    end
  end
  if #line > #indent then lines[#lines + 1] = line end
  return table.concat(lines, "\n")
end

-- One entry as plain text, for the REPL.
function M.text(e, width)
  width = width or 80
  local ex = e.example:gsub("\n", "\n    ")
  return e.sig .. "\n" .. M.wrap(e.doc, width, "  ") .. "\n  Example:\n    " .. ex
end

-- The list of the API, one line per entry, for help() in the REPL.
function M.index()
  local out = {}
  for _, sec in ipairs(M.sections) do
    out[#out + 1] = sec.title .. ":"
    for _, e in ipairs(sec.entries) do
      out[#out + 1] = "  " .. e.sig
    end
  end
  out[#out + 1] = "help(f) or ?name for one function, e.g. ?lede.numbers"
  return table.concat(out, "\n")
end

-- docs/api.md's API section (Markdown), between <!-- api:begin --> and
-- <!-- api:end -->. tools/gen_api_docs.lua prints it.
function M.markdown()
  local out = { "## Lua API", "",
    "Generated from bindings/lua/help.lua by `lua5.4 tools/gen_api_docs.lua`;",
    "the same text is what `help()` and `?name` show in the REPL.", "" }
  for _, sec in ipairs(M.sections) do
    out[#out + 1] = "### " .. sec.title
    out[#out + 1] = ""
    for _, e in ipairs(sec.entries) do
      out[#out + 1] = "#### `" .. e.sig .. "`"
      out[#out + 1] = ""
      out[#out + 1] = e.doc
      out[#out + 1] = ""
      out[#out + 1] = "```lua"
      out[#out + 1] = e.example
      out[#out + 1] = "```"
      out[#out + 1] = ""
    end
  end
  return table.concat(out, "\n")
end

return M
