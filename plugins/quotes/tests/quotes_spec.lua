-- Tests of the quotes plugin: `lede plugin test quotes`.
local lede = require "lede"

describe("quotes", function()
  local quotes = lede.plugin("quotes")

  local function one(text)
    local list = quotes.find(text)
    assert.equals(1, #list)
    local q = list[1]
    assert.equals(q.text, text:sub(q.start, q.stop))
    if q.speaker then assert.equals(q.speaker.text, text:sub(q.speaker.start, q.speaker.stop)) end
    return q
  end

  it("reads speaker then cue after the quote", function()
    local q = one("“The bridge will reopen next month,” Mayor Ana Kovac said on Friday.")
    assert.equals("The bridge will reopen next month", q.text)
    assert.equals("Mayor Ana Kovac", q.speaker.text)
    assert.equals("said", q.cue.text)
  end)

  it("reads cue then speaker", function()
    local q = one('"We are counting every ballot," said election chief Tomas Berg.')
    assert.equals("said", q.cue.text)
    assert.matches("Tomas Berg", q.speaker.text)
  end)

  it("reads an attribution before the quote", function()
    local q = one("The prime minister told lawmakers: “Nobody will be left behind.”")
    assert.equals("told", q.cue.text)
    assert.equals("The prime minister", q.speaker.text)
    q = one("Chancellor Weber said, “The budget is balanced.”")
    assert.equals("Chancellor Weber", q.speaker.text)
  end)

  it("reads according to", function()
    local q = one("“Two shelters were damaged,” according to the city council.")
    assert.equals("the city council", q.speaker.text)
    assert.equals("according to", q.cue.text)
  end)

  it("joins a quote across paragraph-opening quotation marks", function()
    local text = "“The trucks left at dawn.\n\n“They reached the port by noon,” she said."
    local q = one(text)
    assert.equals(2, q.paragraphs)
    assert.equals("she", q.speaker.text)
  end)

  it("skips scare quotes of one word", function()
    assert.equals(0, #quotes.find("He called the plan a “stunt” and walked out."))
  end)
end)
