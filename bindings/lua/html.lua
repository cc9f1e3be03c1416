-- html.lua -- web pages as documents.
--
--   local doc = lede.html(src [, meta])   -- meta: id, path, date, url, title
--
-- The page is read by the C reader (bindings/html/: gumbo, metadata, the
-- article block found in the DOM); doc.text is the article as text, and
-- doc.headline, doc.byline, doc.date (with doc.date_source "jsonld",
-- "meta" or "time"), doc.url and the paragraph roles come from the page,
-- not from the text. doc:paragraphs() carry src_start/src_stop, the bytes
-- of the HTML each paragraph was made of. Every stage after that reads
-- doc.text as it reads any article.
local lede = require "lede"

-- Whether text opens like an HTML page (after a BOM and white space).
function lede.is_html(text)
  local head = text:sub(1, 512):gsub("^\xEF\xBB\xBF", ""):gsub("^%s+", ""):lower()
  return head:find("^<!doctype%s+html") ~= nil or head:find("^<html[%s>]") ~= nil
    or head:find("^<head[%s>]") ~= nil or head:find("^<!%-%-") ~= nil
      and head:find("<html[%s>]") ~= nil
end

-- The dateline of the first body paragraph ("KYIV, Ukraine (AP) —"), as
-- the text parser finds it there.
local function dateline(a, text)
  for _, p in ipairs(a.paragraphs) do
    if p.role == "body" then
      local sub = lede._article(p.text)
      local d = sub.dateline
      if d and d.start == 1 then
        local shift = p.start - 1
        d.start, d.stop = d.start + shift, d.stop + shift
        d.text = text:sub(d.start, d.stop)
        a.dateline = d
        p.role = "dateline"
      end
      return
    end
  end
end

-- lede.html(src [, meta]) -> document | nil, message
function lede.html(src, meta)
  assert(type(src) == "string", "lede.html: src must be a string")
  local a, err = lede._html(src)
  if not a then return nil, err end
  meta = meta or {}
  local doc = lede.article(a.text, {
    id = meta.id, path = meta.path, title = meta.title,
    url = meta.url or a.url,
  })
  dateline(a, a.text)
  if meta.date then
    local y, m, d = tostring(meta.date):match("^(%d%d%d%d)-(%d%d)-(%d%d)")
    if y then a.date, a.date_source = ("%s-%s-%s"):format(y, m, d), "metadata" end
  end
  if not a.date then
    -- no date in the metadata: a printed date line of the article
    local t = lede._article(a.text)
    if t.date and t.date_source ~= "caption" then
      a.date, a.date_source = t.date, t.date_source
    end
  end
  rawset(doc, "_article", a)
  rawset(doc, "html", true)
  rawset(doc, "site", a.site)
  return doc
end

return lede
