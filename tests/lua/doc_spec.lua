-- The document object and the inputs iterator, through the Lua module.
local lede = require "lede"
local S = require "support"

local SAMPLE = "scripts/samples/01_drones_kharkiv.txt"

describe("lede.article", function()
  local doc
  before_each(function()
    doc = assert(lede.load(SAMPLE))
  end)

  it("knows its id, path and text", function()
    assert.equals(SAMPLE, doc.id)
    assert.equals(SAMPLE, doc.path)
    assert.equals(S.readfile(SAMPLE), doc.text)
    assert.matches("Document", tostring(doc))
  end)

  it("finds headline, dateline, byline and date with 1-based spans", function()
    assert.equals("Russia launches 143 drones at Ukraine overnight, air force says",
      doc.headline.text)
    assert.equals(doc.headline.text, doc.text:sub(doc.headline.start, doc.headline.stop))
    assert.equals("KHARKIV, Ukraine", doc.dateline.place)
    assert.equals("AP", doc.dateline.agency)
    assert.same({ "Olena Marchenko", "Peter Hale" }, doc.byline.names)
    assert.equals("2025-06-11", doc.date)
  end)

  it("lists body sentences that start with the dateline; all sentences on request", function()
    local body = doc:sentences()
    assert.matches("^KHARKIV, Ukraine %(AP%) — Russia launched 143", body[1].text)
    for _, s in ipairs(body) do
      assert.equals(s.text, doc.text:sub(s.start, s.stop))
      assert.is_nil(s.text:find("Skip to main content", 1, true))
      assert.is_nil(s.text:find("AP Photo", 1, true))
    end
    local all = doc:sentences { all = true }
    assert.is_true(#all > #body)
    assert.equals("Skip to main content", all[1].text)
    local with_headline = doc:sentences { headline = true }
    assert.equals(doc.headline.text, with_headline[1].text)
  end)

  it("finds figures with their sentence and evidence", function()
    local drones = doc:numbers { head = "drones" }
    assert.is_true(#drones >= 2)
    local first = drones[1]
    assert.equals(143, first.value)
    local ev = lede.evidence(first)
    assert.equals(SAMPLE, ev.article)
    assert.equals(first.text, doc.text:sub(ev.start, ev.stop))
    assert.truthy(ev.sentence:find(first.text, 1, true))
    for _, f in ipairs(doc:numbers()) do
      assert.equals(f.text, doc.text:sub(f.start, f.stop))
      assert.is_table(f.sentence)
    end
    local money = lede.numbers("It cost €2.5 billion.", { kind = "money" })
    assert.equals(1, #money)
    assert.equals("EUR", money[1].unit)
  end)

  it("resolves dates against the article's date or an explicit one", function()
    local dates = doc:dates()
    local wednesday
    for _, d in ipairs(dates) do
      if d.text == "Wednesday" then wednesday = d end
    end
    assert.is_not_nil(wednesday)
    assert.equals("2025-06-11", wednesday.value)
    local d = lede.date("yesterday", "2024-03-01")
    assert.equals("2024-02-29", d.value)
    local list = lede.dates("It happened on Monday.", { date = "2025-09-04" })
    assert.equals("2025-09-01", list[1].value)
  end)

  it("takes metadata dates over the text's", function()
    local d2 = lede.article("Officials said Monday that it was over.", { id = "m", date = "2025-09-04" })
    assert.equals("2025-09-04", d2.date)
    assert.equals("metadata", d2.date_source)
    assert.equals("2025-09-01", d2:dates()[1].value)
  end)
end)

describe("lede.inputs", function()
  it("yields documents from a directory, in name order", function()
    local ids = {}
    for doc in lede.inputs { "scripts/samples" } do ids[#ids + 1] = doc.id end
    assert.is_true(#ids >= 6)
    assert.equals("scripts/samples/01_drones_kharkiv.txt", ids[1])
    for i = 2, #ids do assert.is_true(ids[i - 1] < ids[i]) end
  end)

  it("reports bad inputs through on_error and goes on", function()
    local errors = {}
    local n = 0
    for _ in lede.inputs({ "/nonexistent.txt", SAMPLE },
        { on_error = function(m) errors[#errors + 1] = m end }) do
      n = n + 1
    end
    assert.equals(1, n)
    assert.equals(1, #errors)
    assert.matches("/nonexistent%.txt", errors[1])
  end)
end)
