-- dates_spec.lua -- dates, times, intervals and durations through the Lua
-- module: the hand-written news sentences of tests/data/dates.jsonl (each
-- with its reference date and exactly the dates expected), then the
-- binding's contract (positions, options, errors, tostring).
local support = require "support"
local lede = require "lede"
local cjson = support.json

local function nz(v)
  if v == cjson.null then return nil end
  return v
end

local rows = support.jsonl("tests/data/dates.jsonl")

-- The dates of one test line, through the user-level API.
local function dates_of(row)
  return lede.dates(row.text, { date = row.ref, dayfirst = row.dayfirst,
                                all = true })
end

local function describe_date(d)
  return ("%s -> %s%s %s %s%s%s"):format(d.text, tostring(nz(d.value)),
    nz(d.end_value) and ("/" .. d.end_value) or "", d.grain, d.kind,
    d.relative and " relative" or "", nz(d.tz) and (" " .. d.tz) or "")
end

describe("dates.jsonl", function()
  it("has at least 220 sentences and several reference dates", function()
    assert.is_true(#rows >= 220, "only " .. #rows .. " sentences")
    local refs = {}
    for _, r in ipairs(rows) do refs[r.ref] = true end
    for _, ref in ipairs { "2025-09-04", "2025-09-07", "2025-09-08",
                           "2026-01-02", "2025-01-01", "2024-02-29" } do
      assert.is_true(refs[ref], "no sentence with reference " .. ref)
    end
  end)

  for i, row in ipairs(rows) do
    it(("#%d [%s] %s"):format(i, row.ref, row.text), function()
      local got = dates_of(row)
      local want, have = {}, {}
      for j, e in ipairs(row.dates) do want[j] = describe_date(e) end
      for j, g in ipairs(got) do have[j] = describe_date(g) end
      assert.are.same(want, have)
      for j, g in ipairs(got) do
        local e = row.dates[j]
        assert.are.equal(row.text:sub(g.start, g.stop), g.text)
        assert.are.equal(nz(e.value), g.value)
        assert.are.equal(nz(e.end_value), g.end_value)
        assert.are.equal(e.grain, g.grain)
        assert.are.equal(e.kind, g.kind)
        assert.are.equal(e.relative, g.relative)
        assert.are.equal(nz(e.tz), g.tz)
      end
    end)
  end
end)

describe("lede._dates_in", function()
  local text = "Officials said Thursday, Sept. 4, 2025, that talks resume Monday."

  it("returns 1-based inclusive spans into the whole text", function()
    local list = lede._dates_in(text, 1, #text, { date = "2025-09-04" })
    assert.are.equal(2, #list)
    assert.are.equal("Thursday, Sept. 4, 2025", list[1].text)
    assert.are.equal(16, list[1].start)
    assert.are.equal(text:sub(list[1].start, list[1].stop), list[1].text)
    assert.are.equal("2025-09-08", list[2].value)
  end)

  it("looks only inside the span it is given", function()
    local a = text:find("Monday", 1, true)
    local list = lede._dates_in(text, a, #text, { date = "2025-09-04" })
    assert.are.equal(1, #list)
    assert.are.equal("Monday", list[1].text)
    assert.are.equal(a, list[1].start)
    assert.are.same({}, lede._dates_in(text, 1, 10, { date = "2025-09-04" }))
    assert.are.same({}, lede._dates_in(text, 20, 5))
  end)

  it("says which parts were stated", function()
    local d = lede._dates_in(text, 1, #text)[1]
    assert.are.same({ year = true, month = true, day = true, time = false },
                    d.stated)
    local s = "The vote is on Sept. 22 at 10:30 a.m."
    d = lede._dates_in(s, 1, #s, { date = "2025-09-04" })[1]
    assert.are.same({ year = false, month = true, day = true, time = true },
                    d.stated)
    assert.are.equal("2025-09-22T10:30", d.value)
    assert.is_true(d.relative)
  end)

  it("reports relative dates without a reference, with no value", function()
    local s = "The minister said Thursday that prices rose last month."
    local list = lede._dates_in(s, 1, #s)
    assert.are.equal(2, #list)
    for _, d in ipairs(list) do
      assert.is_true(d.relative)
      assert.is_nil(d.value)
    end
    assert.are.equal("day", list[1].grain)
    assert.are.equal("month", list[2].grain)
    -- absolute dates still resolve
    s = "Published 10:31 AM EDT, September 4, 2025"
    local d = lede._dates_in(s, 1, #s)[1]
    assert.are.equal("2025-09-04T10:31", d.value)
    assert.are.equal("EDT", d.tz)
    assert.is_false(d.relative)
  end)

  it("reads upper-case datelines", function()
    local s = "DNIPRO, Ukraine, SEPT. 4, 2025 —"
    local d = lede._dates_in(s, 1, #s)[1]
    assert.are.equal("SEPT. 4, 2025", d.text)
    assert.are.equal("2025-09-04", d.value)
  end)

  it("reads 9/4/2025 month first, or day first on request", function()
    local s = "It was signed on 9/4/2025."
    assert.are.equal("2025-09-04", lede._dates_in(s, 1, #s)[1].value)
    assert.are.equal("2025-04-09",
      lede._dates_in(s, 1, #s, { dayfirst = true })[1].value)
  end)

  it("takes a field over 12 as the day, whatever the custom", function()
    local s = "It was signed on 13/4/2025."
    assert.are.equal("2025-04-13", lede._dates_in(s, 1, #s)[1].value)
    assert.are.equal("2025-04-13",
      lede._dates_in(s, 1, #s, { dayfirst = true })[1].value)
    s = "The notice is dated 4.13.2025 in the US style."
    assert.are.equal("2025-04-13", lede._dates_in(s, 1, #s)[1].value)
    s = "It was signed on 13/14/2025."
    assert.are.same({}, lede._dates_in(s, 1, #s))
  end)

  it("reads months of other languages between a day and a year", function()
    local s = "Die Sitzung vom 22. Oktober 2020 wurde vertagt."
    local d = lede._dates_in(s, 1, #s)[1]
    assert.are.equal("22. Oktober 2020", d.text)
    assert.are.equal("2020-10-22", d.value)
    -- a month name alone, or with a year only, stays a word
    s = "Im Mai 2020 und am 3. Mai wurde gewählt."
    assert.are.same({}, lede._dates_in(s, 1, #s))
  end)

  it("raises on an invalid reference date", function()
    for _, bad in ipairs { "2025-02-30", "2025-13-01", "2023-02-29",
                           "yesterday", "2025-9-4", "" } do
      assert.has_error(function()
        lede._dates_in("Thursday", 1, 8, { date = bad })
      end)
    end
    assert.are.equal("2024-02-29",
      lede._dates_in("Thursday", 1, 8, { date = "2024-02-29" })[1].value)
  end)

  it("gives readable, typed objects", function()
    local d = lede._dates_in("said Thursday", 1, 13, { date = "2025-09-04" })[1]
    assert.are.equal("Thursday -> 2025-09-04 (day, relative)", tostring(d))
    assert.are.equal("lede.Date", getmetatable(d).__name)
    local s = "from Monday to Wednesday"
    d = lede._dates_in(s, 1, #s, { date = "2025-09-04" })[1]
    assert.are.equal(
      "from Monday to Wednesday -> 2025-09-01/2025-09-03 (day, interval, relative)",
      tostring(d))
    d = lede._dates_in("Thursday", 1, 8)[1]
    assert.are.equal("Thursday -> ? (day, relative)", tostring(d))
  end)

  it("survives bad bytes and binary input", function()
    local s = "\255\254 Monday \0 Sept. 4, 2025 \192\128 10:30 a.m."
    local list = lede._dates_in(s, 1, #s, { date = "2025-09-04" })
    assert.are.equal(3, #list)
    assert.are.equal("2025-09-04", list[2].value)
    local junk = {}
    for i = 1, 20000 do junk[i] = string.char((i * 7919) % 256) end
    junk = table.concat(junk)
    assert.is_table(lede._dates_in(junk, 1, #junk, { date = "2025-09-04" }))
  end)

  it("is linear on adversarial input", function()
    local s = string.rep("Monday to Monday to ", 50000)
    local t0 = os.clock()
    local list = lede._dates_in(s, 1, #s, { date = "2025-09-04" })
    local t1 = os.clock() - t0
    assert.is_true(#list >= 25000)
    s = string.rep("from 1 ", 100000) .. string.rep("Sept. ", 100000)
    local t2 = os.clock()
    lede._dates_in(s, 1, #s, { date = "2025-09-04" })
    assert.is_true(t1 < 5 and os.clock() - t2 < 5)
  end)
end)

describe("lede.date", function()
  it("parses one expression for scripts", function()
    assert.are.equal("2025-08-29", lede.date("last Friday", "2025-09-04").value)
    assert.are.equal("2025-Q3", lede.date("Q3 2025").value)
    assert.are.equal("2025-W36", lede.date("2025-W36").value)
    assert.is_nil(lede.date("no date here", "2025-09-04"))
  end)
end)

describe("fiscal periods and halves", function()
  it("marks a fiscal year as fiscal, a calendar year not", function()
    local d = lede.dates("The budget for fiscal 2024 was cut; FY2025 is next.",
                         { date = "2025-09-04" })
    assert.are.equal(2, #d)
    assert.are.equal("2024", d[1].value)
    assert.is_true(d[1].fiscal)
    assert.is_true(d[2].fiscal)
    assert.is_nil(lede.dates("Sales fell in 2024.", { date = "2025-09-04" })[1].fiscal)
  end)

  it("gives a half year its own grain", function()
    local d = lede.date("the second half of 2024")
    assert.are.equal("2024-H2", d.value)
    assert.are.equal("half", d.grain)
  end)

  it("resolves movable holidays in any year", function()
    -- Easter Sundays from the computus, Thanksgiving as the fourth Thursday
    local easter = { [2024] = "2024-03-31", [2025] = "2025-04-20",
                     [2026] = "2026-04-05", [2038] = "2038-04-25",
                     [1961] = "1961-04-02" }
    for y, v in pairs(easter) do
      assert.are.equal(v, lede.date("Easter " .. y).value)
    end
    assert.are.equal("2030-11-28", lede.date("Thanksgiving 2030").value)
    assert.are.equal("2027-05-31", lede.date("Memorial Day 2027").value)
    assert.are.equal("2026-09-07", lede.date("Labor Day 2026").value)
    assert.are.equal("2027-03-26", lede.date("Good Friday 2027").value)
  end)
end)
