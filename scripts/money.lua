-- money.lua -- every money figure of a set of stories, with the sentence
-- it came from, in the table `money` (the README's first workflow).
--
--   lede run scripts/money.lua --db budget.db stories/
local lede = require "lede"

lede.each(function(doc)                     -- one transaction per article
  for _, fig in ipairs(doc:numbers { kind = "money" }) do
    local ev = lede.evidence(fig)           -- article, sentence, span
    db:upsert("money", {
      article  = doc.id,
      date     = doc.date,                  -- the article's own date
      amount   = fig.value,                 -- 1.1e9 for "€1.1 billion"
      currency = fig.unit,                  -- ISO 4217: "EUR"
      approx   = fig.approx,                -- "about", "more than", ...
      what     = fig.noun,                  -- what it counts, if anything
      figure   = ev.text,
      sentence = ev.sentence,
      start    = ev.start, stop = ev.stop,  -- doc.text:sub(start, stop) == figure
    }, { pk = { "article", "start" } })
  end
end)
