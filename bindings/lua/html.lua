-- html.lua -- web pages as documents.
--
--   local doc = lede.html(src [, meta])   -- meta: id, path, date, url, title
--
-- The page is read by the C reader (bindings/html/: gumbo, the metadata,
-- the article block found in the DOM). doc.text is the article as text;
-- doc.headline, doc.byline, doc.date (doc.date_source "jsonld", "meta" or
-- "time" when the metadata gave it), doc.url, doc.site, doc.authors and
-- the paragraph roles come from the page. doc:paragraphs() carry
-- src_start/src_stop, the bytes of the HTML each paragraph was made of.
-- A page in another encoding that declares it (<meta charset>, a BOM) is
-- read as UTF-8 first: doc.charset names what it declared, and
-- src_start/src_stop count bytes of that UTF-8 form.
-- Every stage after that reads doc.text as it reads any article.
local lede = require "lede"

-- Whether text opens like an HTML page (after a BOM, white space and
-- comments).
function lede.is_html(text)
  local head = text:sub(1, 1024):gsub("^\xEF\xBB\xBF", ""):lower()
  repeat
    local before = head
    head = head:gsub("^%s+", ""):gsub("^<!%-%-.-%-%->", "")
  until head == before
  return head:find("^<!doctype%s+html") ~= nil or head:find("^<html[%s>]") ~= nil
    or head:find("^<head[%s>]") ~= nil
end

-- lede.html(src [, meta]) -> document | nil, message
function lede.html(src, meta)
  assert(type(src) == "string", "lede.html: src must be a string")
  local decoded, charset = lede._html_decode(src)
  if not decoded then return nil, charset end
  local text, structure, info = lede._html(decoded)
  if not text then return nil, structure end
  local m = {}
  for k, v in pairs(meta or {}) do m[k] = v end
  m.url = m.url or info.url
  local doc = lede.article(text, m)
  rawset(doc, "_structure", structure)
  local parts = { paragraphs = info.paragraphs }
  if info.authors and not lede._structure_part(structure, "byline") then
    parts.byline = { text = table.concat(info.authors, ", "), names = info.authors }
  end
  if info.date_source then parts.date_source = info.date_source end
  rawset(doc, "_parts", parts)
  rawset(doc, "html", true)
  rawset(doc, "site", info.site)
  rawset(doc, "authors", info.authors)
  rawset(doc, "charset", charset or (meta and meta.charset))
  return doc
end

return lede
