-- figures_corpus_spec.lua -- the figure finder over the English news
-- corpus (../shared/corpus/news.jsonl.gz; pending without ../shared):
-- readings that are plainly wrong must not occur on copy nobody here
-- wrote (issue 12).
--   * a percent figure carries a percent word or sign of its own ("rose
--     1.2% to 9,185 points": the 9,185 is no percent);
--   * a range in cents is scaled to the major unit ("50 to 75 cts a
--     share" is 0.50-0.75), and no "50 to 75 cts" is read as $50 and
--     $0.75.
-- One pass of lede.numbers over 21,268 articles: a few seconds.
local lede = require "lede"
local support = require "support"
local cjson = require "cjson"

local function has_percent(text)
  local t = text:lower()
  return t:find("%", 1, true) or t:find("per%s*cent") or t:find("pct") or
    t:find("%f[%a]pc%f[%A]") or t:find("percentage") or t:find("\239\188\133", 1, true)
end

local function cents_word(text)
  local t = text:lower()
  return t:find("%f[%a]cents?%f[%A]") and not t:find("per%s+cent") or
    t:find("%f[%a]cts?%f[%A]") or t:find("%f[%a]pence%f[%A]")
end

describe("figures over the English corpus", function()
  it("read no level as a percent and scale every range in cents", function()
    local path = support.shared("corpus/news.jsonl.gz")
    if not path then return pending("../shared/corpus is not here") end
    local p = assert(io.popen("gzip -dc '" .. path .. "'"))
    local bare, cents, unscaled, articles = {}, 0, {}, 0
    for line in p:lines() do
      local text = cjson.decode(line).text
      articles = articles + 1
      local prev
      for _, f in ipairs(lede.numbers(text)) do
        if f.kind == "percent" and not has_percent(f.text) then
          bare[#bare + 1] = f.text
        end
        if f.kind == "money" and cents_word(f.text) then
          if f.max then
            cents = cents + 1
            local first = tonumber(f.text:match("^%D-(%d+%.?%d*)"))
            if first and first >= 1 and f.value == first then
              unscaled[#unscaled + 1] = f.text
            end
          elseif prev and prev.kind == "money" and prev.text:match("^[%d.]+$")
              and f.start - prev.stop <= 5 then
            unscaled[#unscaled + 1] = prev.text .. " .. " .. f.text
          end
        end
        prev = f
      end
    end
    p:close()
    assert.is_true(articles > 20000)
    assert.is_true(cents > 100)      -- the corpus has many; all are read
    assert.same({}, bare)
    assert.same({}, unscaled)
  end)
end)
