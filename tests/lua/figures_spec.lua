-- figures_spec.lua -- the figure finder against tests/data/figures.jsonl:
-- news sentences written for lede, each with exactly the figures expected.
-- The number of figures and each value and kind are always checked; the
-- other fields (text, unit, max, approx, role, noun, head, of) when given.
-- Every line runs through lede._numbers_in (the sentence as the span) and,
-- when the document layer is there, through lede.numbers (sentences and
-- dates found first, as users call it).
local lede = require "lede"
local support = require "support"

local cases = support.jsonl("tests/data/figures.jsonl")

local function close(a, b)
  if type(a) ~= "number" or type(b) ~= "number" then return a == b end
  return math.abs(a - b) <= 1e-9 * math.max(1, math.abs(a), math.abs(b))
end

local function describe_fig(f)
  return ("%s [%s %s]"):format(tostring(f.text), tostring(f.value), tostring(f.kind))
end

-- Returns nil when the figures match, else a message.
local function compare(case, got)
  local want = case.figures
  if #got ~= #want then
    local g = {}
    for i, f in ipairs(got) do g[i] = describe_fig(f) end
    return ("%d figures expected, got %d: %s"):format(#want, #got, table.concat(g, "; "))
  end
  for i, w in ipairs(want) do
    local f = got[i]
    if not close(f.value, w.value) then
      return ("figure %d: value %s expected, got %s"):format(i, w.value, tostring(f.value))
    end
    if f.kind ~= w.kind then
      return ("figure %d: kind %s expected, got %s"):format(i, w.kind, tostring(f.kind))
    end
    for _, k in ipairs { "text", "unit", "approx", "role", "noun", "head", "about", "of" } do
      if w[k] ~= nil and w[k] ~= f[k] then
        return ("figure %d: %s %q expected, got %q"):format(i, k, tostring(w[k]), tostring(f[k]))
      end
    end
    if w.max ~= nil and not close(f.max, w.max) then
      return ("figure %d: max %s expected, got %s"):format(i, w.max, tostring(f.max))
    end
    -- a figure's text is the text at its span
    if case.text:sub(f.start, f.stop) ~= f.text then
      return ("figure %d: span %d..%d is not its text"):format(i, f.start, f.stop)
    end
  end
  return nil
end

describe("figures (tests/data/figures.jsonl)", function()
  it("has at least 320 sentences", function()
    assert.is_true(#cases >= 320)
  end)

  -- the classes of issue 12 (cases with a "class" field), each with
  -- several phrasings of its own
  it("covers every class of wrong readings and missed phrases", function()
    local n = {}
    for _, case in ipairs(cases) do
      if case.class then n[case.class] = (n[case.class] or 0) + 1 end
    end
    for _, class in ipairs { "percent-level", "cents", "unit-after",
        "leading-dot", "fraction-mag", "up-to", "address", "vague",
        "comparative", "plain-range", "suffix", "about", "german",
        "german-trap", "arabic" } do
      assert.is_true((n[class] or 0) >= 2, class)
    end
  end)

  it("lede._numbers_in finds exactly the expected figures", function()
    local failures = {}
    for n, case in ipairs(cases) do
      local msg = compare(case, lede._numbers_in(case.text, 1, #case.text))
      if msg then failures[#failures + 1] = ("line %d: %s\n    %s"):format(n, case.text, msg) end
    end
    assert.equals("", table.concat(failures, "\n"))
  end)

  it("lede.numbers finds exactly the expected figures", function()
    if not lede.numbers then return pending("lede.numbers not there yet") end
    local failures = {}
    for n, case in ipairs(cases) do
      local msg = compare(case, lede.numbers(case.text))
      if msg then failures[#failures + 1] = ("line %d: %s\n    %s"):format(n, case.text, msg) end
    end
    assert.equals("", table.concat(failures, "\n"))
  end)
end)

describe("figure tables", function()
  it("carry the fields of the figure model", function()
    local s = "Russia fired 112 strike and decoy drones; 26 of 35 countries agreed."
    local f = lede._numbers_in(s, 1, #s)
    assert.equals(3, #f)
    assert.equals("112", f[1].text)
    assert.equals(14, f[1].start)
    assert.equals(16, f[1].stop)
    assert.equals(112, f[1].value)
    assert.equals(math.type(f[1].value), "integer")
    assert.equals("strike and decoy drones", f[1].noun)
    assert.equals("drones", f[1].head)
    assert.equals("strike and decoy drones", s:sub(f[1].noun_start, f[1].noun_stop))
    assert.equals(3, f[2].of)
    assert.is_nil(f[3].of)
    assert.equals("lede.Figure", getmetatable(f[1]).__name)
  end)

  it("print readably", function()
    local s = "Russia fired 112 strike and decoy drones and received €1.1 billion."
    local f = lede._numbers_in(s, 1, #s)
    assert.equals("112 drones (strike and decoy drones)", tostring(f[1]))
    assert.equals("€1.1 billion = 1100000000 EUR", tostring(f[2]))
  end)

  it("respect the sentence bounds and the skip spans", function()
    local s = "Before 5 cats. Then 7 dogs and 9 birds. After 11 cows."
    local a, b = s:find("Then 7 dogs and 9 birds.", 1, true)
    local f = lede._numbers_in(s, a, b)
    assert.equals(2, #f)
    assert.equals(7, f[1].value)
    local at = s:find("9", 1, true)
    f = lede._numbers_in(s, a, b, { { at, at } })
    assert.equals(1, #f)
    assert.equals(7, f[1].value)
  end)

  it("reject bad arguments", function()
    assert.has_error(function() lede._numbers_in(nil, 1, 2) end)
    assert.has_error(function() lede._numbers_in("x", 1, 1, { 5 }) end)
  end)

  it("survive hostile input quickly", function()
    local s = ("1,"):rep(200000)
    local t0 = os.clock()
    local f = lede._numbers_in(s, 1, #s)
    assert.is_true(#f > 0)
    s = ("hundred and "):rep(100000)
    f = lede._numbers_in(s, 1, #s)
    assert.equals(0, #f)
    assert.is_true(os.clock() - t0 < 10)
  end)
end)
