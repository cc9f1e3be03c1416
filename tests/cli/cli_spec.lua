-- The `lede` program through its front door: verbs, options, exit
-- statuses, inputs, and bad input of every kind.
local S = require "support"

local tmpdir = S.tmpdir

describe("lede program", function()
  it("prints its version", function()
    local out, _, code = S.run { "--version" }
    assert.equals(0, code)
    assert.matches("^lede %d+%.%d+%.%d+\n$", out)
  end)

  it("prints usage with --help and help VERB", function()
    local out, _, code = S.run { "--help" }
    assert.equals(0, code)
    assert.matches("lede tokens", out)
    out, _, code = S.run { "help", "numbers" }
    assert.equals(0, code)
    assert.matches("One record per figure", out)
  end)

  it("rejects unknown verbs and flags with exit 2 and a one-line error", function()
    local out, err, code = S.run { "frobnicate" }
    assert.equals(2, code)
    assert.equals("", out)
    assert.matches("^lede: unknown verb 'frobnicate'\n", err)
    out, err, code = S.run { "tokens", "--bogus" }
    assert.equals(2, code)
    assert.matches("^lede: unknown option %-%-bogus\n", err)
    _, err, code = S.run { "tokens", "--format", "xml" }
    assert.equals(2, code)
    assert.matches("unknown format xml", err)
    _, err, code = S.run { "dates", "--date", "yesterday" }
    assert.equals(2, code)
    assert.matches("YYYY%-MM%-DD", err)
  end)
end)

