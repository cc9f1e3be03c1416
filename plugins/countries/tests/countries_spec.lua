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
  it("maps Korean and plural demonyms", function()
    assert.equals("KR:Korean:demonym KP:North Korean:demonym UA:Ukrainians:demonym GB:Britons:demonym",
      found("A Korean envoy met North Korean officials as Ukrainians and Britons watched."))
    assert.equals("KR:South Koreans:demonym IL:Israelis:demonym",
      found("South Koreans and Israelis were evacuated."))
  end)

  it("tells Jordan the country from people named Jordan", function()
    assert.equals("JO:Jordan:name", found("Jordan's King Abdullah II pledged field hospitals."))
    assert.equals("JO:Jordan:name", found("King Abdullah II of Jordan spoke first."))
    assert.equals("", found("Michael Jordan retired. Jordan said he was tired."))
    assert.equals("", found("Rep. Jim Jordan questioned the witness."))
    assert.equals("", found("Far-right leader Jordan Bardella spoke."))
    -- one sense per article, unless the country is named surely
    assert.equals("JO:Jordan:name JO:Jordan:name",
      found("Egypt's leader met Jordan's King. Coach Joe Jordan resigned. Jordan hosts refugees."):gsub("EG:Egypt:name ", ""))
  end)

  it("tells Georgia the country from the U.S. state", function()
    assert.equals("", found("Voters in Atlanta, Georgia, lined up early."))
    assert.equals("US:U.S.:alias", found("Georgia, the U.S. state, sued. Georgia said the rule was unlawful."))
    assert.equals("", found("Georgia Gov. Brian Kemp signed the bill."))
    assert.equals("", found("The Georgia Democrat objected."))
    assert.equals("GE:Georgia:name GE:Georgia:name",
      found("Georgia's government protested. Officials in Georgia said so."))
    assert.equals("UA:Ukraine:name GE:Georgia:name", found("Ukraine and Georgia applied."))
  end)

  it("reads names joined by hyphens but not Inter-American", function()
    assert.equals("RU:Russia:name UA:Ukraine:name US:U.S.:alias JP:Japan:name",
      found("The Russia-Ukraine war and the U.S.-Japan pact."))
    assert.equals("", found("The Inter-American Development Bank lent more."))
  end)
end)
