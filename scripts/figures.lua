-- figures.lua -- the fact-checker's sheet: every figure and every date,
-- with its sentence, kind, value and what it counts.
--
--   lede run scripts/figures.lua --db lede.db ARTICLES...
--   lede run scripts/figures.lua --csv figures.csv ARTICLES...
--
-- Rows go to the table `figures` (one per figure or date); with --csv
-- FILE they are also written as CSV.
local lede = require "lede"

-- Our own option: --csv FILE. Everything else in arg is an input.
local csv_path
local inputs = {}
local i = 1
while arg[i] do
  if arg[i] == "--csv" then
    csv_path = assert(arg[i + 1], "--csv needs a file name")
    i = i + 2
  else
    inputs[#inputs + 1] = arg[i]
    i = i + 1
  end
end

local COLUMNS = { "article", "type", "text", "kind", "value", "max", "unit",
  "approx", "noun", "head", "grain", "end_value", "sentence", "start", "stop" }

local csv
local function csv_row(r)
  csv:write(lede.csv(r, COLUMNS), "\n")
end

if csv_path then
  csv = assert(io.open(csv_path, "w"))
  local header = {}
  for _, c in ipairs(COLUMNS) do header[c] = c end
  csv_row(header)
end

-- A CSV-only run needs no database; with --db (or no --csv) rows are stored.
local store = not csv_path or (lede.run_info and lede.run_info.db_given)

lede.each(inputs, function(doc)
  local rows = {}
  for _, f in ipairs(doc:numbers()) do
    local ev = lede.evidence(f)
    rows[#rows + 1] = {
      article = doc.id, sha256 = doc.sha256, type = "figure", text = f.text,
      kind = f.kind, value = f.value, max = f.max, unit = f.unit,
      approx = f.approx, noun = f.noun, head = f.head,
      sentence = ev.sentence, start = ev.start, stop = ev.stop,
    }
  end
  for _, d in ipairs(doc:dates()) do
    local ev = lede.evidence(d)
    rows[#rows + 1] = {
      article = doc.id, sha256 = doc.sha256, type = "date", text = d.text,
      kind = d.kind, value = d.value, grain = d.grain, end_value = d.end_value,
      sentence = ev.sentence, start = ev.start, stop = ev.stop,
    }
  end
  table.sort(rows, function(a, b) return a.start < b.start end)
  if csv then
    for _, r in ipairs(rows) do csv_row(r) end
  end
  if #rows > 0 and store then
    db:upsert("figures", rows, { pk = { "sha256", "type", "start" } })
  end
end, { db = not store and false or nil })

if csv then csv:close() end
