-- dates_seed_spec.lua -- the dates of a real story (../shared, skipped when
-- absent), resolved against its own date, 2025-09-04 (a Thursday).
local support = require "support"
local lede = require "lede"

local REF = "2025-09-04"

describe("dates in the seed story", function()
  local path = support.shared("articles/000_a8aca9f3748c2f87.txt")
  if not path then
    it("needs ../shared/articles", function() pending("../shared is absent") end)
    return
  end
  local text = support.readfile(path)
  local dates = lede.dates(text, { date = REF, all = true })

  -- Dates overlapping the first occurrence of `phrase`.
  local function over(phrase)
    local a, b = text:find(phrase, 1, true)
    assert.is_truthy(a, "phrase not in the story: " .. phrase)
    local out = {}
    for _, d in ipairs(dates) do
      if d.start <= b and d.stop >= a then out[#out + 1] = d end
    end
    return out
  end

  it("gives positions into the story", function()
    assert.is_true(#dates >= 8)
    for _, d in ipairs(dates) do
      assert.are.equal(text:sub(d.start, d.stop), d.text)
    end
  end)

  it("resolves every Thursday to the story's day", function()
    local n = 0
    for _, d in ipairs(dates) do
      if d.text:find("Thursday", 1, true) then
        n = n + 1
        assert.are.equal("2025-09-04", d.value, tostring(d))
      end
    end
    -- said Thursday (twice), the caption, Earlier Thursday,
    -- overnight Thursday, on Thursday
    local count = 0
    for _ in text:gmatch("Thursday") do count = count + 1 end
    assert.are.equal(count, n)
    assert.is_true(n >= 6)
  end)

  it("resolves Wednesday to the day before", function()
    local n = 0
    for _, d in ipairs(dates) do
      if d.text:find("Wednesday", 1, true) then
        n = n + 1
        assert.are.equal("2025-09-03", d.value)
        assert.are.equal("day", d.grain)
        assert.is_true(d.relative)
      end
    end
    assert.are.equal(1, n)
  end)

  it("reads the caption's date", function()
    local d = over("Sept. 4, 2025")
    assert.are.equal(1, #d)
    assert.are.equal("Thursday, Sept. 4, 2025", d[1].text)
    assert.are.equal("2025-09-04", d[1].value)
    assert.is_false(d[1].relative)
    assert.are.same({ year = true, month = true, day = true, time = false },
                    d[1].stated)
  end)

  it("resolves last month and earlier this month", function()
    local d = over("last month")
    assert.are.equal(1, #d)
    assert.are.equal("2025-08", d[1].value)
    assert.are.equal("month", d[1].grain)
    d = over("earlier this month")
    assert.are.equal(1, #d)
    assert.is_truthy(d[1].value == "2025-09" or
      (d[1].value == "2025-09-01" and d[1].end_value == "2025-09-03"))
  end)

  it("does not make a day of the day after a ceasefire", function()
    for _, d in ipairs(over("the day after a ceasefire")) do
      assert.are_not.equal("day", d.grain)
      assert.is_nil(d.value and d.value:match("^%d%d%d%d%-%d%d%-%d%d"))
    end
  end)

  it("does not make a date of in one year", function()
    for _, d in ipairs(over("in one year")) do
      assert.are.equal("duration", d.kind)
    end
  end)

  it("finds no date in the figures", function()
    for _, phrase in ipairs { "26 of Ukraine", "35 countries", "112 strike",
                              "84 drones", "€1.1 billion" } do
      assert.are.same({}, over(phrase))
    end
  end)
end)
