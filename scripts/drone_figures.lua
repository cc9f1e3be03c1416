-- drone_figures.lua -- how many drones (and missiles) were launched,
-- intercepted and hit, night by night, with the sentence as evidence.
--
--   lede run scripts/drone_figures.lua --db lede.db ARTICLES...
--   sqlite3 lede.db 'SELECT date, action, SUM(count) FROM drone_reports GROUP BY 1, 2'
--
-- Copy and adapt: the word lists below are the whole "model".
local lede = require "lede"

-- What is counted: the head noun of the figure (lede finds it).
local WEAPONS = {
  drones = "drone", drone = "drone", uavs = "drone", shaheds = "drone",
  missiles = "missile", missile = "missile",
}

-- What happened to them: the verb before the figure in its sentence.
local ACTIONS = {
  { "launched", { "launched", "fired", "sent", "attacked", "launching", "firing", "used" } },
  { "intercepted", { "intercepted", "shot down", "downed", "jammed", "destroyed",
                      "neutralized", "neutralised", "locally lost", "repelled" } },
  { "hit", { "hit", "struck", "reached", "impacts", "landed" } },
}

-- The action whose cue ends closest before position `pos` of the sentence.
local function action_before(sentence, pos)
  local text = sentence.text:lower()
  local rel = pos - sentence.start + 1
  local best, best_at = nil, 0
  for _, entry in ipairs(ACTIONS) do
    for _, cue in ipairs(entry[2]) do
      local from = 1
      while true do
        local a, b = text:find(cue, from, true)
        if not a or a > rel then break end
        -- whole words only
        local before = text:sub(a - 1, a - 1)
        local after = text:sub(b + 1, b + 1)
        if not before:match("%a") and not after:match("%a") and b > best_at then
          best, best_at = entry[1], b
        end
        from = b + 1
      end
    end
  end
  return best
end

-- The day each sentence talks about: its first date with a day value.
local function days_by_sentence(doc)
  local days = {}
  for _, d in ipairs(doc:dates()) do
    if not days[d.sentence] and d.value and d.value:match("^%d%d%d%d%-%d%d%-%d%d") then
      days[d.sentence] = d
    end
  end
  return days
end

db:exec [[
CREATE TABLE IF NOT EXISTS drone_reports (
  sha256 TEXT, start INTEGER, stop INTEGER, article TEXT, weapon TEXT,
  action TEXT, count INTEGER, max INTEGER, approx TEXT, noun TEXT,
  date TEXT, date_text TEXT, figure TEXT, sentence TEXT,
  PRIMARY KEY (sha256, start));
]]

-- Words that must appear for an article to be worth reading closely.
local function mentions_weapons(text)
  return text:find("[Dd]rone") or text:find("[Mm]issile") or text:find("UAV")
    or text:find("Shahed")
end

lede.each(function(doc)
  if not mentions_weapons(doc.text) then return end
  local night, night_text = doc.date, nil   -- until a sentence says otherwise
  local rows = {}
  local figures = doc:numbers()
  local days = days_by_sentence(doc)
  -- "downed 58 of 72 drones": the whole of an intercepted part was launched
  local whole_of_part = {}
  for _, other in ipairs(figures) do
    if other.whole then whole_of_part[other.whole] = other end
  end
  for _, fig in ipairs(figures) do
    local weapon = fig.head and WEAPONS[fig.head:lower()]
    if weapon and fig.kind == "number" then
      local day = days[fig.sentence]
      if day then night, night_text = day.value:sub(1, 10), day.text end
      local action = action_before(fig.sentence, fig.start)
      local part = whole_of_part[fig]
      if part and action_before(part.sentence, part.start) ~= "launched" then
        action = "launched"
      end
      if action then
        local ev = lede.evidence(fig)
        rows[#rows + 1] = {
          article = doc.id, sha256 = doc.sha256, weapon = weapon, action = action,
          count = fig.value, max = fig.max, approx = fig.approx,
          noun = fig.noun, date = night, date_text = night_text or lede.null,
          figure = ev.text, sentence = ev.sentence, start = ev.start, stop = ev.stop,
        }
      end
    end
  end
  if #rows > 0 then
    db:upsert("drone_reports", rows, { pk = { "sha256", "start" } })
  end
end)
