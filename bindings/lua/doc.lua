-- doc.lua -- the document object: one article's text with its structure,
-- sentences, figures and dates, each computed lazily and at most once.
--
--   local doc = lede.article(text [, meta])   -- meta: id, path, date, title, url
--   doc.headline, doc.dateline, doc.byline, doc.date, doc.date_source
--   doc:paragraphs()  doc:sentences([{all=true}])  doc:tokens([opts])
--   doc:captions()    doc:boilerplate()
--   doc:numbers([filter])  doc:dates([opts])
--
-- Positions are 1-based and inclusive: doc.text:sub(x.start, x.stop) == x.text.
local lede = require "lede"

local Document = {}
Document.__name = "lede.Document"

-- Everything below is built on two C calls: lede._structure (the article
-- parse, kept in C until a part is asked for) and lede._analyze (the one
-- pass over the text: sentences with their roles, dates, figures). Lua
-- tables are made only for what is asked for, and cached on the document.

-- Parts of the structure that are fields of the document.
local structural = {
  headline = true, dateline = true, byline = true, date = true,
  date_source = true,
}

-- What a document caches, and how many documents keep their caches: a
-- REPL or a script that visits every article of a corpus holds the texts,
-- but the structure, sentences, figures and dates of only the last
-- MAX_CACHED documents it used (the others are recomputed if asked again).
local CACHES = { "_structure", "_parts", "_sentence_tables", "_body_sentences",
  "_fact_sentences", "_all_sentences", "_facts" }
local MAX_CACHED = 256
local ring, head, tail = {}, 1, 0

local function cached(doc)
  if rawget(doc, "_cached") then return end
  rawset(doc, "_cached", true)
  tail = tail + 1
  ring[tail] = doc
  if tail - head + 1 > MAX_CACHED then
    local old = ring[head]
    ring[head] = nil
    head = head + 1
    for _, k in ipairs(CACHES) do rawset(old, k, nil) end
    rawset(old, "_cached", nil)
  end
end

-- The text as the C calls take it: the string, or the lede.Text a large
-- file was read into (lede._read_text), of which doc.text makes a string
-- only when a script asks for it.
local function src(doc)
  return rawget(doc, "_src") or rawget(doc, "text")
end

-- The parse of the text (a lede.Structure userdata), once per document.
local function structure(doc)
  local st = rawget(doc, "_structure")
  if not st then
    st = lede._structure(src(doc))
    cached(doc)
    rawset(doc, "_structure", st)
  end
  return st
end

local raw_part

-- The date of an article whose text gives none: the dateline's day in the
-- year given (--year), else the date given (--date).
local function fallback_date(doc)
  local year = rawget(doc, "_year")
  local dl = year and raw_part(doc, "dateline")
  if dl then
    for _, d in ipairs(lede._dates_in(src(doc), dl.start, dl.stop,
                                      { date = ("%04d-07-02"):format(year) })) do
      if d.grain == "day" and d.value:match("^%d%d%d%d%-%d%d%-%d%d$") then
        return d.value, "dateline+year"
      end
    end
  end
  local default = rawget(doc, "_default_date")
  if default then return default, "default" end
end

-- One part of the structure as a Lua value, built on first use.
local function part(doc, key)
  if key == "date" or key == "date_source" then
    -- metadata (a JSONL `date`, or meta.date) outranks what the text says
    local meta_date = rawget(doc, "_meta_date")
    if meta_date then return key == "date" and meta_date or "metadata" end
    if raw_part(doc, "date") == nil then
      local date, source = fallback_date(doc)
      if date then return key == "date" and date or source end
    end
  elseif key == "headline" then
    -- a title given with the text (a JSONL "title") is the headline when
    -- the text has none; it is not part of the text, so it has no span
    local h = raw_part(doc, "headline")
    local title = rawget(doc, "title")
    if h == nil and type(title) == "string" and title:find("%S") then
      return { text = title, source = "metadata" }
    end
    return h
  end
  return raw_part(doc, key)
end

function raw_part(doc, key)
  local parts = rawget(doc, "_parts")
  if not parts then
    parts = {}
    cached(doc)
    rawset(doc, "_parts", parts)
  end
  local v = parts[key]
  if v == nil then
    v = lede._structure_part(structure(doc), key)
    parts[key] = v == nil and false or v
  end
  return v or nil
end

local methods = {}

Document.__index = function(doc, key)
  local m = methods[key]
  if m then return m end
  if structural[key] then return part(doc, key) end
  if key == "text" then
    local t = rawget(doc, "_src")
    if t then  -- the string, made once; the block goes with the caches
      local s = tostring(t)
      rawset(doc, "text", s)
      rawset(doc, "_src", nil)
      return s
    end
  end
  return nil
end

