-- chart.lua -- charts drawn by lede: SVG for the report page and for
-- `lede chart`, the same chart as a Vega-Lite spec, and a terminal bar
-- chart for the REPL.
--
-- A chart is described once, as a plain table (a "spec"):
--   { title = "what is counted", subtitle = ..., source = "Source: ...",
--     mark = "bar" | "line" | "heat",
--     x = { field = "date", label = "Night", time = true },
--     y = { field = "count", label = "Drones", unit = "drones" },
--     color = { field = "action", label = "Action" } | nil,
--     data = { { x = ..., y = ..., color = ..., ev = 3 }, ... } }
-- `ev` is the index of the mark's evidence in the page (report.lua); it
-- becomes a data-ev attribute the page's script opens. Every string that
-- reaches the SVG goes through esc().
local M = {}

-- Okabe-Ito colours, ordered so neighbours differ in lightness too; the
-- second and later series also get a hatch (bars) or a dash and marker
-- shape (lines), so a greyscale print still tells them apart.
M.palette = { "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9",
  "#D55E00", "#F0E442", "#000000" }
local DASHES = { "", "6 3", "2 2", "8 3 2 3", "1 3", "10 4", "4 4", "3 6" }
-- Sequential blues for heat maps: light to dark, monotone in lightness.
M.blues = { "#eff3ff", "#c6dbef", "#9ecae1", "#6baed6", "#4292c6",
  "#2171b5", "#08519c", "#08306b" }

local W, H = 720, 340
local MARGIN = { left = 72, right = 150, top = 58, bottom = 70 }

local ESC = { ["&"] = "&amp;", ["<"] = "&lt;", [">"] = "&gt;", ['"'] = "&quot;",
  ["'"] = "&#39;" }
function M.esc(s)
  return (tostring(s):gsub("[&<>\"']", ESC))
end
local esc = M.esc

local MONTHS = { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep",
  "Oct", "Nov", "Dec" }

-- A date label a reader takes in at a glance: "10 Jun 2025", "Jun 2025",
-- "2025"; anything else as it is.
function M.date_label(v)
  v = tostring(v)
  local y, m, d = v:match("^(%d%d%d%d)%-(%d%d)%-(%d%d)")
  if y then return ("%d %s %s"):format(tonumber(d), MONTHS[tonumber(m)] or m, y) end
  y, m = v:match("^(%d%d%d%d)%-(%d%d)$")
  if y then return ("%s %s"):format(MONTHS[tonumber(m)] or m, y) end
  return v
end

-- 1,234,567 and 0.25: a value as a label.
function M.number_label(x)
  if type(x) ~= "number" then return tostring(x) end
  if x ~= math.floor(x) then return (("%.2f"):format(x):gsub("%.?0+$", "")) end
  local s = ("%d"):format(x)
  local neg = s:sub(1, 1) == "-"
  if neg then s = s:sub(2) end
  s = s:reverse():gsub("(%d%d%d)", "%1,"):reverse():gsub("^,", "")
  return (neg and "-" or "") .. s
end

