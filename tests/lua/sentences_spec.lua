-- sentences_spec.lua -- lede.sentences, lede.sentence_spans and
-- lede.abbreviations through the Lua module, and our own golden file of
-- journalism cases (tests/data/sentences_golden.jsonl), which always runs.
local lede = require "lede"
local support = require "support"

local function fold(s)
  return (s:gsub("%s+", " "):gsub("^ ", ""):gsub(" $", ""))
end

local function texts(text, opts)
  local out = {}
  for s in lede.sentences(text, opts) do out[#out + 1] = s.text end
  return out
end

describe("sentences golden file", function()
  local rows = support.jsonl("tests/data/sentences_golden.jsonl")
  it("has at least 80 cases", function()
    assert.is_true(#rows >= 80)
  end)
  for _, r in ipairs(rows) do
    it(("#%d %s"):format(r.id, r.name), function()
      local got = {}
      for s in lede.sentences(r.text) do
        assert.equals(s.text, r.text:sub(s.start, s.stop))
        got[#got + 1] = fold(s.text)
      end
      local want = {}
      for i, w in ipairs(r.sentences) do want[i] = fold(w) end
      assert.same(want, got)
    end)
  end
end)

describe("lede.sentences", function()
  local text = "Gen. Ann Lee arrived. She spoke briefly.\n\nThe talks end Friday."

  it("yields sentence tables with 1-based inclusive spans", function()
    local all = {}
    for s in lede.sentences(text) do all[#all + 1] = s end
    assert.equals(3, #all)
    assert.same({ 1, 21, 1, 1 }, { all[1].start, all[1].stop, all[1].index, all[1].paragraph })
    assert.equals("Gen. Ann Lee arrived.", all[1].text)
    assert.equals("She spoke briefly.", all[2].text)
    assert.equals(2, all[2].index)
    assert.equals(2, all[3].paragraph)
    assert.equals(3, all[3].index)
    for _, s in ipairs(all) do assert.equals(s.text, text:sub(s.start, s.stop)) end
  end)

  it("gives sentences a metatable with __tostring", function()
    local s = lede.sentences("One here. Two there.")()
    assert.equals("lede.Sentence", getmetatable(s).__name)
    assert.matches("One here%.", tostring(s))
    assert.matches("^sentence 1", tostring(s))
  end)

  it("accepts a document table", function()
    assert.same({ "A b.", "C d." }, texts({ text = "A b. C d." }))
  end)

  it("has a uax29 mode that follows Unicode", function()
    assert.same({ "Gen.", "Ann Lee arrived." }, texts("Gen. Ann Lee arrived.", { mode = "uax29" }))
    assert.same({ "Gen. Ann Lee arrived." }, texts("Gen. Ann Lee arrived.", { mode = "news" }))
  end)

  it("raises on a bad mode", function()
    assert.has_error(function() lede.sentences("x", { mode = "icu" }) end)
  end)

  it("handles empty and blank text", function()
    assert.same({}, texts(""))
    assert.same({}, texts(" \n\n\t "))
  end)

  it("keeps the original bytes (CRLF, quotes, wrapped lines)", function()
    local t = "He said \"no.\"\r\nThen he\r\nleft."
    local got = texts(t)
    assert.same({ "He said \"no.\"", "Then he\r\nleft." }, got)
  end)

  it("never fails on invalid UTF-8", function()
    local t = "Bad \xff bytes. More \xc3 here."
    local got = texts(t)
    assert.equals(2, #got)
  end)
end)

describe("lede.sentence_spans", function()
  it("returns a flat array of start, stop, paragraph triples", function()
    local t = "One. Two.\n\nThree."
    local spans = lede.sentence_spans(t)
    assert.same({ 1, 4, 1, 6, 9, 1, 12, 17, 2 }, spans)
    assert.equals("Three.", t:sub(spans[7], spans[8]))
  end)
  it("takes the mode option", function()
    assert.equals(6, #lede.sentence_spans("Mr. Lee left.", { mode = "uax29" }))
    assert.equals(3, #lede.sentence_spans("Mr. Lee left."))
  end)
end)

describe("lede.abbreviations", function()
  it("knows the built-in list with classes", function()
    local ok, class = lede.abbreviations.has("Gen.")
    assert.is_true(ok)
    assert.equals("title", class)
    assert.is_true((lede.abbreviations.has("U.S.")))
    assert.is_false(lede.abbreviations.has("Gen"))
  end)
  it("adds house-style abbreviations at run time", function()
    local t = "The order came from Cdre. Ivo Reyes. He confirmed it."
    assert.equals(3, #texts(t))
    assert.is_false(lede.abbreviations.has("Cdre."))
    assert.equals(2, lede.abbreviations.add { "Cdre.", "Sqn.Ldr." })
    assert.same({ "The order came from Cdre. Ivo Reyes.", "He confirmed it." }, texts(t))
    assert.equals(1, lede.abbreviations.add("Brig.Gen.", "title"))
    local _, class = lede.abbreviations.has("Brig.Gen.")
    assert.equals("title", class)
  end)
  it("rejects bad abbreviations and classes", function()
    assert.has_error(function() lede.abbreviations.add("Cmdt") end)
    assert.has_error(function() lede.abbreviations.add("a b.") end)
    assert.has_error(function() lede.abbreviations.add("Xy.", "verb") end)
  end)
end)
