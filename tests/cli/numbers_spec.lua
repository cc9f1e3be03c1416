-- numbers_spec.lua -- `lede numbers` over tests/data/figures.jsonl: every
-- line is one document (the .jsonl input form); the figures printed as
-- NDJSON must be exactly the expected ones (count, value, kind, and the
-- other fields when the test data gives them), with 0-based end-exclusive
-- offsets that point at the figure's text.
local support = require "support"

local DATA = "tests/data/figures.jsonl"

local function close(a, b)
  if type(a) ~= "number" or type(b) ~= "number" then return a == b end
  return math.abs(a - b) <= 1e-9 * math.max(1, math.abs(a), math.abs(b))
end

describe("lede numbers", function()
  it("prints exactly the expected figures of every test sentence", function()
    local cases = support.jsonl(DATA)
    local out, err, code = support.run({ "numbers", "--format", "ndjson", DATA })
    assert.equals(0, code, err)
    local byid = {}
    for _, row in ipairs(support.ndjson(out)) do
      local n = tonumber(row.id:match(":(%d+)$"))
      byid[n] = byid[n] or {}
      table.insert(byid[n], row)
    end
    local failures = {}
    for n, case in ipairs(cases) do
      local got = byid[n] or {}
      local msg
      if #got ~= #case.figures then
        msg = ("%d figures expected, got %d"):format(#case.figures, #got)
      else
        for i, w in ipairs(case.figures) do
          local f = got[i]
          if not close(f.value, w.value) or f.kind ~= w.kind then
            msg = ("figure %d: %s %s expected, got %s %s"):format(i, w.value, w.kind, f.value, f.kind)
          end
          for _, k in ipairs { "text", "unit", "approx", "noun", "head", "about" } do
            if not msg and w[k] ~= nil and w[k] ~= f[k] then
              msg = ("figure %d: %s %q expected, got %q"):format(i, k, tostring(w[k]), tostring(f[k]))
            end
          end
          if not msg and w.max ~= nil and not close(f.max, w.max) then
            msg = ("figure %d: max %s expected, got %s"):format(i, w.max, tostring(f.max))
          end
          if not msg and case.text:sub(f.start + 1, f["end"]) ~= f.text then
            msg = ("figure %d: offsets %d..%d are not its text"):format(i, f.start, f["end"])
          end
          if msg then break end
        end
      end
      if msg then failures[#failures + 1] = ("line %d: %s\n    %s"):format(n, case.text, msg) end
    end
    assert.equals("", table.concat(failures, "\n"))
  end)

  it("reads stdin and prints text and csv", function()
    local out, _, code = support.run({ "numbers", "--format", "text" },
      "Russia fired 112 strike and decoy drones.\n")
    assert.equals(0, code)
    assert.truthy(out:find("112", 1, true))
    assert.truthy(out:find("strike and decoy drones", 1, true))
    out, _, code = support.run({ "numbers", "--format", "csv" }, "It cost €1.1 billion.\n")
    assert.equals(0, code)
    assert.truthy(out:find("1100000000", 1, true))
    assert.truthy(out:find("EUR", 1, true))
  end)
end)
