-- plugin.lua -- quotes: direct quotes with their speaker and cue verb.
--
--   “We will not give up,” Zelenskyy said.        speaker after, cue after
--   “We will not give up,” said Zelenskyy.        cue, then speaker
--   Macron said: “Europe is ready.”               speaker and cue before
--   “It is a first step,” according to the ministry.
-- A quote that runs over several paragraphs opens each of them with a
-- quotation mark and closes only in the last one (news convention); it is
-- one quote. Curly (“ ”) and straight (") double quotes are read.
-- Spans are 1-based inclusive byte offsets into the text.
local M = {
  name = "quotes",
  version = "1.0.0",
  description = "Direct quotes with speaker and cue verb (“…,” Macron said / said Zelenskyy / according to …)",
  lede = ">=0.1",
  permissions = {},
  provides = { "find" },
}

-- The longest attribution looked at on either side of a quote (bytes).
local MAX_ATTRIBUTION = 160

local CUES = {}
for w in ([[said says told added asked wrote stated explained noted warned
  insisted declared continued replied argued stressed urged recalled
  acknowledged announced admitted conceded claimed tweeted posted
  emphasized emphasised confirmed cautioned predicted suggested]]):gmatch("%a+") do
  CUES[w] = true
end
local PRONOUNS = { he = true, she = true, they = true, I = true, we = true,
  He = true, She = true, They = true, We = true }

local OPEN, CLOSE = "\226\128\156", "\226\128\157"  -- “ ”

local function span(text, a, b)
  return { text = text:sub(a, b), start = a, stop = b }
end

-- Quotes: array of {a, b} content spans (inside the marks), open, close
-- positions of the marks, and the number of paragraphs.
local function quote_spans(text)
  local out = {}
  local pos, n = 1, #text
  while pos <= n do
    local a1 = text:find(OPEN, pos, true)
    local a2 = text:find('"', pos, true)
    local a, curly
    if a1 and (not a2 or a1 < a2) then a, curly = a1, true else a, curly = a2, false end
    if not a then break end
    local mark = curly and 3 or 1
    local cstart = a + mark
    local paras = 1
    local close
    local p = cstart
    while true do
      local c = curly and text:find(CLOSE, p, true) or text:find('"', p, true)
      local brk = text:find("\n", p, true)
      if c and (not brk or c < brk) then close = c break end
      if not brk then break end
      -- a paragraph ended inside the quote: does the next one reopen it?
      local nxt = text:find("[^%s]", brk)
      if nxt and curly and text:sub(nxt, nxt + 2) == OPEN then
        paras = paras + 1
        p = nxt + 3
      elseif nxt and not curly and text:sub(nxt, nxt) == '"' then
        paras = paras + 1
        p = nxt + 1
      else
        break
      end
    end
    if close then
      out[#out + 1] = { a = cstart, b = close - 1, open = a, close = close,
        closelen = curly and 3 or 1, paragraphs = paras }
      pos = close + (curly and 3 or 1)
    else
      pos = cstart  -- an unbalanced mark: skip it
    end
  end
  return out
end

-- A speaker: a run of capitalized words (a title and a name), a pronoun,
-- or "the" + up to four words ("the Kremlin", "the ministry").
local NAME = "[%u\195-\197][%w\128-\255'%.%-]*"

-- After the quote: [,] Speaker cue | cue Speaker | according to Speaker
local function after(text, q)
  local from = q.close + q.closelen
  local s = text:sub(from, from + MAX_ATTRIBUTION)
  local rest = s:match("^%s*,?%s*()") or 1
  -- according to X
  local at, x = s:match("^()according to ()", rest)
  if at then
    local sp = s:match("^[%w\128-\255 '%.%-]-()[%.,;\n]", x) or #s + 1
    local who = s:sub(x, sp - 1):gsub("%s+$", "")
    if who ~= "" then
      return span(text, from + x - 1, from + x - 2 + #who), span(text, from + at - 1, from + at + 10)
    end
  end
  -- cue verb first: said Zelenskyy / said the minister
  local cue = s:match("^(%a+)", rest)
  if cue and CUES[cue] then
    local w = rest + #cue
    local sa = s:match("^%s+()", w)
    if sa then
      local sb = s:match("^" .. NAME .. "()", sa)
      if not sb then
        -- "said election chief Tomas Berg": lowercase words, then a name
        local skip = sa
        for _ = 1, 3 do
          skip = s:match("^%l[%a%-]*%s+()", skip)
          if not skip then break end
          sb = s:match("^" .. NAME .. "()", skip)
          if sb then break end
        end
      end
      if sb then
        while true do
          local nb = s:match("^ " .. NAME .. "()", sb)
          if not nb then break end
          sb = nb
        end
        local who = s:sub(sa, sb - 1):gsub("[%.,]$", "")
        return span(text, from + sa - 1, from + sa - 2 + #who), span(text, from + rest - 1, from + rest - 2 + #cue)
      end
      local the = s:match("^the [%a%-]+()", sa)
      if the then
        return span(text, from + sa - 1, from + the - 2), span(text, from + rest - 1, from + rest - 2 + #cue)
      end
    end
  end
  -- speaker first: Zelenskyy said / Finnish President Alexander Stubb told reporters
  local sa = rest
  local sb
  local first = s:match("^(%a+)", sa)
  if first and PRONOUNS[first] then
    sb = sa + #first
  elseif s:find("^[Tt]he ", sa) then
    sb = s:match("^[Tt]he [%a%-]+()", sa)
    for _ = 1, 3 do
      local nb = s:match("^ [%a%-]+()", sb)
      if not nb or CUES[s:match("^ (%a+)", sb)] then break end
      sb = nb
    end
  else
    sb = s:match("^" .. NAME .. "()", sa)
    while sb do
      local nb = s:match("^ " .. NAME .. "()", sb)
      if not nb then break end
      sb = nb
    end
  end
  if sb then
    local cs, verb = s:match("^%s+()(%a+)", sb)
    if verb and CUES[verb] then
      return span(text, from + sa - 1, from + sb - 2), span(text, from + cs - 1, from + cs - 2 + #verb)
    end
  end
  return nil
end

-- Before the quote: Speaker cue [object][,:] “…  ("Stubb told reporters:")
local function before(text, q)
  local to = q.open - 1
  local lo = math.max(1, to - MAX_ATTRIBUTION)
  local s = text:sub(lo, to)
  -- only this sentence: after the last sentence end or line break
  local cut = 1
  for p in s:gmatch("[%.!?\n]%s+()") do cut = p end
  local words = {}
  for a, w in s:gmatch("()(%S+)") do
    if a >= cut then words[#words + 1] = { a = a, w = w } end
  end
  local n = #words
  if n == 0 or not words[n].w:find("[,:]$") and not s:find("%s$") then return nil end
  -- the cue verb among the last three words; what follows it is lowercase
  local c
  for i = n, math.max(1, n - 2), -1 do
    local bare = words[i].w:gsub("[,:]$", "")
    if CUES[bare] then c = i break end
    if not bare:find("^%l") then break end
  end
  if not c or c == 1 then return nil end
  local verb = words[c].w:gsub("[,:]$", "")
  local cue = span(text, lo + words[c].a - 1, lo + words[c].a - 2 + #verb)
  local k = c - 1
  local last = words[k].w
  if PRONOUNS[last] then
    return span(text, lo + words[k].a - 1, lo + words[k].a - 2 + #last), cue
  end
  local i = k
  while i >= 1 and words[i].w:find("^[%u\195-\197]") and not words[i].w:find("[%.,;:]$") do i = i - 1 end
  if i == k then
    -- "the prime minister told lawmakers:" -- a described speaker
    for j = k, math.max(1, k - 4), -1 do
      if words[j].w == "the" or words[j].w == "The" then i = j - 1 break end
    end
    if i == k then return nil, cue end
  end
  local a = words[i + 1].a
  local b = words[k].a + #words[k].w - 1
  return span(text, lo + a - 1, lo + b - 1), cue
end

--[[
quotes.find(doc_or_text) -> array of
  {text=, start=, stop=,            the quote's words, inside the marks
   speaker={text, start, stop} | nil, cue={text, start, stop} | nil,
   paragraphs=n}                    paragraphs the quote runs over
]]
function M.find(doc)
  local text = type(doc) == "table" and doc.text or doc
  if type(text) ~= "string" then error("quotes.find: expected a document or a string", 2) end
  local out = {}
  for _, q in ipairs(quote_spans(text)) do
    local content = text:sub(q.a, q.b)
    -- a quotation with at least two words (not a scare-quoted term)
    if content:find("%S+%s+%S+") then
      local speaker, cue = after(text, q)
      if not speaker then speaker, cue = before(text, q) end
      local b = q.b
      while b > q.a and text:sub(b, b):find("[,%s]") do b = b - 1 end
      out[#out + 1] = { text = text:sub(q.a, b), start = q.a, stop = b,
        speaker = speaker, cue = cue, paragraphs = q.paragraphs }
    end
  end
  return out
end

return M
