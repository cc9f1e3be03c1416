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
local CUES = { "pledged", "pledge", "pledges", "pledging", "committed",
  "promised", "promises", "agreed to contribute", "agreed to send", "will send",
  "would send", "offered", "offers", "will offer", "would offer", "to deploy",
  "to contribute", "will contribute", "would contribute", "will provide",
  "would provide", "will train", "would train", "announced a package" }

-- What is pledged, by the words that name it.
local WHAT = {
  { "reassurance force", { "reassurance force" } },
  { "troops", { "troops", "soldiers", "forces", "personnel", "company of", "brigade" } },
  { "money", { "aid", "billion", "million", "loan", "funding", "money", "package" } },
  { "equipment", { "equipment", "air defense", "air defence", "weapons", "systems",
    "tanks", "ammunition", "jets", "aircraft", "missiles", "drones", "artillery",
    "shells", "vehicles", "generators", "munitions", "howitzers" } },
  { "training", { "training", "train", "trainers", "instructors" } },
  { "humanitarian", { "humanitarian", "hospitals", "medical", "food", "shelter" } },
}

-- Nouns that count countries.
-- (singular in compounds: "a 35-nation coalition", "the 27-member bloc")
local COUNTRY_NOUNS = { countries = true, allies = true, states = true,
  nations = true, members = true, governments = true, country = true,
  nation = true, member = true, state = true }

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

