-- drone_figures.lua -- how many drones and missiles were launched,
-- intercepted, lost and hit, night by night, who launched them, and the
-- sentence each figure comes from.
--
--   lede run scripts/drone_figures.lua --db lede.db ARTICLES...
--   sqlite3 lede.db "SELECT date, side, weapon, action, SUM(count) FROM drone_reports
--                    WHERE NOT subtotal GROUP BY 1, 2, 3, 4"
--
-- Table drone_reports, one row per figure:
--   weapon    drone | missile | rocket | drone+missile ("367 drones and
--             missiles") | location ("hits were recorded at 37 locations")
--   action    launched | intercepted (shot down, destroyed, jammed,
--             suppressed) | lost ("locally lost", "failed to reach") | hit
--   count, max, approx   the figure (max for a range, approx as written)
--   side      who launched them, where the text says it ("Russia launched",
--             "121 Ukrainian drones"), else the one side the article's
--             launch figures name
--   target    the side attacked (for interceptions: the side that shot
--             them down); in a Russia-Ukraine report one side implies the other
--   subtotal  1 for a breakdown ("including 38 over the Bryansk region")
--   date      the night, as the date of the morning it ended (the air
--             force's convention): "overnight Tuesday", "overnight into
--             Sunday" and "on the night of Sept. 6-7" are that day (the 7th);
--             "Saturday night" and "last night" the day after; a plain
--             "overnight" the article's date. A date in an earlier sentence
--             carries over. "since June" gives "2025-06" (not a night).
--   date_text, figure, sentence, start, stop   the evidence
--
-- Copy and adapt: the word lists below are the whole "model".
local lede = require "lede"
local countries = lede.plugin("countries")

-- What is counted: the head noun of the figure.
local WEAPONS = {
  drone = "drone", drones = "drone", uav = "drone", uavs = "drone",
  shahed = "drone", shaheds = "drone", missile = "missile",
  missiles = "missile", rocket = "rocket", rockets = "rocket",
}
-- Places hit: "hits were recorded at 37 locations".
local PLACES = { locations = true, sites = true, places = true, areas = true }

-- What happened to them: the verb (or phrase) beside the figure.
local ACTIONS = {
  launched = { "launched", "launching", "launches", "fired", "fires",
    "firing", "sent", "sends", "sending", "attacked", "attacks",
    "used", "using", "unleashed", "targeted" },
  intercepted = { "intercepted", "intercepts", "intercepting", "intercept",
    "shot down", "shoot down", "shoots down", "shooting down", "downed", "downs",
    "brought down", "taken down", "destroyed", "destroys", "destroying",
    "neutralized", "neutralised", "neutralizing", "neutralising", "suppressed",
    "jammed", "repelled", "repulsed", "eliminated" },
  lost = { "locally lost", "lost", "failed to reach", "did not reach",
    "didn't reach", "disappeared", "redirected", "diverted" },
  hit = { "hit", "struck", "slammed into", "crashed into", "reached their targets",
    "hits by", "hits from", "impacts of", "impacts by", "strikes by" },
}
-- Words that may stand between a figure and its verb: "747 drones and
-- four missiles were shot down", "58 drones over the city were downed".
local AUX = { were = true, was = true, are = true, is = true, been = true,
  be = true, being = true, had = true, have = true, has = true }
local FILLER = { also = true, reportedly = true, all = true, later = true,
  ["and"] = true, ["or"] = true, either = true, successfully = true }
-- Words that end the reach of a verb in a sentence.
local BREAKS = { ["while"] = true, but = true, whereas = true, although = true }
-- A breakdown of the figure before it.
local BREAKDOWN = { including = true, among = true }
-- Capitals and seats of power for the side that launched or was hit.
local METONYMS = { Moscow = "Russia", Kremlin = "Russia", Kyiv = "Ukraine",
  Kiev = "Ukraine" }
local OTHER = { Russia = "Ukraine", Ukraine = "Russia" }
-- Words before a date that make it the night's evening ("late Tuesday",
-- "the night of Sept. 6") or its morning ("overnight into Sunday").
local EVENING = { late = true, evening = true, night = true, of = true }
local NIGHT_CUES = { overnight = true, night = true, late = true, early = true,
  evening = true, dawn = true, into = true }

-- Cues as word arrays, longest first, so "shot down" wins over "shot".
local CUES = {}
for action, list in pairs(ACTIONS) do
  for _, phrase in ipairs(list) do
    local w = {}
    for word in phrase:gmatch("%S+") do w[#w + 1] = word end
    CUES[#CUES + 1] = { action = action, words = w }
  end
end
table.sort(CUES, function(a, b)
  if #a.words ~= #b.words then return #a.words > #b.words end
  return a.words[1] < b.words[1]
end)

-- The words of a sentence: {w = lower-case word, a = start, b = stop,
-- sep = the punctuation before it}, positions in the article's text.
local function words_of(text, s)
  local list, last = {}, s.start
  for a, w, b in text:sub(s.start, s.stop):gmatch("()([%w][%w'%-]*)()") do
    local abs = s.start + a - 1
    list[#list + 1] = { w = w:lower(), word = w, a = abs, b = s.start + b - 2,
      sep = text:sub(last, abs - 1) }
    last = s.start + b - 1
  end
  return list
end

-- The cue starting at word i, if any: {action=, first=, last=}.
local function cue_at(words, i)
  for _, cue in ipairs(CUES) do
    local ok = true
    for k, w in ipairs(cue.words) do
      local word = words[i + k - 1]
      if not word or word.w ~= w or (k > 1 and word.sep:find("[,;:]")) then
        ok = false
        break
      end
    end
    if ok then return { action = cue.action, first = i, last = i + #cue.words - 1 } end
  end
end

-- Index of the first word at or after byte position pos.
local function word_index(words, pos)
  for i, w in ipairs(words) do
    if w.b >= pos then return i end
  end
  return #words + 1
end

-- A separator that ends a clause: ';', ':', a dash, or a comma.
local function clause_break(sep, strict)
  if sep:find("[;:]") or sep:find("\u{2014}") or sep:find(" %- ") then return true end
  return strict and sep:find(",") ~= nil
end

-- The verb after a figure (passive or intransitive): "84 were intercepted",
-- "two drones hit a building", "72 drones that Russia launched".
-- from: the first word after the figure's noun; covered: words of other
-- weapon figures coordinated with it.
local function cue_after(words, from, covered, allow_relative)
  local aux, relative, other = false, false, false
  for i = from, math.min(#words, from + 8) do
    local word = words[i]
    if clause_break(word.sep, true) and i > from then return nil end
    if i == from and word.sep:find("[,;:]") then return nil end
    local cue = cue_at(words, i)
    if cue then
      -- words other than auxiliaries in between need an auxiliary after
      -- them ("58 over the city were downed", not "six rockets scheduled
      -- for launch")
      cue.relative = relative and not aux
      if not other or aux then return cue end
      return nil
    end
    if AUX[word.w] then aux = true
    elseif (word.w == "that" or word.w == "which") and i == from then
      if not allow_relative then return nil end
      relative = true
    elseif not (FILLER[word.w] or covered[i] or relative or aux) then
      -- a preposition phrase before the auxiliary: "58 over the city were"
      other = true
      if i - from > 5 then return nil end
    end
  end
end

-- The nearest verb before word i in its clause: "Russia launched 810 drones".
local function cue_before(words, i)
  for j = i - 1, math.max(1, i - 12), -1 do
    local cue
    for k = j, math.max(1, j - 2), -1 do
      local c = cue_at(words, k)
      if c and c.last == j then cue = c break end
    end
    if cue then return cue end
    if BREAKS[words[j].w] or clause_break(words[j + 1].sep, false) then return nil end
  end
end

-- Country sides mentioned in a sentence: {side=, a=, b=} in text order.
local function sides_in(mentions, words, s)
  local list = {}
  for _, m in ipairs(mentions) do
    if m.start >= s.start and m.stop <= s.stop then
      list[#list + 1] = { side = m.country, a = m.start, b = m.stop }
    end
  end
  for _, w in ipairs(words) do
    local side = METONYMS[w.word]
    if side then list[#list + 1] = { side = side, a = w.a, b = w.b } end
  end
  table.sort(list, function(x, y) return x.a < y.a end)
  return list
end

-- The side named last before byte position pos (the verb's subject),
-- skipping the ones marked as someone else's (m.skip).
local function side_before(sides, pos, from)
  local found
  for _, m in ipairs(sides) do
    if m.b < pos and m.a >= (from or 0) and not m.skip then found = m.side end
  end
  return found
end

-- The side named in [a, b] ("121 Ukrainian drones").
local function side_within(sides, a, b)
  for _, m in ipairs(sides) do
    if m.a >= a and m.b <= b then return m.side end
  end
end

-- The object of an attack: "at Ukraine", "on Kyiv", "attacked Ukraine".
local function target_after(sides, words, i)
  for j = i, math.min(#words, i + 10) do
    local w = words[j]
    if j > i and clause_break(w.sep, true) then return nil end
    if w.w == "at" or w.w == "on" or w.w == "against" or w.w == "toward"
        or w.w == "towards" or w.w == "attacked" or w.w == "attacks" then
      local next_word = words[j + 1]
      if next_word then
        for _, m in ipairs(sides) do
          if m.a == next_word.a then return m.side end
        end
      end
    end
  end
end

-- YYYY-MM-DD plus n days.
local function add_days(day, n)
  local y, m, d = day:match("^(%d+)-(%d+)-(%d+)")
  local t = os.time { year = tonumber(y), month = tonumber(m), day = tonumber(d) + n, hour = 12 }
  return os.date("%Y-%m-%d", t)
end

-- The night a sentence reports on, as the date of its morning, or nil:
-- returns value, text, and whether a night cue named it.
local function night_of(doc, s, dates)
  local text = doc.text
  local dl = doc.dateline
  local best, best_text, best_cued
  for _, d in ipairs(dates) do
    local in_dateline = dl and d.start >= dl.start and d.stop <= dl.stop
    if not in_dateline and d.value then
      local before = text:sub(math.max(s.start, d.start - 24), d.start - 1):lower()
      -- the two words before the date, "on" and "the" skipped
      local prev, prev2
      for w in before:gsub("%f[%a]on%f[%A]", ""):gsub("%f[%a]the%f[%A]", ""):gmatch("%a+") do
        prev2, prev = prev, w
      end
      local lower_text = d.text:lower()
      local night_word = lower_text:find("%f[%a]night%f[%A]") or lower_text:find("evening")
      local cued = NIGHT_CUES[prev or ""] or NIGHT_CUES[prev2 or ""] or night_word
        or lower_text:find("overnight")
      local value
      if d.value:match("^%d%d%d%d%-%d%d%-%d%d") then
        value = d.value:sub(1, 10)
        local stop = d.end_value and d.end_value:sub(1, 10)
        if stop and stop == add_days(value, 1) then
          value, cued = stop, true            -- "the night of Sept. 6-7"
        elseif d.kind == "date" and (night_word
            or (EVENING[prev or ""] and prev2 ~= "into" and prev ~= "into")) then
          value = add_days(value, 1)          -- "Saturday night", "late Tuesday"
        end
      elseif prev == "since" or prev2 == "since" or d.kind == "interval" then
        value, cued = d.value, false          -- a running total: "since June"
      end
      if value and (not best or (cued and not best_cued)) then
        best, best_text, best_cued = value, d.text, cued
      end
    end
  end
  return best, best_text
end

db:exec [[
CREATE TABLE IF NOT EXISTS drone_reports (
  sha256 TEXT, start INTEGER, stop INTEGER, article TEXT, weapon TEXT,
  action TEXT, count INTEGER, max INTEGER, approx TEXT, noun TEXT,
  side TEXT, target TEXT, subtotal INTEGER NOT NULL DEFAULT 0,
  date TEXT, date_text TEXT, figure TEXT, sentence TEXT,
  PRIMARY KEY (sha256, start));
]]

-- Words that must appear for an article to be worth reading closely.
local function mentions_weapons(text)
  -- plain searches: much faster than patterns on a big corpus
  return text:find("rone", 1, true) or text:find("issile", 1, true)
    or text:find("UAV", 1, true) or text:find("ocket", 1, true)
end

-- What a figure counts: its own head noun, "drones and missiles" both.
local function weapon_of(doc, fig)
  local head = fig.head and fig.head:lower()
  local weapon = head and WEAPONS[head]
  if weapon and fig.noun_stop then
    local after = doc.text:sub(fig.noun_stop + 1, fig.noun_stop + 14):lower()
    local other = after:match("^ and (%a+)") or after:match("^ or (%a+)")
    local second = other and WEAPONS[other]
    if second and second ~= weapon then weapon = weapon .. "+" .. second end
  end
  if not weapon and head and PLACES[head] then weapon = "location" end
  return weapon
end

lede.each(function(doc)
  if not mentions_weapons(doc.text) then return end
  local text = doc.text
  local night, night_text = doc.date, nil   -- until a sentence says otherwise
  local headline = doc.headline
  local mentions
  local rows = {}
  local figures_in, dates_in = {}, {}
  for _, f in ipairs(doc:numbers()) do
    figures_in[f.sentence] = figures_in[f.sentence] or {}
    table.insert(figures_in[f.sentence], f)
  end
  for _, d in ipairs(doc:dates()) do
    dates_in[d.sentence] = dates_in[d.sentence] or {}
    table.insert(dates_in[d.sentence], d)
  end
  local last_item   -- the last figure that named its weapon
  for _, s in ipairs(doc:sentences { headline = true }) do
    local in_headline = headline and headline.start and s.start >= headline.start
      and s.stop <= headline.stop
    local day, day_text = night_of(doc, s, dates_in[s] or {})
    if day and not in_headline then night, night_text = day, day_text end
    local figs = figures_in[s]
    if figs and not in_headline then
      local words = words_of(text, s)
      mentions = mentions or countries.find(doc)
      local sides = sides_in(mentions, words, s)
      -- the weapon of each figure; noun-less ones ("84 were intercepted",
      -- "five more", "14 others") count the weapon named before them
      local items = {}
      for _, f in ipairs(figs) do
        if f.kind == "number" and f.role == nil then
          local weapon = weapon_of(doc, f)
          local head = f.head and f.head:lower()
          local borrowed = false
          local source
          if not weapon and last_item and (head == nil or head == "others" or head == "more") then
            weapon, borrowed, source = last_item.weapon, true, last_item
          end
          if weapon then
            local first = word_index(words, f.start)
            local stop = math.max(f.stop, f.noun_stop or 0)
            local after = word_index(words, stop + 1)
            local it = { fig = f, weapon = weapon, borrowed = borrowed,
              first = first, after = after, source = source }
            items[#items + 1] = it
            if weapon ~= "location" and not borrowed then last_item = it end
          end
        end
      end
      -- words inside weapon figures, and chains of figures joined by
      -- "and"/"or"/"," ("810 drones and 13 missiles") that share a verb
      local covered = {}
      for k, it in ipairs(items) do
        for i = it.first, it.after - 1 do covered[i] = true end
        local prev = items[k - 1]
        if prev and prev.weapon ~= "location" and it.weapon ~= "location" then
          local gap = text:sub((prev.fig.noun_stop or prev.fig.stop) + 1, it.fig.start - 1)
          if gap:match("^,? and $") or gap:match("^,? or $")
              or (gap == ", " and not it.borrowed) then
            it.chained = prev
            covered[it.first - 1] = true
          end
        end
      end
      -- a side named inside a figure ("121 Ukrainian drones") or as the
      -- subject of a launch ("Russia launched") is not who shot them down
      for _, m in ipairs(sides) do
        for _, it in ipairs(items) do
          if m.a >= it.fig.start and m.b <= (it.fig.noun_stop or it.fig.stop) then m.skip = true end
        end
        local i = word_index(words, m.b + 1)
        for j = i, math.min(i + 2, #words) do
          local c = cue_at(words, j)
          if c and c.action == "launched" then m.skip = true end
        end
      end
      for k = #items, 1, -1 do
        local it = items[k]
        local after_cue = cue_after(words, it.after, covered, it.fig.whole == nil
          and not it.fig.of)
        if after_cue then it.cue = after_cue end
        if it.chained and not it.chained.cue and it.cue then it.chained.cue = it.cue end
      end
      for _, it in ipairs(items) do
        local f = it.fig
        local prev_word = words[it.first - 1]
        local cue = it.cue
        if not cue and it.chained then cue = it.chained.cue end
        local action = cue and cue.action
        if not action and prev_word and prev_word.w == "with" then
          action = "launched"                  -- "attacked Ukraine with 112 drones"
          cue = cue_before(words, it.first - 1) or { first = it.first - 1 }
        end
        if not action then
          cue = cue_before(words, it.first)
          action = cue and cue.action
        end
        local subtotal = prev_word and BREAKDOWN[prev_word.w] and it.borrowed
        if subtotal and not action then
          for j = #rows, 1, -1 do
            if rows[j]._sentence == s then action = rows[j].action break end
          end
        end
        -- "downed 58 of 72 drones": the whole of an intercepted part was launched
        if f.whole == nil then
          for _, other in ipairs(items) do
            if other.fig.whole == f and other.action and other.action ~= "launched" then
              action = "launched"
            end
          end
        end
        if it.weapon == "location" then
          local lower = s.text:lower()
          if lower:find("hits?%f[%A]") or lower:find("strikes%f[%A]")
              or lower:find("impacts%f[%A]") or lower:find("struck") then
            action = "hit"
          else
            action = nil
          end
        end
        it.action = action
        if action then
          local cue_pos = cue and words[cue.first] and words[cue.first].a or f.start
          local side = side_within(sides, f.start, f.noun_stop or f.stop)
            or (it.source and it.source.side)
          local target
          if action == "launched" or action == "hit" then
            if cue and cue.relative then       -- "72 drones that Russia launched"
              for _, m in ipairs(sides) do
                if m.a > f.stop and m.b < cue_pos then side = side or m.side end
              end
            elseif cue_pos < f.start then
              local subject
              for _, m in ipairs(sides) do
                if m.b < cue_pos then subject = m.side end
              end
              side = side or subject
            end
            target = target_after(sides, words, (cue and cue.first) or it.first)
          else
            -- who shot them down: the subject before the verb, or before
            -- the figure for a passive ("Ukraine said 26 drones were downed")
            local subject = side_before(sides, math.min(cue_pos, f.start), s.start)
            if subject and subject ~= side then target = subject end
          end
          it.side = side
          local ev = lede.evidence(f)
          rows[#rows + 1] = {
            article = doc.id, sha256 = doc.sha256, weapon = it.weapon, action = action,
            count = f.value, max = f.max or lede.null, approx = f.approx or lede.null,
            noun = f.noun or lede.null, side = side, target = target,
            subtotal = subtotal and 1 or 0,
            date = night or lede.null, date_text = night_text or lede.null,
            figure = ev.text, sentence = ev.sentence, start = ev.start, stop = ev.stop,
            _sentence = s,
          }
        end
      end
    end
  end
  -- Sides the sentence left open: the one side the article's launch
  -- figures name, and in a two-sided war the other side as the target.
  local launchers, n = {}, 0
  for _, r in ipairs(rows) do
    if r.action == "launched" and r.side and not launchers[r.side] then
      launchers[r.side] = true
      n = n + 1
    end
  end
  for _, r in ipairs(rows) do
    r._sentence = nil
    if not r.side and n == 1 then
      local only = next(launchers)
      if r.target ~= only then r.side = only end
    end
    if not r.side and r.target and OTHER[r.target] then r.side = OTHER[r.target] end
    if not r.target and r.side and OTHER[r.side] then r.target = OTHER[r.side] end
    r.side = r.side or "unknown"
    r.target = r.target or lede.null
  end
  if #rows > 0 then
    db:upsert("drone_reports", rows, { pk = { "sha256", "start" } })
  end
end)
