-- analyze_spec.lua -- the one analysis call (lede._analyze over
-- lede_analyze) through the document: counts without tables, sentences
-- with roles, a figure filter applied in C, one JSON encoder, one CSV
-- writer, one null.
local lede = require "lede"

local TEXT = table.concat({
  "Drones Hit Kharkiv Overnight",
  "",
  "KYIV, Ukraine (AP) — Russia launched 112 drones and 3 missiles overnight Tuesday, the air force said.",
  "",
  "Air defences shot down 84 of the 112 drones. Damage was put at €1.2 million on Sept. 2, 2025.",
  "",
  "Photo: A damaged building in Kharkiv. (AP Photo/Jane Doe)",
}, "\n")

describe("lede._analyze through the document", function()
  it("counts what lede stats prints, as the item lists count it", function()
    local doc = lede.article(TEXT)
    local c = doc:counts()
    local fresh = lede.article(TEXT)
    local tokens, words, numbers = 0, 0, 0
    for t in lede.tokens(TEXT) do
      tokens = tokens + 1
      if t.kind == "word" then words = words + 1 end
      if t.kind == "number" then numbers = numbers + 1 end
    end
    assert.same({ bytes = #TEXT, tokens = tokens, words = words, numbers = numbers,
      sentences = #fresh:sentences { all = true }, paragraphs = #fresh:paragraphs(),
      figures = #fresh:numbers(), dates = #fresh:dates() }, c)
    assert.is_true(c.figures >= 4)
  end)

  it("lists body sentences, the headline with {headline=true}, all with {all=true}", function()
    local doc = lede.article(TEXT)
    local body, facts, all = doc:sentences(), doc:sentences { headline = true },
      doc:sentences { all = true }
    assert.truthy(body[1].text:find("^KYIV"))
    assert.equals("Drones Hit Kharkiv Overnight", facts[1].text)
    assert.equals(#body + 1, #facts)
    assert.is_true(#all > #facts)        -- the caption too
    assert.equals(all[body[1].index], body[1])   -- the same tables
  end)

  it("gives each figure its sentence table and its whole", function()
    local doc = lede.article(TEXT)
    local figs = doc:numbers { head = "drones", value = 84 }
    assert.equals(1, #figs)
    local f = figs[1]
    assert.equals(112, f.whole.value)
    assert.equals(doc:sentences()[f.sentence.index - doc:sentences()[1].index + 1], f.sentence)
    assert.equals(TEXT:sub(f.start, f.stop), f.text)
  end)

  it("streams a sentence of any length, each part with its whole", function()
    -- one sentence of 900 parts-of-wholes ("3 of 10") crosses the window
    -- in which waiting figures are emitted, at every offset
    local parts = {}
    for i = 1, 900 do parts[i] = ("%d of %d boats"):format(i % 7 + 1, i % 7 + 20) end
    local doc = lede.article("Crews counted " .. table.concat(parts, ", ") .. " in the harbour.")
    local seen, prev = {}, nil
    doc:_each("numbers", {}, function(f)
      seen[#seen + 1] = f
      if prev and prev.whole then assert.equals(prev.whole, f) end  -- the same table
      prev = f
    end)
    assert.equals(1800, #seen)
    for i = 1, 1800, 2 do
      local k = (i + 1) // 2
      assert.equals(k % 7 + 1, seen[i].value)
      assert.equals(k % 7 + 20, seen[i].whole.value)
      assert.is_nil(seen[i + 1].whole)
    end
    local list = doc:numbers()
    assert.equals(1800, #list)
    assert.equals(list[2], list[1].whole)
    assert.equals(list[1800], list[1799].whole)
  end)

  it("holds no table of a long sentence's figures while it streams them", function()
    local doc = lede.article("Tallies: " .. ("4,5,"):rep(30000) .. "and 6.")
    local n, kb = 0, {}
    doc:_each("numbers", {}, function()
      n = n + 1
      if n == 1000 or n == 59000 then
        collectgarbage()
        kb[#kb + 1] = collectgarbage("count")
      end
    end)
    assert.is_true(n >= 59000)
    assert.is_true(kb[2] - kb[1] < 1024, ("grew %.0f KB"):format(kb[2] - kb[1]))
  end)

  it("filters in C exactly as comparing the fields would", function()
    local doc = lede.article(TEXT)
    local all = lede.article(TEXT):numbers()
    for _, filter in ipairs {
      { kind = "money" }, { unit = "EUR" }, { head = "drones" }, { kind = "number", value = 3 },
      { kind = "nothing" }, { value = 112 }, { max = 1 }, { kind = "money", all = true },
    } do
      local want = {}
      for _, f in ipairs(all) do
        local ok = true
        for k, v in pairs(filter) do
          if k ~= "all" and f[k] ~= v then ok = false end
        end
        if ok then want[#want + 1] = f.text .. "@" .. f.start end
      end
      local got = {}
      for _, f in ipairs(lede.article(TEXT):numbers(filter)) do got[#got + 1] = f.text .. "@" .. f.start end
      assert.same(want, got)
    end
    -- a field the C filter does not know is compared in Lua
    assert.equals(1, #doc:numbers { text = "€1.2 million" })
  end)

  it("resolves dates against meta.date, then the text's own date", function()
    local doc = lede.article(TEXT, { date = "2025-09-03" })
    local d = doc:dates()[1]
    assert.equals("overnight Tuesday", d.text)
    assert.equals("2025-09-02", d.value)
    assert.equals(d.sentence, doc:sentences()[1])
  end)

  it("does not count a date's digits as figures", function()
    for _, f in ipairs(lede.article(TEXT):numbers()) do
      assert.is_nil(f.text:find("2025"))
    end
  end)

  it("raises on a bad reference date and a bad scope", function()
    assert.has_error(function() lede.article(TEXT):dates { date = "2025-13-01" } end)
    assert.has_error(function() lede._analyze(TEXT, nil, "numbers", { scope = "nope" }) end)
  end)

  it("keeps the caches of a bounded number of documents", function()
    local docs = {}
    for i = 1, 600 do
      docs[i] = lede.article(("Story %d. It cost $%d million.\n"):format(i, i))
      assert.equals(i, docs[i]:numbers { kind = "money" }[1].value / 1e6)
    end
    assert.is_nil(rawget(docs[1], "_structure"))      -- dropped: the oldest
    assert.is_not_nil(rawget(docs[600], "_structure"))
    assert.equals(1e6, docs[1]:numbers()[2].value)    -- and made again
  end)

  it("survives empty and odd texts", function()
    for _, t in ipairs { "", "\n\n", "2025", "€", ("9 "):rep(2000), "\xff\xfe" } do
      local c = lede.article(t):counts()
      assert.equals(#t, c.bytes)
    end
  end)
end)

describe("one JSON encoder, one CSV writer, one null", function()
  it("encodes values as the CLI and lede.db write them", function()
    assert.equals('{"a":[1,2.5,null],"b":"x\\ny\\"","c":true}',
      lede.json { a = { 1, 2.5, lede.null }, b = 'x\ny"', c = true })
    assert.equals("[]", lede.json {})
    assert.equals("0.3333333333333333", lede.json(1 / 3))
    assert.equals("7", lede.json(7.0))
    assert.equals("null", lede.json(0 / 0))
    assert.equals('"\\u0001\\b"', lede.json("\1\b"))
  end)

  it("keeps the order of an ordered record", function()
    local out = require "lede.output"
    assert.equals('{"z":1,"a":[]}', out.encode(out.ordered { "z", 1, "a", out.array({}) }))
    assert.equals('{"text":"t","start":0}', lede._json_record({ "text", "start", "end" },
      { text = "t", start = 0 }))
  end)

  it("writes CSV lines with quoting, empty nulls and the shortest numbers", function()
    assert.equals('"a,b",2,,"say ""hi""",0.1', lede.csv { "a,b", 2, lede.null, 'say "hi"', 0.1 })
    assert.equals("1,,x", lede.csv({ a = 1, c = "x" }, { "a", "b", "c" }))
  end)

  it("has one null", function()
    assert.equals(lede.null, require("lede.output").null)
  end)

  it("raises for a value nested too deep", function()
    local t = {}
    for _ = 1, 200 do t = { t } end
    assert.has_error(function() lede.json(t) end)
  end)
end)

-- A text file read into one block (lede._read_text), the way lede.inputs
-- reads a plain-text file: held once, a Lua string made only on doc.text.
describe("a text file read as one block", function()
  local function write(bytes)
    local path = os.tmpname()
    local f = assert(io.open(path, "wb"))
    f:write(bytes)
    f:close()
    return path
  end

  local function figures(doc)
    local out = {}
    for _, f in ipairs(doc:numbers()) do
      out[#out + 1] = ("%s|%d|%d|%s"):format(f.text, f.start, f.stop, f.sentence.text)
    end
    return out
  end

  it("gives the file's bytes, and the same document as the string", function()
    local path = write(TEXT)
    local t = assert(lede._read_text(path))
    os.remove(path)
    assert.is_true(lede._is_text(t))
    assert.is_false(lede._is_text(TEXT))
    assert.equals(#TEXT, #t)
    assert.equals(TEXT, tostring(t))
    local doc, ref = lede.article(t), lede.article(TEXT)
    assert.same(ref:counts(), doc:counts())
    assert.same(figures(ref), figures(doc))
    assert.same(ref.headline, doc.headline)
    assert.same(ref:dates(), doc:dates())
    assert.is_nil(rawget(doc, "text"))          -- no string made so far
    assert.equals(TEXT, doc.text)               -- made when asked for
    assert.equals(TEXT, rawget(doc, "text"))
    assert.is_nil(rawget(doc, "_src"))
    assert.same(ref:sentences { all = true }, doc:sentences { all = true })
  end)

  it("drops a BOM, and reports or repairs bad UTF-8 as lede.read does", function()
    local path = write("\xEF\xBB\xBF" .. TEXT)
    local t = assert(lede._read_text(path))
    os.remove(path)
    assert.equals(TEXT, tostring(t))
    path = write("Costs rose 5\xFF% in May.")
    local ok, msg, pos = lede._read_text(path)
    assert.is_nil(ok)
    assert.same({ lede.read(path) }, { ok, msg, pos })
    local fixed, count = lede._read_text(path, { repair = true })
    assert.same({ lede.read(path, { repair = true }) }, { fixed, count })
    os.remove(path)
    assert.same({ nil, "/nonexistent/x.txt: No such file or directory" },
      { lede._read_text("/nonexistent/x.txt") })
  end)

  it("is what lede.inputs gives a document of a .txt file", function()
    local path = write(TEXT)
    local txt = path .. ".txt"
    os.rename(path, txt)
    local n = 0
    for doc in lede.inputs({ txt }) do
      n = n + 1
      assert.is_true(lede._is_text(rawget(doc, "_src")))
      assert.equals(#TEXT, doc:counts().bytes)
      assert.same(figures(lede.article(TEXT)), figures(doc))
      assert.is_nil(rawget(doc, "text"))
      assert.equals(TEXT, doc.text)
    end
    os.remove(txt)
    assert.equals(1, n)
  end)

  it("of an empty file is the empty string", function()
    local path = write("")
    assert.equals("", lede._read_text(path))
    os.remove(path)
  end)
end)
