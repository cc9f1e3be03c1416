-- html_spec.lua -- web pages through the Lua module: lede.html, HTML in
-- lede.inputs, the metadata (JSON-LD, OpenGraph, <time>), the article
-- block found in the DOM with its chrome left out (menus, share bars,
-- teaser lists, comments, newsletter forms, cookie notices, footers), the
-- map back to the page's bytes, and bad pages. The pages in
-- tests/data/html are written for these tests.
local lede = require "lede"
local support = require "support"

local DIR = "tests/data/html/"

local function page(name)
  local src = assert(lede.read(DIR .. name))
  return assert(lede.html(src, { id = name })), src
end

-- The text of the paragraphs with one of the roles, joined.
local function text_of(doc, roles)
  local out = {}
  for _, p in ipairs(doc:paragraphs()) do
    if roles[p.role] then out[#out + 1] = p.text end
  end
  return table.concat(out, "\n")
end
local BODY = { body = true, dateline = true }

describe("lede.html", function()
  describe("a news page with JSON-LD", function()
    local doc, src = page("news_jsonld.html")

    it("takes the headline the page prints, not an SEO or social title", function()
      -- the JSON-LD headline and og:title are never printed on the page
      assert.equals("Harbour council approves ferry plan after late-night vote",
        doc.headline.text)
    end)

    it("dates the article from JSON-LD, as the day the page prints", function()
      -- datePublished 2024-03-12T01:30Z; the page prints March 11, 9:30 PM
      assert.equals("2024-03-11", doc.date)
      assert.equals("jsonld", doc.date_source)
    end)

    it("gives the authors, the canonical URL and the site", function()
      assert.same({ "Mira Okafor", "Tom Reyes" }, doc.authors)
      assert.same({ "Mira Okafor", "Tom Reyes" }, doc.byline.names)
      assert.equals("https://courier.example/news/harbour-ferry-plan", doc.url)
      assert.equals("The Riverside Courier", doc.site)
    end)

    it("keeps the article's paragraphs and subheading as body", function()
      local body = text_of(doc, BODY)
      assert.truthy(body:find("approved a new ferry service late on Monday", 1, true))
      assert.truthy(body:find("Objections from residents", 1, true))
      assert.truthy(body:find("first boats should sail within eighteen months", 1, true))
    end)

    it("leaves out menus, share bars, teasers, comments, forms, notices, footers", function()
      local all = doc.text
      for _, chrome in ipairs { "Contact us", "Share on Facebook", "Related stories",
          "Bridge repairs delayed", "harbourwatcher says", "Reply", "morning briefing",
          "cookies", "All rights reserved", "The Riverside Courier" } do
        assert.falsy(text_of(doc, BODY):find(chrome, 1, true), chrome)
        assert.falsy(all:find(chrome, 1, true) and
          text_of(doc, BODY):find(chrome, 1, true), chrome)
      end
    end)

    it("drops scripts, styles and hidden elements", function()
      assert.falsy(doc.text:find("not text", 1, true))
      assert.falsy(doc.text:find("display", 1, true))
      assert.falsy(doc.text:find("Hidden text", 1, true))
    end)

    it("keeps a figcaption as a caption", function()
      local caps = doc:captions()
      assert.equals(1, #caps)
      assert.truthy(caps[1].text:find("^A ferry of the kind"))
      assert.falsy(text_of(doc, BODY):find("boatyard", 1, true))
    end)

    it("decodes entities, so figures read as figures", function()
      local money = doc:numbers { kind = "money" }
      assert.equals(1, #money)
      assert.equals(4500000, money[1].value)
      assert.equals("GBP", money[1].unit)
      assert.equals("£4.5m", money[1].text)
    end)

    it("maps each paragraph back to its bytes in the page", function()
      local n = 0
      for _, p in ipairs(doc:paragraphs()) do
        if p.src_start then
          n = n + 1
          local html = src:sub(p.src_start, p.src_stop)
          local first = p.text:match("^[%w]+")
          assert.truthy(html:find(first, 1, true), p.text)
          assert.equals(p.text, doc.text:sub(p.start, p.stop))
        end
      end
      assert.truthy(n >= 5)
    end)

    it("reads relative dates against the page's date", function()
      local d = doc:dates()
      local monday
      for _, x in ipairs(d) do if x.text == "Monday" then monday = x end end
      assert.truthy(monday)
      assert.equals("2024-03-11", monday.value)
    end)
  end)

  describe("a blog page with OpenGraph and a <time>", function()
    local doc = page("blog_og.html")

    it("takes og:title as the headline when the page prints it", function()
      assert.equals("Notes from the allotment", doc.headline.text)
    end)

    it("ignores a placeholder date and takes the article's <time>", function()
      assert.equals("2023-06-04", doc.date)
      assert.equals("time", doc.date_source)
    end)

    it("finds the body by text density and leaves the sidebar teasers out", function()
      local body = text_of(doc, BODY)
      assert.truthy(body:find("The beans went in three weeks late", 1, true))
      assert.truthy(body:find("20% of the lettuce", 1, true))
      assert.falsy(body:find("cold frame", 1, true))
      assert.falsy(body:find("Compost myths", 1, true))
      assert.falsy(body:find("Tags", 1, true))
      assert.falsy(body:find("Powered by", 1, true))
    end)

    it("takes the author from the meta tags", function()
      assert.same({ "Ann Lindqvist" }, doc.authors)
      assert.equals("https://greenthumbs.example/2023/allotment-notes", doc.url)
    end)
  end)

  describe("a page with a <time> only", function()
    local doc = page("time_only.html")
    it("takes the day the page prints for a stamp just past midnight UTC", function()
      assert.equals("2022-10-04", doc.date)
      assert.equals("time", doc.date_source)
      assert.equals("Rail strike called off after overnight talks", doc.headline.text)
    end)
    it("takes the headline side of a \"Section | Headline\" title", function()
      -- og:title is "Transport | Rail strike ..."; "Transport" is printed too
      assert.equals("Rail strike called off after overnight talks", doc.headline.text)
      local _, _, info = lede._html(assert(lede.read(DIR .. "time_only.html")))
      assert.equals("og", info.headline_source)
    end)
    it("does not take the masthead as the headline or body", function()
      assert.falsy(text_of(doc, BODY):find("Valley Evening Post", 1, true))
      local n = 0
      for _, p in ipairs(doc:paragraphs()) do n = n + (p.role == "body" and 1 or 0) end
      assert.equals(2, n)
    end)
  end)

  describe("bad pages", function()
    it("refuses bytes that are not text", function()
      local doc, err = lede.html("<html>\0\1\2</html>")
      assert.is_nil(doc)
      assert.truthy(err:find("NUL", 1, true))
    end)

    it("gives an empty article for a page without a body", function()
      local doc = assert(lede.html("<!doctype html><html><head><title>T</title></head></html>"))
      assert.equals("", text_of(doc, BODY))
      assert.equals("T", doc.headline.text)
    end)

    it("reads malformed HTML the way a browser does", function()
      local doc = assert(lede.html("<p>Unclosed <b>bold <i>and <table><tr><td>cell" ..
        "<p>More &amp &pound &#xZZ; text<script>var x = '</p>'</scr"))
      assert.truthy(doc.text:find("Unclosed bold and", 1, true))
      assert.truthy(doc.text:find("More & £", 1, true))
      assert.falsy(doc.text:find("var x", 1, true))
    end)

    it("refuses a page nested deeper than any real page, quickly", function()
      local t = os.clock()
      local doc, err = lede.html(("<div>"):rep(100000) .. "x" .. ("</div>"):rep(100000))
      assert.is_nil(doc)
      assert.truthy(err:find("nested too deeply", 1, true))
      assert.truthy(os.clock() - t < 2)
    end)

    it("reads past malformed JSON-LD at once (a stray } in an array)", function()
      local t = os.clock()
      local doc = assert(lede.html('<html><head><script type="application/ld+json">' ..
        '{"@graph":[}{"@type":"NewsArticle","headline":"Cranes back"}]}</script>' ..
        "<title>Cranes back at work</title></head><body><article><h1>Cranes back at work</h1>" ..
        "<p>The port reopened its north quay on Monday after a week of repairs.</p>" ..
        "</article></body></html>"))
      assert.equals("Cranes back at work", doc.headline.text)
      assert.truthy(os.clock() - t < 2)
    end)

    it("is not fooled by plain text or JSON", function()
      assert.is_true(lede.is_html("\xEF\xBB\xBF  <!-- saved --><!DOCTYPE html><html>"))
      assert.is_true(lede.is_html("<html lang=en><p>x"))
      assert.is_false(lede.is_html("The <b> tag is bold."))
      assert.is_false(lede.is_html('{"text": "<html>"}'))
    end)
  end)
end)

-- A page in a legacy encoding: `body` holds the bytes as that encoding
-- writes them, `head` the declaration.
local function legacy(head, body)
  return "<!doctype html><html><head>" .. head .. "</head><body><article>" ..
    "<h1>Harbour tolls</h1>" .. body .. "</article></body></html>"
end

describe("lede.html in other encodings", function()
  it("reads a windows-1252 page that says so in <meta charset>", function()
    local doc = assert(lede.html(legacy('<meta charset="windows-1252">',
      "<p>The caf\xe9 on the quay paid \xa34.50 a day and \x80 2 in fees, the " ..
      "owner said on Monday after the council\x92s vote.</p>")))
    assert.equals("windows-1252", doc.charset)
    assert.truthy(doc.text:find("café on the quay paid £4.50", 1, true))
    assert.truthy(doc.text:find("€ 2", 1, true))
    assert.truthy(doc.text:find("council’s vote", 1, true))
    local money = doc:numbers { kind = "money" }
    assert.equals(2, #money)
    assert.equals("GBP", money[1].unit)
    assert.equals(4.5, money[1].value)
  end)

  it("reads the labels browsers read: latin1 in http-equiv is windows-1252", function()
    local doc = assert(lede.html(legacy(
      '<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">',
      "<p>Tolls rose to \x8020 for a car, the port authority said.</p>")))
    assert.equals("iso-8859-1", doc.charset)
    assert.truthy(doc.text:find("€20", 1, true))
  end)

  it("reads windows-1251 and an XML declaration's encoding", function()
    local cyr = "\xcc\xee\xf1\xea\xe2\xe0"   -- Москва
    local doc = assert(lede.html('<?xml version="1.0" encoding="windows-1251"?>' ..
      legacy("", "<p>" .. cyr .. " said the ferry would run all winter.</p>")))
    assert.equals("windows-1251", doc.charset)
    assert.truthy(doc.text:find("Москва said", 1, true))
  end)

  it("reads a UTF-16 page by its byte order mark", function()
    local page8 = legacy("", "<p>The fare is £3 for a foot passenger, the operator said.</p>")
    local u16 = { "\xFF\xFE" }
    for _, c in utf8.codes(page8) do
      u16[#u16 + 1] = string.pack("<I2", c)
    end
    local doc = assert(lede.html(table.concat(u16)))
    assert.equals("utf-16le", doc.charset)
    assert.truthy(doc.text:find("The fare is £3", 1, true))
  end)

  it("keeps UTF-8 that a wrong declaration calls latin1", function()
    local doc = assert(lede.html(legacy('<meta charset="iso-8859-1">',
      "<p>The café paid £4 a day, the owner said.</p>")))
    assert.is_nil(doc.charset)
    assert.truthy(doc.text:find("café paid £4", 1, true))
  end)

  it("maps the paragraphs to the page as read in UTF-8", function()
    local src = legacy('<meta charset="windows-1252">',
      "<p>Caf\xe9 owners met the harbour master on Friday to discuss tolls.</p>")
    local doc = assert(lede.html(src))
    local utf8src = assert(lede._html_decode(src))
    for _, p in ipairs(doc:paragraphs()) do
      if p.role == "body" then
        assert.truthy(utf8src:sub(p.src_start, p.src_stop):find(p.text, 1, true))
      end
    end
  end)

  it("replaces bytes the encoding does not define, and refuses an unknown one", function()
    local doc = assert(lede.html(legacy('<meta charset="windows-1252">',
      "<p>A stray \x81 byte sits in this sentence about tolls.</p>")))
    assert.truthy(doc.text:find("stray \u{FFFD} byte", 1, true))
    local none, err = lede.html(legacy('<meta charset="x-no-such-code">', "<p>caf\xe9</p>"))
    assert.is_nil(none)
    assert.truthy(err:find('unknown encoding "x-no-such-code"', 1, true))
  end)
end)

describe("lede.load", function()
  it("reads a .html file as a web page", function()
    local doc = assert(lede.load(DIR .. "blog_og.html"))
    assert.is_true(doc.html)
    assert.equals("2023-06-04", doc.date)
  end)
end)

describe("HTML in lede.inputs", function()
  it("reads .html and .htm files in a folder as pages", function()
    local dir = support.tmpdir()
    support.writefile(dir .. "/a.html", support.readfile(DIR .. "news_jsonld.html"))
    support.writefile(dir .. "/b.htm", support.readfile(DIR .. "time_only.html"))
    support.writefile(dir .. "/c.txt", "Plain text article.\n")
    local docs = {}
    for doc in lede.inputs(dir, { on_warning = function() end }) do
      docs[doc.id:match("[^/]+$")] = doc
    end
    support.rmdir(dir)
    assert.is_true(docs["a.html"].html)
    assert.equals("2024-03-11", docs["a.html"].date)
    assert.is_true(docs["b.htm"].html)
    assert.is_nil(docs["c.txt"].html)
  end)

  it("reads the html field of a JSONL record as a page", function()
    local path = support.tmpname() .. ".jsonl"
    support.writefile(path, support.json.encode {
      id = "p1", html = support.readfile(DIR .. "time_only.html") } .. "\n")
    local got
    for doc in lede.inputs(path) do got = doc end
    os.remove(path)
    assert.equals("p1", got.id)
    assert.equals("Rail strike called off after overnight talks", got.headline.text)
  end)

  it("reports a binary file named .html and goes on", function()
    local dir = support.tmpdir()
    support.writefile(dir .. "/bad.html", "\0\255\254binary\0")
    support.writefile(dir .. "/good.html", support.readfile(DIR .. "blog_og.html"))
    local errors, n = {}, 0
    for _ in lede.inputs(dir, { on_error = function(m) errors[#errors + 1] = m end }) do
      n = n + 1
    end
    support.rmdir(dir)
    assert.equals(1, n)
    assert.equals(1, #errors)
    assert.truthy(errors[1]:find("bad.html", 1, true))
  end)
end)