Document.__tostring = function(doc)
  local h = doc.headline
  return ("Document %s%s (%d bytes)"):format(
    doc.id and (tostring(doc.id) .. ": ") or "",
    h and ("%q"):format(h.text) or "(no headline)", #src(doc))
end

-- The paragraphs: {start, stop, role, text}.
function methods.paragraphs(doc)
  return part(doc, "paragraphs")
end

function methods.captions(doc)
  return part(doc, "captions")
end

function methods.boilerplate(doc)
  return part(doc, "boilerplate")
end

function methods.tokens(doc, opts)
  return lede.tokens(doc.text, opts)
end

-- The sentence tables made so far, by index: a figure's .sentence is the
-- same table as doc:sentences() lists.
local function sentence_cache(doc)
  local c = rawget(doc, "_sentence_tables")
  if not c then
    c = {}
    cached(doc)
    rawset(doc, "_sentence_tables", c)
  end
  return c
end

local SCOPE_KEY = { body = "_body_sentences", facts = "_fact_sentences",
  all = "_all_sentences" }

local function sentences_in(doc, scope)
  local key = SCOPE_KEY[scope]
  local list = rawget(doc, key)
  if not list then
    list = lede._analyze(src(doc), scope ~= "all" and structure(doc) or nil,
      "sentences", { scope = scope }, sentence_cache(doc))
    rawset(doc, key, list)
  end
  return list
end

-- doc:sentences([opts]) -> array of sentences: the body by default (the
-- dateline's paragraph included); {headline=true} adds the headline,
-- {all=true} gives every sentence of the text (captions, chrome).
function methods.sentences(doc, opts)
  if opts and opts.all then return sentences_in(doc, "all") end
  if opts and opts.headline then return sentences_in(doc, "facts") end
  return sentences_in(doc, "body")
end

-- The date given to an article whose text has none (--date, --year).
local function given_date(doc)
  if not (rawget(doc, "_year") or rawget(doc, "_default_date")) then return nil end
  if raw_part(doc, "date") ~= nil then return nil end
  return (fallback_date(doc))
end

-- The options of one fact search: scope, reference date, dayfirst.
local function fact_opts(doc, opts, filter)
  return {
    scope = (opts and opts.all) and "all" or "facts",
    date = (opts and opts.date) or rawget(doc, "_meta_date") or given_date(doc),
    dayfirst = opts and opts.dayfirst or false,
    article = doc.id,
    filter = filter,
  }
end

local function cache_key(o)
  return ("%s|%s|%s"):format(o.scope, o.date or "", o.dayfirst and "d" or "")
end

-- The list `what` ("dates" or "numbers") for options o, cached per
-- options (the last ones asked for). One pass gives the sentences in
-- scope, the dates and the figures together (it finds the dates anyway,
-- as spans figures must not claim), and all three are kept: a script
-- that asks for figures, then dates, then sentences runs the core once.
local function facts(doc, what, o)
  local key = cache_key(o)
  local cache = rawget(doc, "_facts")
  if cache and cache[what] and cache[what].key == key then
    return cache[what].list
  end
  local r = lede._analyze(src(doc), structure(doc), "facts", o,
    sentence_cache(doc))
  if not cache then
    cache = {}
    cached(doc)
    rawset(doc, "_facts", cache)
  end
  cache.dates = { key = key, list = r.dates }
  cache.numbers = { key = key, list = r.numbers }
  local skey = SCOPE_KEY[o.scope]
  if not rawget(doc, skey) then rawset(doc, skey, r.sentences) end
  return r[what]
end

-- doc:dates([{date=, dayfirst=, all=}]) -> array of dates
function methods.dates(doc, opts)
  return facts(doc, "dates", fact_opts(doc, opts))
end

-- Filter keys that are options, and those lede._analyze compares in C.
local OPTION = { all = true, date = true, dayfirst = true }
local IN_C = { kind = true, unit = true, head = true, noun = true,
  approx = true, role = true, value = true, max = true }

local function matches(fig, filter)
  for k, v in pairs(filter) do
    if not OPTION[k] and fig[k] ~= v then return false end
  end
  return true
end

-- doc:numbers([filter]) -> array of figures; filter fields must equal
-- (kind="money", head="drones", unit="EUR"); {all=true} adds captions
-- and chrome. The whole list is cached; a filter over a list not yet
-- made is applied in C, so no table is made for a figure left out.
-- The keys a filter may name: the options and the fields of a figure.
local FILTER_KEYS = { "all", "approx", "article", "date", "dayfirst", "head",
  "kind", "max", "noun", "noun_start", "noun_stop", "of", "role", "sentence",
  "start", "stop", "text", "unit", "value", "whole" }
local VALID_KEY = {}
for _, k in ipairs(FILTER_KEYS) do VALID_KEY[k] = true end

function methods.numbers(doc, filter)
  local fields, in_lua = false, false
  for k in pairs(filter or {}) do
    if not VALID_KEY[k] then
      error(("numbers: no figure field %s in the filter (valid keys: %s)")
        :format(type(k) == "string" and ("'" .. k .. "'") or tostring(k),
          table.concat(FILTER_KEYS, ", ")), 2)
    end
    if not OPTION[k] then
      fields = true
      if not IN_C[k] then in_lua = true end
    end
  end
  if not fields then return facts(doc, "numbers", fact_opts(doc, filter)) end
  local o = fact_opts(doc, filter)
  local cache = rawget(doc, "_facts")
  local list
  if cache and cache.numbers and cache.numbers.key == cache_key(o) then
    list, in_lua = cache.numbers.list, true
  else
    o.filter = filter
    list = lede._analyze(src(doc), structure(doc), "numbers", o,
      sentence_cache(doc))
  end
  if not in_lua then return list end
  local out = {}
  for _, f in ipairs(list) do
    if matches(f, filter) then out[#out + 1] = f end
  end
  return out
end
methods.figures = methods.numbers

-- doc:_each(what, opts, fn): fn(item) for each date or figure ("dates",
-- "numbers") as the pass finds it, nothing kept: the CLI's listings.
function methods._each(doc, what, opts, fn)
  lede._analyze(src(doc), structure(doc), what, fact_opts(doc, opts), nil, fn)
end

-- doc:counts() -> {tokens=, words=, numbers=, sentences=, paragraphs=,
-- figures=, dates=}: what `lede stats` prints, without a table per item.
function methods.counts(doc)
  local c = lede._analyze(src(doc), structure(doc), "counts", fact_opts(doc))
  c.bytes = #src(doc)
  c.paragraphs = lede._structure_part(structure(doc), "nparagraphs")
  return c
end

-- lede.article(text [, meta]) -> document; text may also be a lede.Text
-- (lede._read_text), kept as doc._src until doc.text is asked for.
function lede.article(text, meta)
  local doc
  if type(text) == "string" then
    doc = { text = text }
  elseif lede._is_text(text) then
    doc = { _src = text }
  else
    error(("bad argument #1 to 'lede.article' (string expected, got %s)"):format(type(text)), 2)
  end
  if meta then
    for _, k in ipairs { "id", "path", "url", "title", "line" } do doc[k] = meta[k] end
    if meta.date then
      local y, m, d = tostring(meta.date):match("^(%d%d%d%d)-(%d%d)-(%d%d)")
      if y then doc._meta_date = ("%s-%s-%s"):format(y, m, d) end
    end
    doc._default_date = meta.default_date
    doc._year = tonumber(meta.year)
  end
  return setmetatable(doc, Document)
end

lede.Document = Document

-- Accepts a string or a document; returns a document.
local function as_doc(x)
  if type(x) == "table" and getmetatable(x) == Document then return x end
  if type(x) == "table" and type(x.text) == "string" then
    return lede.article(x.text, x)
  end
  if type(x) ~= "string" then
    error(("bad argument #1 (string or document expected, got %s)"):format(type(x)), 3)
  end
  return lede.article(x)
end
lede._as_doc = as_doc

-- lede.numbers(text_or_doc [, filter]) -> array of figures
function lede.numbers(x, filter)
  return as_doc(x):numbers(filter)
end

-- lede.dates(text_or_doc [, {date=, dayfirst=}]) -> array of dates
function lede.dates(x, opts)
  return as_doc(x):dates(opts)
end

-- lede.date(s [, ref]) -> the date expressed by s (the first one found),
-- or nil. ref is "YYYY-MM-DD" or an options table {date=, dayfirst=}.
function lede.date(s, ref)
  local opts = type(ref) == "table" and ref or { date = ref }
  local list = lede._dates_in(s, 1, #s, opts)
  return list[1]
end

-- lede.evidence(fig) -> {article=, sentence=, start=, stop=, text=}
-- The source of a figure or date, to store beside it.
function lede.evidence(x)
  local s = x.sentence
  return {
    article = x.article,
    sentence = s and s.text or nil,
    sentence_start = s and s.start or nil,
    start = x.start,
    stop = x.stop,
    text = x.text,
  }
end

-- lede.load(path [, opts]) -> document | nil, message
-- The file is read as lede.inputs reads it (one classifier: a text, a web
-- page, the first article of a JSONL/JSON/CSV file, gzipped or not).
function lede.load(path, opts)
  assert(type(path) == "string", "lede.load: path must be a string")
  local first_err
  local o = { on_error = function(msg) first_err = first_err or msg end,
              on_warning = function() end }
  for k, v in pairs(opts or {}) do o[k] = v end
  for doc in lede.inputs({ path }, o) do return doc end
  return nil, first_err or (path .. ": no article in it")
end

return lede
