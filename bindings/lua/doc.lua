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

-- Fields computed from the article structure on first access.
local structural = {
  headline = true, dateline = true, byline = true, date = true,
  date_source = true,
}

local function structure(doc)
  local a = rawget(doc, "_article")
  if not a then
    a = lede._article(doc.text)
    rawset(doc, "_article", a)
    -- metadata (a JSONL `date`, or meta.date) outranks what the text says
    local meta_date = rawget(doc, "_meta_date")
    if meta_date then
      a.date, a.date_source = meta_date, "metadata"
    end
    -- an undated article: the dateline's day in the year given (--year),
    -- else the date given (--date)
    local year = rawget(doc, "_year")
    if not a.date and year and a.dateline then
      local ds = lede._dates_in(doc.text, a.dateline.start, a.dateline.stop,
                                { date = ("%04d-07-02"):format(year) })
      for _, d in ipairs(ds) do
        if d.grain == "day" and d.value:match("^%d%d%d%d%-%d%d%-%d%d$") then
          a.date, a.date_source = d.value, "dateline+year"
          break
        end
      end
    end
    local default = rawget(doc, "_default_date")
    if not a.date and default then
      a.date, a.date_source = default, "default"
    end
    -- a title given with the text (a JSONL "title") is the headline when
    -- the text has none; it is not part of the text, so it has no span
    local title = rawget(doc, "title")
    if not a.headline and type(title) == "string" and title:find("%S") then
      a.headline = { text = title, source = "metadata" }
    end
  end
  return a
end

local methods = {}

Document.__index = function(doc, key)
  local m = methods[key]
  if m then return m end
  if structural[key] then return structure(doc)[key] end
  return nil
end

Document.__tostring = function(doc)
  local h = doc.headline
  return ("Document %s%s (%d bytes)"):format(
    doc.id and (tostring(doc.id) .. ": ") or "",
    h and ("%q"):format(h.text) or "(no headline)", #doc.text)
end

-- The paragraphs: {start, stop, role, text}.
function methods.paragraphs(doc)
  return structure(doc).paragraphs
end

function methods.captions(doc)
  return structure(doc).captions
end

function methods.boilerplate(doc)
  return structure(doc).boilerplate
end

function methods.tokens(doc, opts)
  return lede.tokens(doc.text, opts)
end

-- Every sentence of the text, in order (the plain splitter), cached.
local function all_sentences(doc)
  local list = rawget(doc, "_all_sentences")
  if not list then
    list = {}
    for s in lede.sentences(doc.text) do list[#list + 1] = s end
    rawset(doc, "_all_sentences", list)
  end
  return list
end

-- Which roles each view keeps.
local body_roles = { body = true, dateline = true }
local figure_roles = { body = true, dateline = true, headline = true }

-- Whether any paragraph is body text. A text without one (a sentence
-- given alone, a few lines of copy) is all body: chrome and captions are
-- only told apart from a body that exists.
local function has_body(paras)
  for _, p in ipairs(paras) do
    if body_roles[p.role] then return true end
  end
  return false
end

-- Sentences whose start lies in a paragraph with one of `roles`.
local function sentences_in(doc, roles, cache_key)
  local list = rawget(doc, cache_key)
  if list then return list end
  local paras = structure(doc).paragraphs
  if not has_body(paras) then
    list = all_sentences(doc)
    rawset(doc, cache_key, list)
    return list
  end
  list = {}
  local p = 1
  for _, s in ipairs(all_sentences(doc)) do
    while paras[p] and paras[p].stop < s.start do p = p + 1 end
    local para = paras[p]
    if para and para.start <= s.start and roles[para.role] then
      list[#list + 1] = s
    end
  end
  rawset(doc, cache_key, list)
  return list
end

-- doc:sentences([opts]) -> array of sentences: the body by default (the
-- dateline's paragraph included); {headline=true} adds the headline,
-- {all=true} gives every sentence of the text (captions, chrome).
function methods.sentences(doc, opts)
  if opts and opts.all then return all_sentences(doc) end
  if opts and opts.headline then
    return sentences_in(doc, figure_roles, "_fact_sentences")
  end
  return sentences_in(doc, body_roles, "_body_sentences")
end

-- The reference date for relative expressions: opts.date, else doc.date.
local function reference(doc, opts)
  return (opts and opts.date) or doc.date
end

-- Dates of one sentence, cached per reference date.
local function sentence_dates(doc, s, opts)
  local ref = reference(doc, opts)
  local dayfirst = opts and opts.dayfirst or false
  local key = (ref or "") .. (dayfirst and "/d" or "")
  local cache = rawget(doc, "_dates_cache")
  if not cache or cache.key ~= key then
    cache = { key = key }
    rawset(doc, "_dates_cache", cache)
  end
  if cache[s] then return cache[s] end
  local list = lede._dates_in(doc.text, s.start, s.stop,
                              { date = ref, dayfirst = dayfirst })
  for _, d in ipairs(list) do
    d.sentence = s
    d.article = doc.id
  end
  cache[s] = list
  return list
end

-- Sentences that carry facts: headline and body unless opts.all.
local function fact_sentences(doc, opts)
  if opts and opts.all then return all_sentences(doc) end
  return sentences_in(doc, figure_roles, "_fact_sentences")
end

-- doc:dates([{date=, dayfirst=, all=}]) -> array of dates
function methods.dates(doc, opts)
  local out = {}
  for _, s in ipairs(fact_sentences(doc, opts)) do
    for _, d in ipairs(sentence_dates(doc, s, opts)) do out[#out + 1] = d end
  end
  return out
end

local function matches(fig, filter)
  if not filter then return true end
  for k, v in pairs(filter) do
    if k ~= "all" and k ~= "date" and k ~= "dayfirst" and fig[k] ~= v then
      return false
    end
  end
  return true
end

-- doc:numbers([filter]) -> array of figures; filter fields must equal
-- (kind="money", head="drones", unit="EUR"); {all=true} adds captions
-- and chrome.
function methods.numbers(doc, filter)
  local out = {}
  local cache = rawget(doc, "_figures_cache")
  if not cache then
    cache = {}
    rawset(doc, "_figures_cache", cache)
  end
  for _, s in ipairs(fact_sentences(doc, filter)) do
    local figs = cache[s]
    if not figs then
      local skip = {}
      for i, d in ipairs(sentence_dates(doc, s, filter)) do
        skip[i] = { d.start, d.stop }
      end
      figs = lede._numbers_in(doc.text, s.start, s.stop, skip)
      for _, f in ipairs(figs) do
        f.sentence = s
        f.article = doc.id
        if f.of then f.whole = figs[f.of] end
      end
      cache[s] = figs
    end
    for _, f in ipairs(figs) do
      if matches(f, filter) then out[#out + 1] = f end
    end
  end
  return out
end
methods.figures = methods.numbers

-- lede.article(text [, meta]) -> document
function lede.article(text, meta)
  assert(type(text) == "string", "lede.article: text must be a string")
  local doc = { text = text }
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
  assert(type(x) == "string", "expected a string or a document")
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
function lede.load(path, opts)
  local text, err = lede.read(path, opts)
  if not text then return nil, err end
  return lede.article(text, { id = path, path = path })
end

return lede
