-- golden_rules_spec.lua -- the English "Golden Rules" (../shared/bench:
-- 48 rules from pySBD, 52 from Pragmatic Segmenter) through
-- lede.sentences in the default news mode. Scoring as in
-- ../shared/bench/README.md: each sentence's white-space runs folded to
-- one space, trimmed, empty ones dropped; the list must equal the rule's.
-- Pending when ../shared is absent.
local lede = require "lede"
local support = require "support"

local function fold(s)
  return (s:gsub("%s+", " "):gsub("^ ", ""):gsub(" $", ""))
end

local function split(text)
  local out = {}
  for s in lede.sentences(text) do
    local t = fold(s.text)
    if t ~= "" then out[#out + 1] = t end
  end
  return out
end

for _, file in ipairs { "golden_rules_en.jsonl", "golden_rules_en_52.jsonl" } do
  describe("Golden Rules " .. file, function()
    local path = support.shared("bench/" .. file)
    if not path then
      pending("../shared/bench/" .. file .. " not found")
      return
    end
    local rules = support.jsonl(path)
    it("has every rule", function()
      assert.is_true(#rules == 48 or #rules == 52)
    end)
    for _, r in ipairs(rules) do
      it(("#%d %s"):format(r.id, r.name), function()
        assert.same(r.sentences, split(r.text))
      end)
    end
  end)
end
