-- Tests of the countries plugin: `lede plugin test countries`.
local lede = require "lede"

describe("countries", function()
  local countries = lede.plugin("countries")

  local function found(text)
    local list = {}
    for _, m in ipairs(countries.find(text)) do
      assert.equals(m.text, text:sub(m.start, m.stop))
      list[#list + 1] = m.iso2 .. ":" .. m.text .. ":" .. m.via
    end
    return table.concat(list, " ")
  end

  it("finds names, demonyms and aliases with spans", function()
    assert.equals("UA:Ukrainian:demonym FI:Finnish:demonym",
      found("The Ukrainian president met Finnish President Alexander Stubb on Monday."))
    assert.equals("US:U.S.:alias GB:U.K.:alias GB:Britain:alias",
      found("Officials from the U.S. and the U.K. said Britain would send engineers."))
  end)

  it("prefers the longest name", function()
    assert.equals("KR:South Korea:name PG:Papua New Guinea:name US:United States:name",
      found("South Korea, Papua New Guinea and the United States signed the accord."))
  end)

  it("does not take a region or a common noun for a country", function()
    assert.equals("", found("European ministers and a Latin American envoy ate turkey on china plates."))
  end)

  it("leaves possessives out and reads hyphenated compounds", function()
    assert.equals("RU:Russia:name FR:French:demonym",
      found("Russia's army faced a French-led force."))
  end)

  it("handles curly quotes and dashes around names", function()
    assert.equals("DE:Germany:name PL:Poland:name",
      found("“Germany,” she said—Poland agreed."))
  end)

  it("accepts documents and reports ISO codes", function()
    local m = countries.find({ text = "Estonia and China" })
    assert.equals("EST", m[1].iso3)
    assert.equals("China", m[2].country)
  end)

  it("looks up names, demonyms and codes", function()
    assert.equals("FI", countries.lookup("Finnish").iso2)
    assert.equals("France", countries.lookup("FRA").country)
    assert.equals("Germany", countries.lookup("de").country)
    assert.is_nil(countries.lookup("European"))
    assert.is_true(#countries.all() >= 249)
  end)
end)
