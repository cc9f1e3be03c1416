-- The vocabulary as data (docs/vocabulary.md): words that are only rows in
-- core/vocab/*.tsv reach every stage, from Lua and from the command line.
local lede = require "lede"

local LEDE = os.getenv("LEDE_BIN") or "bin/lede"

local function run(cmd)
  local p = assert(io.popen(cmd))
  local out = p:read("a")
  p:close()
  return out
end

describe("the vocabulary", function()
  it("gives a currency word its code (a row in en-currencies.tsv)", function()
    local f = lede.numbers("The loan was worth 5 million cedis.")
    assert.equals(1, #f)
    assert.equals(5000000, f[1].value)
    assert.equals("money", f[1].kind)
    assert.equals("GHS", f[1].unit)
  end)

  it("makes Weds. a weekday for the date grammar, as for the splitter", function()
    local d = lede.dates("It met on Weds., Jan. 8, in Kyiv.", { date = "2025-01-10" })
    assert.equals(1, #d)
    assert.equals("Weds., Jan. 8", d[1].text)
    assert.equals("2025-01-08", d[1].value)
    local n = 0
    for _ in lede.sentences("The vote is due Weds. Jan. 8. It may slip.") do n = n + 1 end
    assert.equals(2, n)
  end)

  it("keeps abbreviations added at run time on top of the rows", function()
    assert.is_false((lede.abbreviations.has("Insp.Gen.")))
    lede.abbreviations.add("Insp.Gen.", "title")
    local ok, cls = lede.abbreviations.has("Insp.Gen.")
    assert.is_true(ok)
    assert.equals("title", cls)
    local ok2, cls2 = lede.abbreviations.has("Gen.")
    assert.is_true(ok2)
    assert.equals("title", cls2)
  end)

  it("reaches the command line the same way", function()
    local out = run("printf 'It cost 2 billion cedis on Weds., Jan. 8.\\n' | " ..
                    LEDE .. " numbers --format csv")
    assert.matches("GHS", out)
    out = run("printf 'It cost 2 billion cedis on Weds., Jan. 8.\\n' | " ..
              LEDE .. " dates --date 2025-01-10 --format csv")
    assert.matches("Weds%., Jan%. 8", out)
  end)
end)