-- Every cue in a lower-cased sentence, in order: {word=, at=}.
local function cues_in(lower)
  local found = {}
  -- "will also offer" is "will offer": blank the adverb, keep positions
  lower = lower:gsub("(%s)also(%s)", "%1    %2")
  for _, cue in ipairs(CUES) do
    local from = 1
    local pattern = cue:gsub(" ", "%%s+")
    while true do
      local a, b = lower:find(pattern, from)
      if not a then break end
      if not lower:sub(a - 1, a - 1):match("%a") and not lower:sub(b + 1, b + 1):match("%a") then
        found[#found + 1] = { word = cue, at = a }
      end
      from = b + 1
    end
  end
  table.sort(found, function(x, y) return x.at < y.at end)
  return found
end

-- Titles that make a nationality name a person ("Ukrainian President").
local TITLES = { "president", "prime minister", "chancellor", "minister",
  "foreign minister", "defense minister", "defence minister", "leader",
  "officials", "official", "ambassador", "envoy", "king", "queen",
  "counterpart", "spokesman", "spokeswoman", "media" }

-- Bodies that act for their country ("Estonia's government pledged").
local ORGANS = { "government", "cabinet", "parliament", "military", "army",
  "president", "prime minister", "chancellor", "minister", "foreign minister",
  "defense minister", "defence minister", "leader", "officials", "king", "queen",
  "emir", "crown prince", "foreign ministry", "defense ministry", "defence ministry" }

-- After a nationality these speak for the state ("Japanese officials offered").
local BODIES = { "officials", "government", "ministry", "authorities", "firms",
  "companies", "military", "army", "navy" }

local function followed_by(s, m, list, lead)
  local after = s.text:sub(m.stop - s.start + 2, m.stop - s.start + 30):lower()
  for _, t in ipairs(list) do
    if after:find("^" .. lead .. t:gsub(" ", "%%s+") .. "%f[%A]") then return true end
  end
  return false
end

-- Whether mention m cannot be the subject of a pledge: a nationality
-- before a title names a person ("Finnish President Alexander Stubb");
-- a possessive names someone else unless a body of state follows
-- ("Ukraine's allies" pledge, "Estonia's prime minister" pledges for Estonia).
local function names_person(s, m, cue_at)
  if m.via == "demonym" then
    if followed_by(s, m, BODIES, "%s+") then return false end
    -- "Finnish President Alexander Stubb pledged": the person acts for
    -- the state when the verb follows the name at once
    local between = s.text:sub(m.stop - s.start + 2, cue_at - s.start)
    local _, words = between:gsub("%S+", "")
    return words > 5 and followed_by(s, m, TITLES, "%s+")
  end
  -- part of a proper name: "the Ukraine Defense Contact Group"
  local next_word = s.text:sub(m.stop - s.start + 2, m.stop - s.start + 30):match("^ (%u%a+)")
  if next_word and m.via == "name" then return true end
  local after = s.text:sub(m.stop - s.start + 2, m.stop - s.start + 5)
  if after:find("^'s") or after:find("^\u{2019}s") then
    return not followed_by(s, m, ORGANS, "[^%s]*s%s+")
  end
  return false
end

local function what_of(text)
  local found = {}
  for _, entry in ipairs(WHAT) do
    if any_word(text, entry[2]) then found[#found + 1] = entry[1] end
  end
  return #found > 0 and table.concat(found, ", ") or nil
end

-- The tables, declared up front so every column exists even when no
-- article fills it.
db:exec [[
CREATE TABLE IF NOT EXISTS pledges (
  sha256 TEXT, kind TEXT, start INTEGER, stop INTEGER, article TEXT,
  country TEXT, iso2 TEXT, what TEXT, amount REAL, unit TEXT,
  count INTEGER, total INTEGER, cue TEXT, sentence TEXT,
  PRIMARY KEY (sha256, kind, start));
CREATE TABLE IF NOT EXISTS country_mentions (
  sha256 TEXT, start INTEGER, stop INTEGER, article TEXT, country TEXT,
  iso2 TEXT, text TEXT, via TEXT, sentence TEXT,
  PRIMARY KEY (sha256, start));
]]

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
  local pledging_counts = {}   -- value -> true, for "the 26 states" later on
  local headline = doc.headline
  for _, s in ipairs(sentences) do
    -- a headline repeats the story: its pledges are not counted twice
    local in_headline = headline and headline.start and s.start >= headline.start
      and s.stop <= headline.stop
    local figs = figures_in[s] or {}
    local lower = s.text:lower()
    local cues = cues_in(lower)
    -- each pledge cue is credited to the nearest country named before
    -- it, its subject ("Germany has promised", "Estonia's prime minister
    -- pledged"); a nationality before a title ("Finnish President ...")
    -- names a person, not a pledger. What is pledged is named between
    -- the cue and the next one.
    local mentions_here = by_sentence[s] or {}
    local dl = doc.dateline
    for c, cue in ipairs(cues) do
      local abs_cue = s.start + cue.at - 1
      local subject
      for _, m in ipairs(mentions_here) do
        local in_dateline = dl and m.start >= dl.start and m.stop <= dl.stop
        if m.stop < abs_cue and not in_dateline and not names_person(s, m, abs_cue) then
          subject = m
          -- "French officials said 26 countries had committed": the count
          -- is the subject
          for _, f in ipairs(figs) do
            if f.start > m.stop and f.start < abs_cue and f.head
                and COUNTRY_NOUNS[f.head:lower()] then
              subject = nil
            end
          end
        end
      end
      local prev_cue = cues[c - 1] and (s.start + cues[c - 1].at - 1) or s.start
      -- coordinated subjects: "Denmark and Norway pledged troops"
      local subjects = { subject }
      if subject then
        for k = #mentions_here, 1, -1 do
          local m = mentions_here[k]
          local last = subjects[#subjects]
          if m.stop < last.start then
            local gap = doc.text:sub(m.stop + 1, last.start - 1)
            if gap == ", " or gap == " and " or gap == ", and " or gap == " as well as " then
              subjects[#subjects + 1] = m
            end
          end
        end
      end
      if subject and subject.start >= prev_cue - 60 and not in_headline then
        local upto = cues[c + 1] and cues[c + 1].at - 1 or #lower
        local span_text = lower:sub(cue.at, upto)
        local money
        for _, f in ipairs(figs) do
          if f.kind == "money" and f.start >= abs_cue and f.start <= s.start + upto then
            money = f
            break
          end
        end
        for _, subj in ipairs(subjects) do
          pledge_rows[#pledge_rows + 1] = {
            article = doc.id, sha256 = doc.sha256, kind = "country",
            country = subj.country, iso2 = subj.iso2,
            what = what_of(span_text) or lede.null,
            amount = money and money.value or lede.null,
            unit = money and money.unit or lede.null,
            cue = cue.word, sentence = s.text, start = subj.start, stop = subj.stop,
          }
        end
      end
    end
    -- counts of countries: "26 of the 35 countries pledged" (26 pledging,
    -- 35 the coalition), "a group of 35 countries", "the 26 states"
    local wholes = {}
    for _, f in ipairs(figs) do if f.whole then wholes[f.whole] = true end end
    for _, f in ipairs(figs) do
      if f.kind == "number" and f.head and COUNTRY_NOUNS[f.head:lower()] then
        local kind
        local before = doc.text:sub(math.max(s.start, f.start - 4), f.start - 1)
        if wholes[f] then kind = "coalition"
        elseif #cues > 0 then kind = "pledging"
        elseif has_word(lower, "coalition") or has_word(lower, "group") then kind = "coalition"
        elseif before:find("the $") and pledging_counts[f.value] then
          kind = "pledging"                 -- "the 26 states" named before
        end
        if kind == "pledging" then pledging_counts[f.value] = true end
        if kind and not in_headline then
          pledge_rows[#pledge_rows + 1] = {
            article = doc.id, sha256 = doc.sha256, kind = kind,
            count = f.value, total = f.whole and f.whole.value or lede.null,
            what = #cues > 0 and what_of(lower) or lede.null,
            cue = cues[1] and cues[1].word or lede.null,
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
