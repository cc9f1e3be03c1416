-- country_pledges.lua -- which countries pledged what, how many pledged
-- out of how many, and every country mentioned, sentence by sentence.
--
--   lede run scripts/country_pledges.lua --db lede.db ARTICLES...
--   sqlite3 lede.db 'SELECT country, what, COUNT(*) FROM pledges GROUP BY 1, 2'
--
-- Tables: pledges (one row per country pledge, plus rows of kind
-- "pledging" and "coalition" for counts such as "26 of 35 countries")
-- and country_mentions (one row per mention, demonyms included).
local lede = require "lede"
local countries = lede.plugin("countries")

-- A sentence pledges when it has one of these (whole words, lower case).
local CUES = { "pledged", "pledge", "pledges", "committed", "promised",
  "agreed to contribute", "agreed to send", "will send", "would send",
  "offered", "to deploy", "to contribute", "will contribute" }

-- What is pledged, by the words that name it.
local WHAT = {
  { "reassurance force", { "reassurance force" } },
  { "troops", { "troops", "soldiers", "forces", "personnel", "company of" } },
  { "money", { "aid", "billion", "million", "loan", "funding", "money" } },
  { "equipment", { "equipment", "air defense", "weapons", "systems", "tanks", "ammunition" } },
  { "training", { "training", "train" } },
}

-- Nouns that count countries.
local COUNTRY_NOUNS = { countries = true, allies = true, states = true,
  nations = true, members = true, governments = true }

local function has_word(text, phrase)
  local from = 1
  while true do
    local a, b = text:find(phrase, from, true)
    if not a then return false end
    if not text:sub(a - 1, a - 1):match("%a") and not text:sub(b + 1, b + 1):match("%a") then
      return true
    end
    from = b + 1
  end
end

local function any_word(text, list)
  for _, w in ipairs(list) do
    if has_word(text, w) then return w end
  end
end

local function what_of(text)
  local found = {}
  for _, entry in ipairs(WHAT) do
    if any_word(text, entry[2]) then found[#found + 1] = entry[1] end
  end
  return #found > 0 and table.concat(found, ", ") or nil
end

lede.each(function(doc)
  local mentions = countries.find(doc)
  local by_sentence = {}
  local mention_rows = {}
  local sentences = doc:sentences { headline = true }
  for _, m in ipairs(mentions) do
    -- the sentence holding the mention (sentences are in text order)
    local sent
    for _, s in ipairs(sentences) do
      if s.start <= m.start and m.stop <= s.stop then sent = s break end
    end
    mention_rows[#mention_rows + 1] = {
      article = doc.id, sha256 = doc.sha256, country = m.country, iso2 = m.iso2,
      text = m.text, via = m.via, start = m.start, stop = m.stop,
      sentence = sent and sent.text or lede.null,
    }
    if sent then
      by_sentence[sent] = by_sentence[sent] or {}
      table.insert(by_sentence[sent], m)
    end
  end

  local figures_in = {}
  for _, f in ipairs(doc:numbers()) do
    figures_in[f.sentence] = figures_in[f.sentence] or {}
    table.insert(figures_in[f.sentence], f)
  end

  local pledge_rows = {}
  for _, s in ipairs(sentences) do
    local figs = figures_in[s] or {}
    local lower = s.text:lower()
    local cue = any_word(lower, CUES)
    if cue then
      local what = what_of(lower)
      -- each country named in a pledging sentence, before the cue or as
      -- its subject, pledged what the sentence names
      local seen = {}
      for _, m in ipairs(by_sentence[s] or {}) do
        if not seen[m.iso2] and m.via ~= "demonym_of_person" then
          seen[m.iso2] = true
          local money
          for _, f in ipairs(figs) do
            if f.kind == "money" then money = f break end
          end
          pledge_rows[#pledge_rows + 1] = {
            article = doc.id, sha256 = doc.sha256, kind = "country",
            country = m.country, iso2 = m.iso2, what = what or lede.null,
            amount = money and money.value or lede.null,
            unit = money and money.unit or lede.null,
            cue = cue, sentence = s.text, start = m.start, stop = m.stop,
          }
        end
      end
    end
    -- counts of countries: "26 of the 35 countries pledged", "a group
    -- of 35 countries", "the 26 states"
    for _, f in ipairs(figs) do
      if f.kind == "number" and f.head
         and COUNTRY_NOUNS[f.head:lower()] then
        local kind
        if f.whole then kind = "pledging"
        elseif cue then kind = "pledging"
        elseif has_word(lower, "coalition") or has_word(lower, "group") then kind = "coalition"
        end
        if kind then
          pledge_rows[#pledge_rows + 1] = {
            article = doc.id, sha256 = doc.sha256, kind = kind,
            count = f.value, total = f.whole and f.whole.value or lede.null,
            what = cue and what_of(lower) or lede.null, cue = cue or lede.null,
            sentence = s.text, start = f.start, stop = f.stop,
          }
        end
      end
    end
  end

  if #mention_rows > 0 then
    db:upsert("country_mentions", mention_rows, { pk = { "sha256", "start" } })
  end
  if #pledge_rows > 0 then
    db:upsert("pledges", pledge_rows, { pk = { "sha256", "kind", "start" } })
  end
end)