-- Round ticks from 0 to at least max: 1, 2 or 5 times a power of ten.
local function ticks(max)
  if max <= 0 then return { 0, 1 }, 1 end
  local raw = max / 5
  local p = 10 ^ math.floor(math.log(raw, 10))
  local step = p
  for _, k in ipairs { 1, 2, 5, 10 } do
    if k * p >= raw then step = k * p break end
  end
  if step < 1 and max >= 1 then step = 1 end
  local t, v = {}, 0
  while true do
    t[#t + 1] = v
    if v >= max then break end
    v = v + step
  end
  return t, t[#t]
end

-- Distinct values of a field in first-seen order, or sorted when asked.
local function distinct(data, key, sorted)
  local seen, list = {}, {}
  for _, d in ipairs(data) do
    local v = d[key]
    if v ~= nil and not seen[v] then seen[v] = true; list[#list + 1] = v end
  end
  if sorted then table.sort(list, function(a, b) return tostring(a) < tostring(b) end) end
  return list
end

local function fmt(x) return (("%.1f"):format(x):gsub("%.0$", "")) end

local function svg_open(spec, w, h, parts)
  parts[#parts + 1] = ('<svg xmlns="http://www.w3.org/2000/svg" class="chart" '
    .. 'viewBox="0 0 %d %d" width="%d" height="%d" role="img" aria-labelledby="t%s">')
    :format(w, h, w, h, spec.id or "")
  parts[#parts + 1] = ('<title id="t%s">%s</title>'):format(spec.id or "", esc(spec.title or "chart"))
  parts[#parts + 1] = '<defs>'
  for i = 2, #M.palette do
    parts[#parts + 1] = ('<pattern id="h%s%d" width="6" height="6" patternUnits="userSpaceOnUse" '
      .. 'patternTransform="rotate(%d)"><rect width="6" height="6" fill="%s"/>'
      .. '<line x1="0" y1="0" x2="0" y2="6" stroke="#fff" stroke-width="%s" stroke-opacity="0.6"/></pattern>')
      :format(spec.id or "", i, i % 2 == 0 and 45 or -45, M.palette[i], i % 3 == 0 and "2.5" or "1.2")
  end
  parts[#parts + 1] = '</defs>'
  parts[#parts + 1] = '<rect width="100%" height="100%" fill="#fff"/>'
  parts[#parts + 1] = ('<text class="chart-title" x="%d" y="22" font-size="16" font-weight="bold">%s</text>')
    :format(12, esc(spec.title or ""))
  if spec.subtitle then
    parts[#parts + 1] = ('<text class="chart-subtitle" x="%d" y="40" font-size="12" fill="#444">%s</text>')
      :format(12, esc(spec.subtitle))
  end
  parts[#parts + 1] = ('<text class="chart-source" x="%d" y="%d" font-size="11" fill="#555">%s</text>')
    :format(12, h - 8, esc(spec.source or "Source: lede"))
end

-- The colour slot of a series: its place in spec.color.domain when the
-- chart has one (so "intercepted" keeps its colour across charts), else
-- its place among the series drawn.
local function slot(spec, name, i)
  local dom = spec.color and spec.color.domain
  if dom then
    for k, v in ipairs(dom) do if v == name then return k end end
    return #dom + i
  end
  return i
end

-- The series drawn, in domain order when the chart has one.
local function series_of(spec)
  if not spec.color then return { false } end
  local list = distinct(spec.data, "color", spec.color.sorted)
  if spec.color.domain then
    local rank = {}
    for i, v in ipairs(list) do rank[v] = slot(spec, v, i) end
    table.sort(list, function(a, b) return rank[a] < rank[b] end)
  end
  return list
end

local function fill_of(spec, i)
  if i == 1 then return M.palette[1] end
  return ("url(#h%s%d)"):format(spec.id or "", (i - 1) % #M.palette + 1)
end

local function legend(spec, series, parts, x0, y0, kind)
  if not spec.color or #series < 1 then return end
  parts[#parts + 1] = ('<text class="legend-title" x="%d" y="%d" font-size="12" font-weight="bold">%s</text>')
    :format(x0, y0, esc(spec.color.label or spec.color.field))
  for i, s in ipairs(series) do
    local y = y0 + 8 + (i - 1) * 20
    local k = slot(spec, s, i)
    if kind == "line" then
      local c = M.palette[(k - 1) % #M.palette + 1]
      parts[#parts + 1] = ('<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="%s" stroke-width="2.5" stroke-dasharray="%s"/>')
        :format(x0, y + 7, x0 + 22, y + 7, c, DASHES[(k - 1) % #DASHES + 1])
    else
      parts[#parts + 1] = ('<rect x="%d" y="%d" width="14" height="14" fill="%s" stroke="#333" stroke-width="0.5"/>')
        :format(x0, y, fill_of(spec, k))
    end
    parts[#parts + 1] = ('<text x="%d" y="%d" font-size="12">%s</text>'):format(x0 + 28, y + 12, esc(s))
  end
end

-- The y axis: gridlines, tick labels, and the label with its unit.
local function y_axis(spec, top, parts, x0, y0, plot_w, plot_h)
  local t = ticks(top)
  for _, v in ipairs(t) do
    local y = y0 + plot_h - v / top * plot_h
    parts[#parts + 1] = ('<line class="grid" x1="%d" y1="%s" x2="%d" y2="%s" stroke="#ddd"/>')
      :format(x0, fmt(y), x0 + plot_w, fmt(y))
    parts[#parts + 1] = ('<text class="tick" x="%d" y="%s" font-size="11" text-anchor="end">%s</text>')
      :format(x0 - 6, fmt(y + 4), M.number_label(v))
  end
  local label = spec.y.label or spec.y.field
  if spec.y.unit and spec.y.unit ~= label then label = label .. " (" .. spec.y.unit .. ")" end
  parts[#parts + 1] = ('<text class="axis-label" transform="translate(16,%s) rotate(-90)" '
    .. 'font-size="12" text-anchor="middle">%s</text>'):format(fmt(y0 + plot_h / 2), esc(label))
end

local function x_label(spec, parts, x0, plot_w, y)
  parts[#parts + 1] = ('<text class="axis-label" x="%s" y="%d" font-size="12" text-anchor="middle">%s</text>')
    :format(fmt(x0 + plot_w / 2), y, esc(spec.x.label or spec.x.field))
end

local function tick_text(spec, v)
  if spec.x.time then return M.date_label(v) end
  return tostring(v)
end

local function mark_attrs(d, label)
  local a = ('class="mark" data-value="%s" data-x="%s"'):format(esc(d.y), esc(d.x))
  if d.color ~= nil then a = a .. (' data-series="%s"'):format(esc(d.color)) end
  if d.ev then a = a .. (' data-ev="%d" tabindex="0"'):format(d.ev) end
  return a, ("<title>%s</title>"):format(esc(label))
end

local function describe(spec, d)
  local s = ("%s: %s"):format(tick_text(spec, d.x), M.number_label(d.y))
  if d.color ~= nil then s = tostring(d.color) .. ", " .. s end
  return s
end

-- What bars and lines share: the x values (sorted: dates read left to
-- right), the series, the plot's size, and the y axis drawn to a round top.
local function frame(spec, parts)
  local xs = distinct(spec.data, "x", true)
  local plot_w = W - MARGIN.left - MARGIN.right
  local plot_h = H - MARGIN.top - MARGIN.bottom
  local max = 0
  for _, d in ipairs(spec.data) do if d.y > max then max = d.y end end
  local _, top = ticks(max)
  y_axis(spec, top, parts, MARGIN.left, MARGIN.top, plot_w, plot_h)
  return xs, series_of(spec), plot_w, plot_h, top
end

-- The x axis line, its label and the legend.
local function finish(spec, parts, series, plot_w, plot_h, kind)
  parts[#parts + 1] = ('<line class="axis" x1="%d" y1="%d" x2="%d" y2="%d" stroke="#333"/>')
    :format(MARGIN.left, MARGIN.top + plot_h, MARGIN.left + plot_w, MARGIN.top + plot_h)
  x_label(spec, parts, MARGIN.left, plot_w, MARGIN.top + plot_h + 36)
  if spec.color then legend(spec, series, parts, W - MARGIN.right + 16, MARGIN.top, kind) end
end

-- Grouped bars over a band scale of x values (sorted: dates read left to
-- right), one sub-band per series.
local function bars(spec, parts)
  local xs, series, plot_w, plot_h, top = frame(spec, parts)
  local band = plot_w / math.max(#xs, 1)
  local inner = math.min(band * 0.8 / #series, 60)
  local pad = (band - inner * #series) / 2
  local xi, si = {}, {}
  for i, v in ipairs(xs) do xi[v] = i end
  for i, v in ipairs(series) do si[v] = i end
  local every = math.ceil(#xs / 12)   -- at most a dozen x labels
  for i, v in ipairs(xs) do
    if (i - 1) % every == 0 then
      parts[#parts + 1] = ('<text class="tick" x="%s" y="%d" font-size="11" text-anchor="middle">%s</text>')
        :format(fmt(MARGIN.left + (i - 0.5) * band), MARGIN.top + plot_h + 16, esc(tick_text(spec, v)))
    end
  end
  for _, d in ipairs(spec.data) do
    local s = si[spec.color and d.color or false] or 1
    local x = MARGIN.left + (xi[d.x] - 1) * band + pad + (s - 1) * inner
    local h = top > 0 and d.y / top * plot_h or 0
    local a, t = mark_attrs(d, describe(spec, d))
    parts[#parts + 1] = ('<rect %s x="%s" y="%s" width="%s" height="%s" fill="%s" stroke="#333" stroke-width="0.5">%s</rect>')
      :format(a, fmt(x), fmt(MARGIN.top + plot_h - h), fmt(math.max(inner - 1, 1)), fmt(h),
        fill_of(spec, slot(spec, d.color, s)), t)
    if #xs * #series <= 24 then   -- few bars: print the value on each
      parts[#parts + 1] = ('<text class="value" x="%s" y="%s" font-size="10" text-anchor="middle">%s</text>')
        :format(fmt(x + inner / 2), fmt(MARGIN.top + plot_h - h - 3), M.number_label(d.y))
    end
  end
  finish(spec, parts, series, plot_w, plot_h, "bar")
end

-- Days since 1970 for an ISO date (or month, or year); nil otherwise.
local function day_number(v)
  local y, m, d = tostring(v):match("^(%d%d%d%d)%-?(%d?%d?)%-?(%d?%d?)")
  if not y then return nil end
  y, m, d = tonumber(y), tonumber(m) or 1, tonumber(d) or 1
  if m <= 2 then y, m = y - 1, m + 12 end
  return 365 * y + y // 4 - y // 100 + y // 400 + (153 * (m - 3) + 2) // 5 + d - 719469
end
M.day_number = day_number

-- Lines over a time scale when x is a date, else over evenly spaced points.
local function lines(spec, parts)
  local xs, series, plot_w, plot_h, top = frame(spec, parts)
  local pos = {}
  local lo, hi = day_number(xs[1]), day_number(xs[#xs])
  local time = spec.x.time and lo and hi and hi > lo
  for i, v in ipairs(xs) do
    local f
    if time then f = ((day_number(v) or lo) - lo) / (hi - lo)
    else f = #xs > 1 and (i - 1) / (#xs - 1) or 0.5 end
    pos[v] = MARGIN.left + f * plot_w
  end
  local every = math.ceil(#xs / 8)
  for i, v in ipairs(xs) do
    if (i - 1) % every == 0 then
      parts[#parts + 1] = ('<text class="tick" x="%s" y="%d" font-size="11" text-anchor="middle">%s</text>')
        :format(fmt(pos[v]), MARGIN.top + plot_h + 16, esc(tick_text(spec, v)))
    end
  end
  for s, name in ipairs(series) do
    local pts = {}
    for _, d in ipairs(spec.data) do
      if not spec.color or d.color == name then pts[#pts + 1] = d end
    end
    table.sort(pts, function(a, b) return pos[a.x] < pos[b.x] end)
    local path = {}
    for i, d in ipairs(pts) do
      local y = MARGIN.top + plot_h - (top > 0 and d.y / top * plot_h or 0)
      path[#path + 1] = (i == 1 and "M" or "L") .. fmt(pos[d.x]) .. "," .. fmt(y)
      d._y = y
    end
    local k = slot(spec, name, s)
    local c = M.palette[(k - 1) % #M.palette + 1]
    parts[#parts + 1] = ('<path class="series" d="%s" fill="none" stroke="%s" stroke-width="2.5" stroke-dasharray="%s"/>')
      :format(table.concat(path, " "), c, DASHES[(k - 1) % #DASHES + 1])
    if #pts <= 400 then   -- a point each, to click for the evidence
      for _, d in ipairs(pts) do
        local a, t = mark_attrs(d, describe(spec, d))
        parts[#parts + 1] = ('<circle %s cx="%s" cy="%s" r="4" fill="%s" stroke="#fff">%s</circle>')
          :format(a, fmt(pos[d.x]), fmt(d._y), c, t)
        d._y = nil
      end
    end
  end
  finish(spec, parts, series, plot_w, plot_h, "line")
end

-- A heat map: x columns (sorted), color field rows, y the count in a cell,
-- shaded in sequential blues with the count printed in the cell.
local function heat(spec, parts)
  local xs = distinct(spec.data, "x", true)
  local rows = distinct(spec.data, "color", false)
  local cell_h = 24
  local left = 150
  local plot_w = W - left - 40
  local cell_w = plot_w / math.max(#xs, 1)
  local max = 0
  for _, d in ipairs(spec.data) do if d.y > max then max = d.y end end
  local xi, ri = {}, {}
  for i, v in ipairs(xs) do xi[v] = i end
  for i, v in ipairs(rows) do ri[v] = i end
  local every = math.ceil(#xs / 12)
  for i, v in ipairs(xs) do
    if (i - 1) % every == 0 then
      parts[#parts + 1] = ('<text class="tick" x="%s" y="%d" font-size="11" text-anchor="middle">%s</text>')
        :format(fmt(left + (i - 0.5) * cell_w), MARGIN.top + 10, esc(tick_text(spec, v)))
    end
  end
  for i, r in ipairs(rows) do
    parts[#parts + 1] = ('<text class="tick" x="%d" y="%s" font-size="12" text-anchor="end">%s</text>')
      :format(left - 8, fmt(MARGIN.top + 16 + (i - 0.5) * cell_h + 4), esc(r))
  end
  for _, d in ipairs(spec.data) do
    local k = max > 0 and math.max(1, math.ceil(d.y / max * #M.blues)) or 1
    local x = left + (xi[d.x] - 1) * cell_w
    local y = MARGIN.top + 16 + (ri[d.color] - 1) * cell_h
    local a, t = mark_attrs(d, describe(spec, d))
    parts[#parts + 1] = ('<rect %s x="%s" y="%s" width="%s" height="%d" fill="%s" stroke="#fff">%s</rect>')
      :format(a, fmt(x), fmt(y), fmt(cell_w), cell_h, M.blues[k], t)
    if cell_w >= 22 then
      parts[#parts + 1] = ('<text class="value" x="%s" y="%s" font-size="10" text-anchor="middle" fill="%s">%s</text>')
        :format(fmt(x + cell_w / 2), fmt(y + cell_h / 2 + 4), k > 4 and "#fff" or "#000", M.number_label(d.y))
    end
  end
  local bottom = MARGIN.top + 16 + #rows * cell_h
  x_label(spec, parts, left, plot_w, bottom + 20)
  parts[#parts + 1] = ('<text class="axis-label" x="12" y="%d" font-size="12">%s</text>')
    :format(MARGIN.top + 10, esc(spec.color.label or spec.color.field))
  -- the scale: each shade with the counts it stands for
  local lx = left
  parts[#parts + 1] = ('<text x="%d" y="%d" font-size="11">%s</text>')
    :format(12, bottom + 44, esc(spec.y.label or spec.y.field))
  for k = 1, #M.blues do
    parts[#parts + 1] = ('<rect x="%s" y="%d" width="28" height="12" fill="%s" stroke="#999" stroke-width="0.5"/>')
      :format(fmt(lx + (k - 1) * 30), bottom + 34, M.blues[k])
  end
  parts[#parts + 1] = ('<text x="%s" y="%d" font-size="10">1</text><text x="%s" y="%d" font-size="10" text-anchor="end">%s</text>')
    :format(fmt(lx), bottom + 58, fmt(lx + #M.blues * 30 - 2), bottom + 58, M.number_label(max))
  return bottom + 70
end

-- svg(spec) -> string: the chart as one SVG element.
function M.svg(spec)
  local parts = {}
  spec.data = spec.data or {}
  if spec.mark == "heat" then
    local rows = #distinct(spec.data, "color", false)
    local h = MARGIN.top + 16 + rows * 24 + 90
    svg_open(spec, W, h, parts)
    heat(spec, parts)
  else
    svg_open(spec, W, H, parts)
    if #spec.data == 0 then
      parts[#parts + 1] = ('<text class="empty" x="%d" y="%d" font-size="14" text-anchor="middle">No rows to chart</text>')
        :format(W // 2, H // 2)
    elseif spec.mark == "line" then lines(spec, parts)
    else bars(spec, parts) end
  end
  parts[#parts + 1] = "</svg>"
  return table.concat(parts, "\n")
end

-- vega_lite(spec) -> a Lua table: the same chart as a Vega-Lite v5 spec
-- with its data inline (encode it with lede's JSON writer).
function M.vega_lite(spec)
  local out = require "lede.output"
  local values = {}
  for i, d in ipairs(spec.data or {}) do
    local v = { [spec.x.field] = d.x, [spec.y.field] = d.y }
    if spec.color then v[spec.color.field] = d.color end
    values[i] = v
  end
  local xtype = spec.x.time and "temporal" or "ordinal"
  local ytitle = spec.y.label or spec.y.field
  if spec.y.unit and spec.y.unit ~= ytitle then ytitle = ytitle .. " (" .. spec.y.unit .. ")" end
  local enc = {
    x = { field = spec.x.field, type = xtype, title = spec.x.label or spec.x.field },
    y = { field = spec.y.field, type = "quantitative", title = ytitle },
    tooltip = out.array { { field = spec.x.field, type = xtype },
      { field = spec.y.field, type = "quantitative" } },
  }
  local mark = spec.mark == "line" and { type = "line", point = true } or { type = "bar" }
  if spec.mark == "heat" then
    mark = { type = "rect" }
    enc.y = { field = spec.color.field, type = "nominal", title = spec.color.label or spec.color.field }
    enc.color = { field = spec.y.field, type = "quantitative", title = ytitle,
      scale = { scheme = "blues" } }
  elseif spec.color then
    enc.color = { field = spec.color.field, type = "nominal", title = spec.color.label or spec.color.field,
      scale = { range = out.array(M.palette) } }
    if spec.mark ~= "line" then enc.xOffset = { field = spec.color.field } end
  end
  return out.ordered {
    "$schema", "https://vega.github.io/schema/vega-lite/v5.json",
    "title", out.ordered { "text", spec.title or "", "subtitle", spec.subtitle or out.null },
    "description", spec.source or "Source: lede",
    "width", 560, "height", 260,
    "data", { values = out.array(values) },
    "mark", mark,
    "encoding", enc,
  }
end

-- terminal(rows, opts) -> string: a horizontal bar per row, in Unicode
-- eighth blocks. rows = { {label, value}, ... }.
local EIGHTHS = { "▏", "▎", "▍", "▌", "▋", "▊", "▉", "█" }
function M.terminal(rows, opts)
  opts = opts or {}
  local width = opts.width or 40
  local max, lw = 0, 1
  for _, r in ipairs(rows) do
    local v = tonumber(r[2]) or 0
    if v > max then max = v end
    lw = math.max(lw, utf8.len(tostring(r[1])) or #tostring(r[1]))
  end
  lw = math.min(lw, 30)
  local lines = {}
  for _, r in ipairs(rows) do
    local v = tonumber(r[2]) or 0
    local units = max > 0 and math.floor(v / max * width * 8 + 0.5) or 0
    local bar = string.rep("█", units // 8) .. (units % 8 > 0 and EIGHTHS[units % 8] or "")
    local label = tostring(r[1])
    if (utf8.len(label) or #label) > lw then label = label:sub(1, lw - 1) .. "…" end
    local pad = lw - (utf8.len(label) or #label)
    lines[#lines + 1] = ("%s%s │%s %s"):format(label, string.rep(" ", pad), bar,
      M.number_label(v))
  end
  if #lines == 0 then return "(no rows)" end
  return table.concat(lines, "\n")
end

return M
