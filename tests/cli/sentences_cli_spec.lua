-- sentences_cli_spec.lua -- `lede sentences --all` over the cases of
-- tests/data/sentences_golden.jsonl: the same sentences as the Lua spec,
-- each with 0-based end-exclusive offsets into its line's text.
local support = require "support"
local cjson = support.json

local function fold(s)
  return (s:gsub("%s+", " "):gsub("^ ", ""):gsub(" $", ""))
end

describe("lede sentences --all", function()
  local rows = support.jsonl("tests/data/sentences_golden.jsonl")

  it("splits every golden case as the Lua module does", function()
    local lines = {}
    for i, r in ipairs(rows) do lines[i] = cjson.encode({ text = r.text }) end
    local path = support.writefile(support.tmpname() .. ".jsonl",
                                   table.concat(lines, "\n") .. "\n")
    local out, err, code = support.run({ "sentences", "--all", "--format",
                                         "ndjson", path })
    os.remove(path)
    assert.are.equal(0, code, err)
    local got = {}
    for _, s in ipairs(support.ndjson(out)) do
      local line = tonumber(tostring(s.id):match(":(%d+)$"))
      assert.is_truthy(line, "no line number in id " .. tostring(s.id))
      local text = rows[line].text
      assert.are.equal(text:sub(s.start + 1, s["end"]), s.text)
      got[line] = got[line] or {}
      table.insert(got[line], fold(s.text))
    end
    for i, r in ipairs(rows) do
      local want = {}
      for j, w in ipairs(r.sentences) do want[j] = fold(w) end
      assert.are.same({ id = r.id, want }, { id = r.id, got[i] or {} })
    end
  end)
end)
