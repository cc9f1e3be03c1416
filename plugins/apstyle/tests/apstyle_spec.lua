-- Tests of the apstyle plugin: `lede plugin test apstyle`.
local lede = require "lede"

describe("apstyle", function()
  local ap = lede.plugin("apstyle")

  local function rules(text)
    local list = {}
    for _, f in ipairs(ap.check(text)) do
      assert.equals(f.text, text:sub(f.start, f.stop))
      list[#list + 1] = f.rule .. ":" .. f.text
    end
    return table.concat(list, " ")
  end

  it("asks for numbers under 10 to be spelled out", function()
    assert.equals("numbers:4", rules("Rescuers found 4 survivors."))
    local f = ap.check("Rescuers found 4 survivors.")[1]
    assert.equals("four", f.suggestion)
  end)

  it("leaves figures where AP uses them", function()
    assert.equals("", rules("A 6-year-old boy, 3 million people, 8 percent, $5, at 7 p.m., Room 2, 12 trucks, 3.5 tons."))
  end)

  it("asks for percent instead of %", function()
    assert.equals("percent:%", rules("Turnout rose 15% this year."))
  end)

  it("checks month abbreviations with dates", function()
    assert.equals("months:September months:Mar.", rules("It began September 12 and ended Mar. 3."))
    assert.equals("", rules("It began Sept. 12, ended March 3 and resumed in August 2025."))
    assert.equals("months:Oct.", rules("The law passed in Oct. 2024."))
  end)
end)
