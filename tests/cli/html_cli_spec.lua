-- html_cli_spec.lua -- web pages through the `lede` program: a .html file,
-- HTML on stdin, every verb, the article JSON (paragraph text, the whole
-- text the offsets point into, the page's URL and the bytes each paragraph
-- came from), and bad pages (binary, large).
local support = require "support"

local PAGE = "tests/data/html/news_jsonld.html"

describe("lede article on a web page", function()
  it("gives the structure, the paragraphs' text and the text they point into", function()
    local out, err, code = support.run({ "article", "--format", "json", PAGE })
    assert.equals(0, code, err)
    local a = support.json.decode(out)
    assert.equals("Harbour council approves ferry plan after late-night vote", a.headline.text)
    assert.equals("2024-03-11", a.date)
    assert.equals("jsonld", a.date_source)
    assert.equals("https://courier.example/news/harbour-ferry-plan", a.url)
    local src = support.readfile(PAGE)
    local body = 0
    for _, p in ipairs(a.paragraphs) do
      assert.equals(p.text, a.text:sub(p.start + 1, p["end"]))
      if p.role == "body" then
        body = body + 1
        -- html_start/html_end: the bytes of the page it was made of
        local html = src:sub(p.html_start + 1, p.html_end)
        assert.truthy(html:find(p.text:match("^%w+"), 1, true))
      end
    end
    assert.equals(5, body)  -- four paragraphs and a subheading
  end)

  it("reads a page on stdin, recognised by its opening", function()
    local out, err, code = support.run({ "article", "--format", "json", "-" },
      support.readfile(PAGE))
    assert.equals(0, code, err)
    local a = support.json.decode(out)
    assert.equals("2024-03-11", a.date)
    assert.truthy(a.text:find("electric boats", 1, true))
  end)

  it("runs every verb on the article's text", function()
    local out, err, code = support.run({ "numbers", "--format", "ndjson", PAGE })
    assert.equals(0, code, err)
    local money
    for _, r in ipairs(support.ndjson(out)) do
      if r.kind == "money" then money = r end
    end
    assert.equals(4500000, money.value)
    assert.equals("GBP", money.unit)
    out, err, code = support.run({ "sentences", "--format", "ndjson", PAGE })
    assert.equals(0, code, err)
    local first = support.ndjson(out)[1]
    assert.truthy(first.text:find("^The harbour council approved"))
    out, err, code = support.run({ "dates", "--format", "ndjson", PAGE })
    assert.equals(0, code, err)
    assert.truthy(out:find('"2024-03-11"', 1, true))
    out, err, code = support.run({ "stats", PAGE })
    assert.equals(0, code, err)
    out, err, code = support.run({ "tokens", "--format", "ndjson", PAGE })
    assert.equals(0, code, err)
    assert.falsy(out:find("cookies", 1, true))
  end)

  it("reports a binary file named .html with exit 1", function()
    local path = support.tmpname() .. ".html"
    support.writefile(path, "\137PNG\r\n\26\n\0\0\0\rIHDR\0\0")
    local out, err, code = support.run({ "article", path })
    os.remove(path)
    assert.equals(1, code)
    assert.equals("", out)
    assert.truthy(err:find(path, 1, true))
  end)

  it("reads a page in the encoding it declares, and says which", function()
    local path = support.tmpname() .. ".html"
    support.writefile(path, '<html><head><meta charset="windows-1252"><title>Tolls</title>' ..
      "</head><body><article><h1>Caf\xe9 tolls rise</h1><p>The caf\xe9 owners paid " ..
      "\xa312.50 a week in harbour tolls, up from \xa39 last year.</p></article></body></html>")
    local out, err, code = support.run({ "article", "--format", "json", path })
    assert.equals(0, code, err)
    local a = support.json.decode(out)
    assert.equals("windows-1252", a.charset)
    assert.equals("Café tolls rise", a.headline.text)
    out, err, code = support.run({ "numbers", "--format", "csv", path })
    assert.equals(0, code, err)
    assert.truthy(out:find("£12.50", 1, true))
    out, err, code = support.run({ "article", "--format", "json", "-" }, support.readfile(path))
    assert.equals(0, code, err)
    assert.equals("windows-1252", support.json.decode(out).charset)
    os.remove(path)
  end)

  it("reports a page whose encoding is unknown or undeclared, with exit 1", function()
    local path = support.tmpname() .. ".html"
    support.writefile(path, '<html><head><meta charset="x-martian"></head><body><p>caf\xe9</p></body></html>')
    local out, err, code = support.run({ "article", path })
    assert.equals(1, code)
    assert.equals("", out)
    assert.truthy(err:find('unknown encoding "x-martian"', 1, true))
    support.writefile(path, "<html><head></head><body><p>caf\xe9 prices</p></body></html>")
    out, err, code = support.run({ "article", path })
    assert.equals(1, code)
    assert.truthy(err:find("invalid UTF-8", 1, true))
    out, err, code = support.run({ "article", "--repair", "--format", "json", path })
    assert.equals(0, code, err)
    assert.truthy(support.json.decode(out).text:find("caf\u{FFFD} prices", 1, true))
    os.remove(path)
  end)

  it("reads a page of several megabytes", function()
    local path = support.tmpname() .. ".html"
    local p = ("<p>The council spent &pound;%d.5m on the roads this year, its report said.</p>\n")
    local parts = { "<!doctype html><html><body><article><h1>Roads</h1>" }
    for i = 1, 60000 do parts[#parts + 1] = p:format(i % 90 + 1) end
    parts[#parts + 1] = "</article></body></html>"
    support.writefile(path, table.concat(parts))
    local out, err, code = support.run({ "stats", path })
    os.remove(path)
    assert.equals(0, code, err)
    assert.truthy(out:find("60000", 1, true))
  end)
end)
