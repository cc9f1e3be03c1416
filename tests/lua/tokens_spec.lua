-- tokens_spec.lua -- the tokenizer through the Lua module (lede.tokens,
-- lede.token_spans), as scripts use it.
local lede = require "lede"
local support = require "support"

local function texts(s, opts)
  local out = {}
  for t in lede.tokens(s, opts) do out[#out + 1] = t.text end
  return out
end

local function kinds(s, opts)
  local out = {}
  for t in lede.tokens(s, opts) do out[t.text] = t.kind end
  return out
end

describe("lede.tokens", function()
  it("gives complete token tables with 1-based inclusive spans", function()
    local s = "Kyiv’s NATO allies pledged €1.1bn."
    local n = 0
    for t in lede.tokens(s) do
      n = n + 1
      assert.equals(t.text, s:sub(t.start, t.stop))
      assert.is_string(t.kind)
      assert.is_boolean(t.capitalized)
      assert.is_boolean(t.allcaps)
      assert.is_boolean(t.digits)
    end
    assert.equals(7, n)
    local first = lede.tokens(s)()
    assert.same({ text = "Kyiv", start = 1, stop = 4, kind = "word",
      capitalized = true, allcaps = false, digits = false },
      setmetatable(first, nil))
  end)

  it("has the lede.Token metatable with a __tostring", function()
    local t = lede.tokens("Hello")()
    assert.equals(getmetatable(t), debug.getregistry()["lede.Token"])
    assert.equals('word "Hello" 1-5', tostring(t))
  end)

  it("applies the news rules by default", function()
    assert.same({ "The", "U.S.", "-", "led", "talks", "ended", "." },
      texts("The U.S. - led talks ended."))
    assert.same({ "U.S.-made", "drones", "hit", "Ukraine", "'s", "war-torn", "east" },
      texts("U.S.-made drones hit Ukraine's war-torn east"))
    assert.same({ "Prices", "rose", "12%", "to", "$5", "and", "US$20", "on", "Sept.", "4" },
      texts("Prices rose 12% to $5 and US$20 on Sept. 4"))
    assert.same({ "about", "1\u{a0}200", "people", "in", "the", "war", "." },
      texts("about 1\u{a0}200 people in the war."))
  end)

  it("names every kind", function()
    local k = kinds("Mail press@example.org, see https://example.com/x, "
      .. "follow @ap #Kyiv 🇺🇦 © 1,250 !")
    assert.equals("word", k.Mail)
    assert.equals("email", k["press@example.org"])
    assert.equals("url", k["https://example.com/x"])
    assert.equals("handle", k["@ap"])
    assert.equals("hashtag", k["#Kyiv"])
    assert.equals("emoji", k["🇺🇦"])
    assert.equals("symbol", k["©"])
    assert.equals("number", k["1,250"])
    assert.equals("punct", k["!"])
  end)

  it("sets the flags", function()
    local t = {}
    for tok in lede.tokens("NATO Kyiv iPhone F-16") do t[tok.text] = tok end
    assert.is_true(t.NATO.allcaps and t.NATO.capitalized)
    assert.is_true(t.Kyiv.capitalized)
    assert.is_false(t.Kyiv.allcaps)
    assert.is_false(t.iPhone.capitalized)
    assert.is_true(t["F-16"].digits)
  end)

  it("has a uax29 mode with Unicode word boundaries", function()
    assert.same({ "The", "U.S", ".", "can't", ",", "$", "5", "." },
      texts("The U.S. can't, $5.", { mode = "uax29" }))
  end)

  it("accepts a document table", function()
    local doc = { text = "Two words", id = "x" }
    assert.same({ "Two", "words" }, texts(doc))
  end)

  it("keeps the text alive after the caller drops it", function()
    local it = lede.tokens(string.rep("alpha beta ", 3) .. "gamma")
    collectgarbage(); collectgarbage()
    local last
    for t in it do last = t end
    assert.equals("gamma", last.text)
  end)

  it("yields nothing for empty text or white space", function()
    assert.same({}, texts(""))
    assert.same({}, texts(" \t\n\u{a0} "))
    assert.same({}, texts("  ", { mode = "uax29" }))
  end)

  it("raises on invalid UTF-8 naming the byte, unless repair is asked", function()
    local ok, err = pcall(lede.tokens, "ab\xffcd")
    assert.is_false(ok)
    assert.matches("invalid UTF%-8 at byte 3", err)
    assert.same({ "ab", "\xff", "cd" }, texts("ab\xffcd", { repair = true }))
    ok, err = pcall(lede.tokens, "a\0b")
    assert.is_false(ok)
    assert.matches("NUL", err)
  end)

  it("rejects a bad mode and a bad argument", function()
    assert.has_error(function() lede.tokens("x", { mode = "nope" }) end)
    assert.has_error(function() lede.tokens(true) end)
    assert.has_error(function() lede.tokens({}) end)
  end)

  it("cuts runs longer than the token limit", function()
    local n = 0
    for t in lede.tokens(string.rep("a", 10000)) do
      n = n + 1
      assert.is_true(t.stop - t.start + 1 <= 4096)
    end
    assert.equals(3, n)
  end)
end)

describe("lede.token_spans", function()
  it("returns start, stop, kind without tables, same tokens", function()
    local s = "Ukraine’s army said 1,250 drones hit Kyiv-based firms."
    local a = {}
    for t in lede.tokens(s) do a[#a + 1] = { t.start, t.stop, t.kind } end
    local b = {}
    for start, stop, kind in lede.token_spans(s) do b[#b + 1] = { start, stop, kind } end
    assert.same(a, b)
    assert.equals(10, #b)
  end)

  it("takes the same options", function()
    local n = 0
    for _, _, kind in lede.token_spans("war-torn", { mode = "uax29" }) do
      n = n + 1
      assert.is_string(kind)
    end
    assert.equals(3, n)
  end)
end)

describe("tokens over the corpus", function()
  it("tokenizes a real article with spans that round-trip", function()
    local path = support.shared("corpus/news.jsonl.gz")
    if not path then
      pending("../shared/corpus is absent")
      return
    end
    local p = io.popen("gzip -dc " .. support.quote(path) .. " | head -n 20")
    local checked = 0
    for line in p:lines() do
      local text = support.json.decode(line).text
      local last = 0
      for t in lede.tokens(text) do
        assert.is_true(t.start > last)
        assert.equals(t.text, text:sub(t.start, t.stop))
        assert.is_nil(t.text:match("^%s+$"))
        last = t.stop
      end
      checked = checked + 1
    end
    p:close()
    assert.equals(20, checked)
  end)
end)
