-- The REPL where it meets the rest: documents by id, db:query and :sql
-- with parameters printed as one table, figures with unit, approx and
-- noun, a misspelled filter key, and :load reading what the CLI reads.
local S = require "support"

local function repl(stdin, args)
  local words = { "repl" }
  for _, a in ipairs(args or {}) do words[#words + 1] = a end
  return S.run(words, stdin)
end

describe("lede repl, with the rest of the toolbox", function()
  local d
  before_each(function()
    d = S.tmpdir()
    S.writefile(d .. "/news.jsonl",
      '{"id":"wire/1","text":"Officials said about 300 drones were launched."}\n' ..
      '{"id":"wire/2","text":"The ministry pledged €1.1 billion."}\n')
  end)
  after_each(function() S.rmdir(d) end)

  it("finds a document by id, and :load reads JSONL as the CLI does", function()
    local out, err, code = repl('docs["wire/2"].text\n:load ' .. d .. '/news.jsonl\n#docs\ndocs["wire/1"].id\n',
      { d .. "/news.jsonl" })
    assert.equals(0, code, err)
    assert.equals("The ministry pledged €1.1 billion.\n" ..
      "2 documents loaded: doc = wire/1; docs[3..4] (or docs[id])\n4\nwire/1\n", out)
  end)

  it("prints a figure with its unit, approx and noun", function()
    local out = repl('doc:numbers()[1]\ndocs[2]:numbers()[1]\n', { d .. "/news.jsonl" })
    assert.matches("<Figure value=300 approx=about kind=number noun=drones", out, 1, false)
    assert.matches("<Figure value=1100000000 unit=EUR kind=money", out)
  end)

  it("names the valid keys when a filter key is misspelled", function()
    local _, err, code = repl('doc:numbers{knd = "money"}\n', { d .. "/news.jsonl" })
    assert.equals(1, code)
    assert.matches("no figure field 'knd' in the filter %(valid keys: [^)]*kind", err)
  end)

  it("prints db:query as :sql does, and :sql binds ? parameters", function()
    local db = d .. "/t.db"
    S.run({ "run", S.writefile(d .. "/w.lua", "lede.each(function(doc) end)"),
      "--db", db, d .. "/news.jsonl" })
    local out, err, code = repl(
      'db:query("SELECT id, bytes FROM articles ORDER BY id")\n' ..
      ':sql SELECT id, bytes FROM articles ORDER BY id\n' ..
      ':sql SELECT id FROM articles WHERE id = ? AND bytes > ?; "wire/2", 10\n' ..
      ':sql SELECT id FROM articles WHERE id = \'a;b\'\n', { "--db", db })
    assert.equals(0, code, err)
    local first, second = out:match("^(.-%(2 rows%)\n)(.-%(2 rows%)\n)")
    assert.truthy(first, out)
    assert.equals(first, second)
    assert.matches("^id%s+bytes\nwire/1%s+46\nwire/2%s+36\n", first)
    assert.matches("\nid\nwire/2\n%(1 row%)\n%(no rows%)\n$", out)
  end)
end)
