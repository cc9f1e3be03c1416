-- dates_cli_spec.lua -- `lede dates` over the sentences of
-- tests/data/dates.jsonl, grouped by reference date: the same expected
-- dates as the Lua spec, with 0-based end-exclusive offsets.
local support = require "support"
local cjson = support.json

local function nz(v)
  if v == cjson.null then return nil end
  return v
end

local rows = support.jsonl("tests/data/dates.jsonl")

describe("lede dates", function()
  -- one run per (reference, dayfirst) group; the input is a JSONL file
  local groups, order = {}, {}
  for i, row in ipairs(rows) do
    local key = row.ref .. (row.dayfirst and "/dayfirst" or "")
    if not groups[key] then
      groups[key] = { ref = row.ref, dayfirst = row.dayfirst, rows = {} }
      order[#order + 1] = key
    end
    table.insert(groups[key].rows, { index = i, row = row })
  end

  for _, key in ipairs(order) do
    local g = groups[key]
    it(("resolves %d sentences against %s"):format(#g.rows, key), function()
      local lines = {}
      for j, r in ipairs(g.rows) do
        lines[j] = cjson.encode({ text = r.row.text })
      end
      local path = support.writefile(support.tmpname() .. ".jsonl",
                                     table.concat(lines, "\n") .. "\n")
      local args = { "dates", "--all", "--date", g.ref, "--format", "ndjson" }
      if g.dayfirst then args[#args + 1] = "--dayfirst" end
      args[#args + 1] = path
      local out, err, code = support.run(args)
      os.remove(path)
      assert.are.equal(0, code, err)
      -- results by input line (the id ends in ":LINE")
      local got = {}
      for _, d in ipairs(support.ndjson(out)) do
        local line = tonumber(tostring(d.id):match(":(%d+)$"))
        assert.is_truthy(line, "no line number in id " .. tostring(d.id))
        got[line] = got[line] or {}
        table.insert(got[line], d)
      end
      for j, r in ipairs(g.rows) do
        local have, want = got[j] or {}, r.row.dates
        local function show(list)
          local t = {}
          for x, d in ipairs(list) do
            t[x] = ("%s=%s/%s"):format(d.text, tostring(nz(d.value)),
                                       tostring(nz(d.end_value)))
          end
          return ("#%d %s: %s"):format(r.index, r.row.text,
                                       table.concat(t, "; "))
        end
        assert.are.equal(show(want), show(have))
        for x, d in ipairs(have) do
          local e = want[x]
          assert.are.equal(r.row.text:sub(d.start + 1, d["end"]), d.text)
          assert.are.equal(e.grain, d.grain)
          assert.are.equal(e.kind, d.kind)
          assert.are.equal(e.relative, d.relative)
          assert.are.equal(nz(e.tz), nz(d.tz))
        end
      end
    end)
  end

  it("writes fiscal for a fiscal year", function()
    local out, _, code = support.run({ "dates", "--all", "--date", "2025-09-04",
      "--format", "ndjson", "-" }, "Spending rose in fiscal 2024 and in 2023.\n")
    assert.are.equal(0, code)
    local list = support.ndjson(out)
    assert.are.equal(2, #list)
    assert.is_true(list[1].fiscal)
    assert.is_false(list[2].fiscal)
  end)

  it("reads --date and rejects a bad one", function()
    local out, _, code = support.run({ "dates", "--all", "--date", "2025-09-04",
      "--format", "ndjson", "-" }, "The minister said Wednesday it was over.\n")
    assert.are.equal(0, code)
    local list = support.ndjson(out)
    assert.are.equal(1, #list)
    assert.are.equal("2025-09-03", list[1].value)
    local _, err
    _, err, code = support.run({ "dates", "--date", "2025-02-30", "-" },
                               "Monday\n")
    assert.are_not.equal(0, code)
    assert.is_truthy(err:find("2025%-02%-30"))
  end)
end)