describe("lede tokens", function()
  it("prints NDJSON with 0-based, end-exclusive offsets", function()
    local text = "Kyiv’s 1,250 drones — €1.1 billion."
    local out, _, code = S.run({ "tokens", "--format", "ndjson", "-" }, text)
    assert.equals(0, code)
    local rows = S.ndjson(out)
    assert.is_true(#rows >= 6)
    for _, r in ipairs(rows) do
      assert.equals(r.text, text:sub(r.start + 1, r["end"]))
    end
    local kinds = {}
    for _, r in ipairs(rows) do kinds[r.text] = r.kind end
    assert.equals("number", kinds["1,250"])
    assert.equals("word", kinds["drones"])
    assert.equals("punct", kinds["—"])
  end)

  it("reads stdin when no input is given, and knows csv, json and text", function()
    local out, _, code = S.run({ "tokens", "--format", "csv" }, "Hello, world.")
    assert.equals(0, code)
    assert.matches("^id,text,start,end,kind", out)
    assert.matches('\n%-,",",5,6,punct', out)
    out = S.run({ "tokens", "--format", "json" }, "Hi.")
    local arr = S.json.decode(out)
    assert.equals(2, #arr)
    out = S.run({ "tokens", "--format", "text" }, "Hi.")
    assert.matches("Hi\n", out)
  end)

  it("adds the input id when several inputs are given", function()
    local d = tmpdir()
    S.writefile(d .. "/a.txt", "One.")
    S.writefile(d .. "/b.txt", "Two.")
    local out, _, code = S.run { "tokens", d .. "/a.txt", d .. "/b.txt" }
    assert.equals(0, code)
    local rows = S.ndjson(out)
    assert.equals(d .. "/a.txt", rows[1].id)
    assert.equals(d .. "/b.txt", rows[#rows].id)
    os.execute("rm -rf " .. S.quote(d))
  end)
end)

describe("inputs", function()
  local d
  before_each(function() d = tmpdir() end)
  after_each(function() os.execute("rm -rf " .. S.quote(d)) end)

  it("reads directories recursively, globs and JSONL", function()
    assert(os.execute("mkdir -p " .. S.quote(d .. "/sub")))
    S.writefile(d .. "/a.txt", "Alpha one.")
    S.writefile(d .. "/sub/b.md", "Beta two.")
    S.writefile(d .. "/skip.bin", "not read")
    S.writefile(d .. "/c.jsonl",
      '{"id":"x1","text":"Gamma three.","date":"2025-09-04"}\n{"id":"x2","text":"Delta."}\n')
    local out, _, code = S.run { "stats", "--format", "ndjson", d }
    assert.equals(0, code)
    local ids = {}
    for _, r in ipairs(S.ndjson(out)) do ids[#ids + 1] = r.id end
    table.sort(ids)
    assert.same({ d .. "/a.txt", d .. "/sub/b.md", "total", "x1", "x2" }, ids)
    out = S.run { "stats", "--format", "ndjson", d .. "/*.txt" }
    assert.equals(1, #S.ndjson(out))
  end)

  it("reports a missing JSONL text field with file and line, keeps going", function()
    S.writefile(d .. "/c.jsonl", '{"id":"ok","text":"Fine."}\n{"id":"bad"}\nnot json\n')
    local out, err, code = S.run { "tokens", d .. "/c.jsonl" }
    assert.equals(1, code)
    assert.matches("c%.jsonl:2: no \"text\" field", err)
    assert.matches("c%.jsonl:3: not a JSON object", err)
    assert.equals(2, #S.ndjson(out))
  end)
end)

describe("bad input", function()
  local d
  before_each(function() d = tmpdir() end)
  after_each(function() os.execute("rm -rf " .. S.quote(d)) end)

  it("names the file and byte offset of invalid UTF-8; others still processed", function()
    S.writefile(d .. "/1good.txt", "Good text.")
    S.writefile(d .. "/2bad.txt", "Bad \xff byte.")
    S.writefile(d .. "/3good.txt", "More text.")
    local out, err, code = S.run { "tokens", d }
    assert.equals(1, code)
    assert.matches("2bad%.txt: invalid UTF%-8 at byte 4", err)
    local ids = {}
    for _, r in ipairs(S.ndjson(out)) do ids[r.id] = true end
    assert.is_true(ids[d .. "/1good.txt"])
    assert.is_true(ids[d .. "/3good.txt"])
  end)

  it("repairs on request", function()
    local out, err, code = S.run({ "tokens", "--repair", "-" }, "Bad \xff byte.")
    assert.equals(0, code, err)
    assert.matches("\u{FFFD}", out)
  end)

  it("reports NUL bytes and binary files", function()
    S.writefile(d .. "/nul.txt", "abc\0def")
    local _, err, code = S.run { "tokens", d .. "/nul.txt" }
    assert.equals(1, code)
    assert.matches("nul%.txt: NUL byte in text at byte 3", err)
    local bin = {}
    for i = 0, 4095 do bin[#bin + 1] = string.char((i * 97 + 13) % 256) end
    S.writefile(d .. "/blob.txt", table.concat(bin))
    _, err, code = S.run { "stats", d .. "/blob.txt" }
    assert.equals(1, code)
    assert.matches("blob%.txt:", err)
  end)

  it("handles an empty file", function()
    S.writefile(d .. "/empty.txt", "")
    local out, _, code = S.run { "tokens", d .. "/empty.txt" }
    assert.equals(0, code)
    assert.equals("", out)
    out, _, code = S.run { "stats", "--format", "ndjson", d .. "/empty.txt" }
    assert.equals(0, code)
    assert.equals(0, S.ndjson(out)[1].tokens)
  end)

  it("reports a missing file and an unreadable one, and goes on", function()
    S.writefile(d .. "/ok.txt", "Fine.")
    assert(os.execute("ln -s /nonexistent/target " .. S.quote(d .. "/dangling.txt")))
    local out, err, code = S.run { "tokens", d .. "/nope.txt", d }
    assert.equals(1, code)
    assert.matches("nope%.txt: No such file", err)
    assert.matches("dangling%.txt: No such file", err)
    assert.equals(2, #S.ndjson(out))
  end)

  it("takes a 50 MB single line without trouble", function()
    local path = d .. "/huge.txt"
    local f = assert(io.open(path, "wb"))
    local chunk = ("the quick brown fox jumps over the lazy dog "):rep(4000)
    for _ = 1, math.ceil(50e6 / #chunk) do f:write(chunk) end
    f:close()
    local out, err, code = S.run { "stats", "--format", "ndjson", path }
    assert.equals(0, code, err)
    local r = S.ndjson(out)[1]
    assert.is_true(r.bytes >= 50e6)
    assert.is_true(r.tokens > 9e6)
    assert.equals(1, r.paragraphs)
  end)
end)

describe("lede article on a scraped page's date lines", function()
  it("gives a year-less date line the copyright notice's year", function()
    local page = "Harbor ferry adds a night run\n\nUpdated Mar 3, 8:05 PM;Posted Mar 2, 7:50 PM\n\n" ..
      "The ferry will run until midnight from April, the port said.\n\n" ..
      "\u{A9} 2024 The Harbor Ledger. All rights reserved.\n"
    local out, _, code = S.run({ "article", "--format", "json", "-" }, page)
    assert.equals(0, code)
    local a = S.json.decode(out)
    assert.equals("2024-03-03", a.date)
    assert.equals("date line", a.date_source)
  end)
end)
