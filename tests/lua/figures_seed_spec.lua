-- figures_seed_spec.lua -- the figures of the reference story
-- (../shared/articles/000_a8aca9f3748c2f87.txt: 26 of 35 countries pledge
-- troops, 112 drones fired and 84 downed, €1.1 billion of fuel sales).
-- Pending when ../shared is absent (a user's clone).
--
-- Each line runs through lede._numbers_in with the dates found by a
-- simple pattern passed as skip spans (the document layer does this with
-- the dates finder).
local lede = require "lede"
local support = require "support"

local path = support.shared("articles/000_a8aca9f3748c2f87.txt")

-- "Sept. 4, 2025", "September 4, 2025": 1-based inclusive spans.
local function simple_dates(line)
  local spans, init = {}, 1
  while true do
    local a, b = line:find("%u%l+%.? %d%d?, %d%d%d%d", init)
    if not a then break end
    spans[#spans + 1] = { a, b }
    init = b + 1
  end
  return spans
end

local function figures_by_line(text)
  local all = {}
  for line in text:gmatch("[^\n]+") do
    local figs = lede._numbers_in(line, 1, #line, simple_dates(line))
    for _, f in ipairs(figs) do
      f.line = line
      all[#all + 1] = f
    end
  end
  return all
end

local function find(figs, pred)
  local out = {}
  for _, f in ipairs(figs) do if pred(f) then out[#out + 1] = f end end
  return out
end

describe("figures of the reference story", function()
  local figs
  before_each(function()
    if path and not figs then figs = figures_by_line(support.readfile(path)) end
  end)

  it("finds the 26 countries in the headline", function()
    if not path then return pending("../shared is absent") end
    local got = find(figs, function(f)
      return f.value == 26 and f.head == "countries" and f.line:find("^Macron says 26 countries")
    end)
    assert.equals(1, #got)
    assert.equals("countries", got[1].noun)
  end)

  it("finds every 26 with what it counts", function()
    if not path then return pending("../shared is absent") end
    local allies = find(figs, function(f) return f.value == 26 and f.head == "allies" end)
    assert.equals(2, #allies)   -- the lead paragraph appears twice in the scrape
    assert.equals("Ukraine’s allies", allies[1].noun)
    local countries = find(figs, function(f)
      return f.value == 26 and f.head == "countries" and f.line:find("26 of the countries", 1, true)
    end)
    assert.equals(1, #countries)
    local states = find(figs, function(f) return f.value == 26 and f.head == "states" end)
    assert.equals(1, #states)
    assert.equals(5, #find(figs, function(f) return f.value == 26 end))
  end)

  it("finds the 35 countries", function()
    if not path then return pending("../shared is absent") end
    local got = find(figs, function(f) return f.value == 35 end)
    assert.equals(1, #got)
    assert.equals("countries", got[1].head)
    assert.equals("number", got[1].kind)
  end)

  it("finds €1.1 billion in euros", function()
    if not path then return pending("../shared is absent") end
    local got = find(figs, function(f) return f.kind == "money" end)
    assert.equals(1, #got)
    assert.equals(1100000000, got[1].value)
    assert.equals("EUR", got[1].unit)
    assert.equals("€1.1 billion", got[1].text)
  end)

  it("finds the drones fired and downed", function()
    if not path then return pending("../shared is absent") end
    local fired = find(figs, function(f) return f.value == 112 end)
    assert.equals(1, #fired)
    assert.equals("strike and decoy drones", fired[1].noun)
    assert.equals("drones", fired[1].head)
    local downed = find(figs, function(f) return f.value == 84 end)
    assert.equals(1, #downed)
    assert.equals("drones", downed[1].head)
    assert.equals(2, #find(figs, function(f) return f.head == "drones" end))
  end)

  it("finds the three areas of action", function()
    if not path then return pending("../shared is absent") end
    local got = find(figs, function(f) return f.value == 3 end)
    assert.equals(1, #got)
    assert.equals("areas", got[1].head)
    assert.equals("three", got[1].text)
  end)

  it("reports nothing from the hash line or the caption's date", function()
    if not path then return pending("../shared is absent") end
    for _, f in ipairs(figs) do
      assert.is_nil(f.line:match("^%x+$"), "figure from the hash line: " .. f.text)
      assert.is_false(f.value == 2025 or f.value == 4, "date part as a figure: " .. f.text)
    end
  end)
end)
