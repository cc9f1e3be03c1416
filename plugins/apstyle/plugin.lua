-- plugin.lua -- apstyle: an example checker for a few AP style rules.
--
--   numbers   whole numbers under 10 are spelled out ("three drones"),
--             except where AP uses figures: ages, percentages, money,
--             dates and times, measurements and units, scores, millions.
--   percent   "percent", not "%", in body copy.
--   months    with a specific date, Jan., Feb., Aug., Sept., Oct., Nov. and
--             Dec. are abbreviated and March to July are not; a month
--             alone or with a year only is spelled out.
-- Each finding: {rule=, text=, start=, stop=, message=, suggestion=}.
local M = {
  name = "apstyle",
  version = "1.0.0",
  description = "AP style checks: numbers under 10, percent, month abbreviations",
  lede = ">=0.1",
  permissions = {},
  provides = { "check" },
}

local WORDS = { "one", "two", "three", "four", "five", "six", "seven", "eight", "nine" }

local MONTHS = {
  { "January", "Jan." }, { "February", "Feb." }, { "March", "March" },
  { "April", "April" }, { "May", "May" }, { "June", "June" }, { "July", "July" },
  { "August", "Aug." }, { "September", "Sept." }, { "October", "Oct." },
  { "November", "Nov." }, { "December", "Dec." },
}
-- Every way a month is written -> its index.
local MONTH_FORMS = {}
for i, m in ipairs(MONTHS) do
  MONTH_FORMS[m[1]] = i
  MONTH_FORMS[m[1]:sub(1, 3)] = i
  MONTH_FORMS[m[1]:sub(1, 3) .. "."] = i
  MONTH_FORMS[m[2]] = i
end
MONTH_FORMS["Sept"] = 9
MONTH_FORMS["May"] = 5

-- After a figure, words that make a figure right in AP style.
local UNIT_AFTER = {}
for w in ([[percent percentage million billion trillion year years month months
  week weeks day days hour hours minute minutes second seconds a.m. p.m. am pm
  km kilometers kilometres miles mile meters metres meter metre feet foot inches
  inch mph kph degrees degree points point kg pounds tons tonnes grams liters
  litres gallons acres cm mm per cent GB MB times x]]):gmatch("%S+") do
  UNIT_AFTER[w] = true
end
-- Before a figure: words that make it right.
local BEFORE = { No = true, ["No."] = true, page = true, Page = true, chapter = true,
  Chapter = true, room = true, Room = true, Article = true, article = true,
  aged = true, age = true, Section = true, section = true, version = true,
  Route = true, Highway = true, Level = true, level = true, Category = true,
  category = true, Grade = true, grade = true, Phase = true, phase = true,
  Act = true, Step = true, step = true, Game = true, game = true, Round = true }

local function finding(text, rule, a, b, message, suggestion)
  return { rule = rule, text = text:sub(a, b), start = a, stop = b,
    message = message, suggestion = suggestion }
end

local function check_numbers(text, out)
  for a, num, b in text:gmatch("()(%d+)()") do
    local n = tonumber(num)
    local prev = a > 1 and text:sub(a - 1, a - 1) or " "
    local nextc = text:sub(b, b)
    -- a lone digit: a word of its own, not part of 3.5, 1,200, 9/11, 3-2
    local alone = #num == 1 and n >= 1 and prev:find("^[%s%(\"]$") and
      (nextc == "" or nextc:find("^[%s%)\"]$") or
       (nextc:find("^[%.,;:]$") and not text:sub(b + 1, b + 1):find("[%d%a]")))
    if alone then
      local before_word = text:sub(math.max(1, a - 12), a - 1):match("(%S+)%s+$")
      local after_raw = text:match("^%s+(%S+)", b)
      local after_word = after_raw and after_raw:gsub("[,;:]$", "")
      local month_before = before_word and MONTH_FORMS[before_word:gsub(",$", "")]
      local ok = month_before or (before_word and BEFORE[before_word])
        or (after_word and (UNIT_AFTER[after_word] or UNIT_AFTER[after_word:lower()]
          or UNIT_AFTER[after_word:gsub("%.$", "")] or after_word:find("^%d")))
      if not ok then
        out[#out + 1] = finding(text, "numbers", a, b - 1,
          ("spell out whole numbers under 10: \"%s\""):format(WORDS[n]), WORDS[n])
      end
    end
  end
end

local function check_percent(text, out)
  for a, b in text:gmatch("%d%s?()%%()") do
    out[#out + 1] = finding(text, "percent", a, b - 1,
      'use "percent" in body copy, not "%"', " percent")
  end
end

local function check_months(text, out)
  for a, word, b in text:gmatch("()(%u%a+%.?)()") do
    local i = MONTH_FORMS[word]
    local prevc = a > 1 and text:sub(a - 1, a - 1) or " "
    if i and not prevc:find("[%w]") and not (word == "May" and not text:find("^ %d", b)) then
      local m = MONTHS[i]
      local day = text:match("^ (%d%d?)%f[%D]", b)
      local year_only = not day and text:match("^,? (%d%d%d%d)%f[%D]", b)
      if day then
        if word ~= m[2] then
          out[#out + 1] = finding(text, "months", a, b - 1,
            ('with a date, write "%s"'):format(m[2]), m[2])
        end
      elseif word ~= m[1] and (year_only or #word > 3 or word:find("%.$")) then
        out[#out + 1] = finding(text, "months", a, b - 1,
          ('spell out a month without a day: "%s"'):format(m[1]), m[1])
      end
    end
  end
end

--[[
apstyle.check(doc_or_text) -> array of findings in text order:
  {rule="numbers"|"percent"|"months", text=, start=, stop=, message=, suggestion=}
]]
function M.check(doc)
  local text = type(doc) == "table" and doc.text or doc
  if type(text) ~= "string" then error("apstyle.check: expected a document or a string", 2) end
  local out = {}
  check_numbers(text, out)
  check_percent(text, out)
  check_months(text, out)
  table.sort(out, function(x, y) return x.start < y.start end)
  return out
end

return M
