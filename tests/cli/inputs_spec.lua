-- Every input a journalist has, through the command line: JSONL on stdin,
-- .gz, JSON arrays, CSV with a named text column, folders that say what
-- they skip, ids as written, titles, dates that are not ISO; and the
-- output side: one sentence numbering, CSV columns, --flat, help.
local S = require "support"

describe("inputs", function()
  local d
  before_each(function() d = S.tmpdir() end)
  after_each(function() S.rmdir(d) end)

  it("reads JSONL on stdin as articles, by its first byte or with --jsonl", function()
    local jsonl = '{"id":7,"title":"Drones down","text":"Officials said 5 drones fell."}\n' ..
                  '{"id":"b","text":"Nine cats."}\n'
    local out, err, code = S.run({ "numbers" }, jsonl)
    assert.equals(0, code, err)
    local rows = S.ndjson(out)
    assert.equals(2, #rows)
    assert.equals("7", rows[1].id)          -- as written, not 7.0
    assert.equals("b", rows[2].id)
    out = S.run({ "numbers", "--jsonl" }, "  " .. jsonl)
    assert.equals(2, #S.ndjson(out))
    out = S.run({ "article", "--format", "text" }, jsonl)
    assert.matches("== 7\nheadline   Drones down", out)
  end)

  it("reads .gz files, JSON arrays and CSV with a named text column", function()
    S.writefile(d .. "/a.json", '[{"id":1,"text":"Two cats."},{"id":2.5,"text":"Three dogs."}]')
    os.execute("gzip -k " .. S.quote(d .. "/a.json"))
    S.writefile(d .. "/b.jsonl", '{"id":"x","text":"Four owls."}\n')
    os.execute("gzip " .. S.quote(d .. "/b.jsonl"))
    S.writefile(d .. "/c.csv", 'id,body,date\r\n9,"Five ""big"" hens,\nsix ducks.",1987-03-03\r\n')
    local out, err, code = S.run { "numbers", "--format", "csv", "--text-column", "body", d }
    assert.equals(0, code, err)
    local ids = {}
    for id in out:gmatch("\r\n([^,]+),") do ids[#ids + 1] = id end
    assert.same({ "1", "2.5", "1", "2.5", "x", "9", "9" }, ids)
    local _, err2, code2 = S.run { "numbers", d .. "/c.csv" }
    assert.equals(1, code2)
    assert.matches('c%.csv: no column "text" %(columns: id, body, date%); name the text column with %-%-text%-column', err2)
  end)

  it("lede.load reads a file as lede.inputs does", function()
    S.writefile(d .. "/a.jsonl", '{"id":5,"title":"Cats","text":"Two cats."}\n')
    os.execute("gzip " .. S.quote(d .. "/a.jsonl"))
    local script = S.writefile(d .. "/l.lua", ([[
local doc = assert(lede.load(%q))
print(doc.id, doc.headline.text, doc:numbers()[1].value)
print(lede.load(%q))
]]):format(d .. "/a.jsonl.gz", d .. "/none.txt"))
    local out, err, code = S.run { "run", script }
    assert.equals(0, code, err)
    assert.equals("5\tCats\t2\nnil\t" .. d .. "/none.txt: No such file or directory\n", out)
  end)

  it("reports what a folder skips, with a count", function()
    S.writefile(d .. "/a.txt", "One story.")
    S.writefile(d .. "/x.pdf", "%PDF")
    S.writefile(d .. "/y.pdf", "%PDF")
    S.writefile(d .. "/z.png", "png")
    local _, err, code = S.run { "stats", d }
    assert.equals(0, code)
    assert.matches("3 files skipped, not articles %(1 %.png, 2 %.pdf%)", err)
  end)

  it("reports a metadata date that is not ISO, and reads one it can", function()
    local out, err = S.run({ "article", "--format", "json" },
      '{"id":"a","date":"March 3, 1987","text":"Hi."}\n{"id":"b","date":"soon-ish","text":"Hi."}\n')
    local rows = S.ndjson(out)
    assert.equals("1987-03-03", rows[1].date)
    assert.equals("metadata", rows[1].date_source)
    assert.matches('%-:2: date "soon%-ish" is not YYYY%-MM%-DD', err)
  end)

  it("says so when it waits on a terminal's stdin", function()
    local lede = S.lede:sub(1, 1) == "/" and S.lede or (os.getenv("PWD") .. "/" .. S.lede)
    local tty = os.tmpname()
    local ok = os.execute(("timeout 5 script -qec %s %s >/dev/null 2>&1"):format(
      S.quote(S.quote(lede) .. " stats </dev/tty & sleep 1; kill $!"), S.quote(tty)))
    local typed = S.readfile(tty)
    os.remove(tty)
    if not typed:find("lede", 1, true) and not ok then
      return pending("script(1) cannot open a terminal here")
    end
    assert.matches("reading articles from the terminal", typed)
  end)
end)

describe("output", function()
  it("numbers sentences the same in lede sentences, lede numbers and doc:sentences()", function()
    local text = "Storm hits coast\n\nBy Ann Lee\n\nA body sentence. Then 40 homes flooded.\n"
    local sents = S.ndjson((S.run({ "sentences" }, text)))
    local figs = S.ndjson((S.run({ "numbers" }, text)))
    assert.equals(1, #figs)
    local joined
    for _, s in ipairs(sents) do
      if s.index == figs[1].sentence then joined = s.text end
    end
    assert.equals(figs[1].sentence_text, joined)
    local out = S.run({ "repl" }, ("local d = lede.article(%q) for _, s in ipairs(d:sentences()) do print(s.index) end"):format(text))
    local idx = {}
    for _, s in ipairs(sents) do idx[#idx + 1] = ("%d"):format(s.index) end
    assert.equals(table.concat(idx, "\n") .. "\n", out)
  end)

  it("gives CSV the same columns for one input or many, and folds line breaks with --flat", function()
    local one = S.run({ "numbers", "--format", "csv" }, "Two cats.")
    local d = S.tmpdir()
    S.writefile(d .. "/a.txt", "Two cats.")
    S.writefile(d .. "/b.txt", "Three\ndogs.")
    local many = S.run { "numbers", "--format", "csv", d }
    assert.equals(one:match("^[^\r\n]*"), many:match("^[^\r\n]*"))
    assert.matches('"Three\ndogs%."', many)
    local flat = S.run { "numbers", "--format", "csv", "--flat", d }
    assert.matches(",Three dogs%.\r\n", flat)
    S.rmdir(d)
  end)

  it("explains every verb with --help and suggests a verb for a typo", function()
    -- every verb the usage names
    local verbs = {}
    for v in (S.run { "--help" }):gmatch("\n  lede (%a+)") do verbs[#verbs + 1] = v end
    assert.is_true(#verbs >= 10)
    for _, verb in ipairs(verbs) do
      local out, err, code = S.run { verb, "--help" }
      assert.equals(0, code, verb .. ": " .. err)
      assert.matches("^lede " .. verb, out)
    end
    local _, err, code = S.run { "nubmers" }
    assert.equals(2, code)
    assert.matches("unknown verb 'nubmers'; did you mean 'numbers'%?", err)
  end)
end)
