-- report.lua -- `lede report` and `lede chart`: the figures a run left in
-- a database, drawn as charts an editor can check.
--
-- The report is one self-contained HTML page (no network requests, no
-- external files): a section per workflow table it knows (drone_reports,
-- pledges, country_mentions) and a generic section for any other table
-- with a date column and a numeric column. Every mark carries data-ev, an
-- index into the page's evidence list: the article, the sentence and the
-- figure's text, shown with the figure highlighted when the mark is
-- clicked. Evidence per mark is capped (EVIDENCE_PER_MARK) and distinct
-- x values per chart are binned to months or years past MAX_POINTS, so a
-- 10,000-row table makes a page of bounded size.
local lede = require "lede"
local chart = require "lede.chart"
local out = require "lede.output"

local M = {}

local EVIDENCE_PER_MARK = 20
local MAX_POINTS = 120
local TOP_COUNTRIES = 12
M.limits = { evidence_per_mark = EVIDENCE_PER_MARK, max_points = MAX_POINTS,
  top_countries = TOP_COUNTRIES }

local esc = chart.esc

local function quote_ident(name)
  return '"' .. tostring(name):gsub('"', '""') .. '"'
end

local function has_table(db, name)
  for _, t in ipairs(db:tables()) do if t == name then return true end end
  return false
end

-- The join that names a row's article: its id in `articles` when the
-- database has that table, else the row's own article column.
local function article_join(db, alias)
  if has_table(db, "articles") then
    return ("COALESCE(a.id, %s.article)"):format(alias),
      ("LEFT JOIN articles a ON a.sha256 = %s.sha256"):format(alias), "a.date"
  end
  return alias .. ".article", "", "NULL"
end

local function column_set(db, tbl)
  local set = {}
  for _, c in ipairs(db:columns(tbl)) do set[c.name] = c end
  return set
end

local function nonnull(v)
  if v == nil or v == lede.null then return nil end
  return v
end

-- The evidence of a page: a list of marks, each with its label and up to
-- EVIDENCE_PER_MARK rows {article, sentence, figure}; strings are shared
-- through one string table to keep the page small.
local function evidence_book()
  local book = { marks = {}, strings = {}, index = {} }
  function book:str(s)
    s = nonnull(s)
    if s == nil then return -1 end
    s = tostring(s)
    local i = self.index[s]
    if not i then
      self.strings[#self.strings + 1] = s
      i = #self.strings - 1
      self.index[s] = i
    end
    return i
  end
  -- new mark: returns its index (0-based, as the page's script counts)
  function book:mark(label)
    self.marks[#self.marks + 1] = { label = label, rows = {}, more = 0 }
    return #self.marks - 1
  end
  function book:add(ev, article, sentence, figure)
    local m = self.marks[ev + 1]
    if #m.rows >= EVIDENCE_PER_MARK then m.more = m.more + 1 return end
    m.rows[#m.rows + 1] = out.array { self:str(article), self:str(sentence), self:str(figure) }
  end
  function book:json()
    local marks = {}
    for i, m in ipairs(self.marks) do
      marks[i] = out.ordered { "label", m.label, "rows", out.array(m.rows), "more", m.more }
    end
    local s = out.encode(out.ordered { "strings", out.array(self.strings), "marks", out.array(marks) })
    -- inside <script>: no "</" and no "<!--" can end or confuse it
    return (s:gsub("<", "\\u003c"))
  end
  return book
end

-- The grain that keeps a chart readable: days, else months, else years.
local function grain_of(values)
  local days, months = {}, {}
  local nd, nm = 0, 0
  for _, v in ipairs(values) do
    v = tostring(v)
    if not days[v] then days[v] = true; nd = nd + 1 end
    local m = v:sub(1, 7)
    if not months[m] then months[m] = true; nm = nm + 1 end
  end
  if nd <= MAX_POINTS then return 10 end
  if nm <= MAX_POINTS then return 7 end
  return 4
end

--------------------------------------------------------------------------
-- Drones: launched, intercepted, lost by night, one chart per side and
-- weapon. Where several stories report the same night, the largest
-- figure is drawn (stories repeat each other's numbers); every report is
-- in the mark's evidence. Subtotals ("including 38 over Bryansk") and
-- figures for longer periods are listed apart, never added in.
--------------------------------------------------------------------------
local ACTION_ORDER = { "launched", "intercepted", "lost", "hit" }
local ACTIONS = {}
for i, a in ipairs(ACTION_ORDER) do ACTIONS[a] = i end

local function drones_section(db, book, specs)
  local html = {}
  local groups, order = {}, {}
  local rows = {}
  local art, join = article_join(db, "d")
  for r in db:query(([[
      SELECT d.date, d.side, d.weapon, d.action, d.count, d.subtotal, d.sentence,
             d.figure, d.date_text, %s AS article, d.sha256
      FROM drone_reports d %s
      ORDER BY d.date, d.side, d.weapon, d.action]]):format(art, join)) do
    rows[#rows + 1] = r
  end
  local apart = {}
  for _, r in ipairs(rows) do
    local date = nonnull(r.date)
    local is_night = date and #tostring(date) == 10
    if nonnull(r.subtotal) == 1 or not is_night or nonnull(r.count) == nil then
      apart[#apart + 1] = r
    else
      local key = (nonnull(r.side) or "unknown side") .. " · " .. (nonnull(r.weapon) or "weapon")
      local g = groups[key]
      if not g then
        g = { cells = {}, list = {}, side = nonnull(r.side), weapon = nonnull(r.weapon) }
        groups[key] = g
        order[#order + 1] = key
      end
      local ck = date .. "\0" .. r.action
      local c = g.cells[ck]
      if not c then
        c = { x = date, color = r.action, per_story = {} }
        g.cells[ck] = c
        g.list[#g.list + 1] = c
      end
      c.per_story[r.sha256] = (c.per_story[r.sha256] or 0) + r.count
      c.rows = c.rows or {}
      c.rows[#c.rows + 1] = r
    end
  end
  html[#html + 1] = '<section id="drones"><h2>Drones and missiles, night by night</h2>'
  html[#html + 1] = '<p class="note">From table <code>drone_reports</code>. Where several stories '
    .. 'report the same night, the largest figure is drawn; click a bar for every report behind it. '
    .. 'Subtotals and figures for longer periods are listed below the charts, not added in.</p>'
  if #order == 0 then
    html[#html + 1] = '<p class="empty">No nightly figures in this database.</p>'
  end
  table.sort(order)
  for gi, key in ipairs(order) do
    local g = groups[key]
    local data = {}
    for _, c in ipairs(g.list) do
      local best, n = 0, 0
      for _, v in pairs(c.per_story) do
        n = n + 1
        if v > best then best = v end
      end
      local ev = book:mark(("%s, %s: %s %s (%d report%s)"):format(key, chart.date_label(c.x),
        c.color, chart.number_label(best), #c.rows, #c.rows == 1 and "" or "s"))
      for _, r in ipairs(c.rows) do book:add(ev, r.article, r.sentence, r.figure) end
      data[#data + 1] = { x = c.x, y = best, color = c.color, ev = ev }
    end
    local spec = {
      id = "drones" .. gi, mark = "bar",
      title = ("%s · %ss launched, intercepted and lost, by night"):format(g.side or "unknown side",
        g.weapon or "weapon"),
      subtitle = ("Count of %ss per night, by action"):format(g.weapon or "weapon"),
      source = "Source: lede, table drone_reports (" .. #rows .. " figures)",
      x = { field = "date", label = "Night (date of the attack)", time = true },
      y = { field = "count", label = "Number", unit = (g.weapon or "weapon") .. "s" },
      color = { field = "action", label = "Action", domain = ACTION_ORDER },
      data = data,
    }
    table.sort(spec.data, function(a, b)
      if a.x ~= b.x then return a.x < b.x end
      return (ACTIONS[a.color] or 9) < (ACTIONS[b.color] or 9)
    end)
    specs[#specs + 1] = spec
    html[#html + 1] = '<figure class="chart-box">' .. chart.svg(spec) .. '</figure>'
  end
  if #apart > 0 then
    html[#html + 1] = '<h3>Subtotals and longer periods (not added in)</h3><ul class="statements">'
    for _, r in ipairs(apart) do
      local ev = book:mark(("%s %s %s"):format(nonnull(r.side) or "", nonnull(r.weapon) or "", r.action))
      book:add(ev, r.article, r.sentence, r.figure)
      html[#html + 1] = ('<li data-ev="%d" tabindex="0"><b>%s</b> %s %s %s, %s%s <span class="src">%s</span></li>')
        :format(ev, esc(chart.number_label(nonnull(r.count) or 0)), esc(nonnull(r.weapon) or ""),
          esc(r.action), esc(nonnull(r.side) and ("(" .. r.side .. ")") or ""),
          esc(nonnull(r.date_text) or nonnull(r.date) or "undated"),
          nonnull(r.subtotal) == 1 and " — subtotal" or "", esc(r.article or ""))
    end
    html[#html + 1] = '</ul>'
  end
  html[#html + 1] = '</section>'
  return table.concat(html, "\n")
end

--------------------------------------------------------------------------
-- Pledges: which country pledged what (a heat map of countries against
-- kinds of pledge, counting sentences), and the coalition counts as
-- statements with their source.
--------------------------------------------------------------------------
local function pledges_section(db, book, specs)
  local html = { '<section id="pledges"><h2>Pledges, by country and kind</h2>' }
  local data, evs = {}, {}
  local art, join = article_join(db, "p")
  for r in db:query(([[
      SELECT p.country, COALESCE(p.what, 'unspecified') AS what, p.sentence, p.cue,
             %s AS article
      FROM pledges p %s
      WHERE p.kind = 'country' AND p.country IS NOT NULL ORDER BY p.country, what]]):format(art, join)) do
    local k = r.country .. "\0" .. r.what
    local d = evs[k]
    if not d then
      d = { x = r.what, color = r.country, y = 0, ev = book:mark(r.country .. ": " .. r.what) }
      evs[k] = d
      data[#data + 1] = d
    end
    d.y = d.y + 1
    book:add(d.ev, r.article, r.sentence, r.cue)
  end
  html[#html + 1] = '<p class="note">From table <code>pledges</code>: each cell counts the '
    .. 'sentences in which a country pledges that kind of help. Click a cell for the sentences.</p>'
  if #data == 0 then
    html[#html + 1] = '<p class="empty">No country pledges in this database.</p>'
  else
    local spec = { id = "pledges", mark = "heat",
      title = "Which countries pledged what",
      subtitle = "Number of sentences with a pledge, by country and kind of pledge",
      source = "Source: lede, table pledges",
      x = { field = "what", label = "Kind of pledge" },
      y = { field = "pledges", label = "Sentences with a pledge" },
      color = { field = "country", label = "Country" }, data = data }
    specs[#specs + 1] = spec
    html[#html + 1] = '<figure class="chart-box">' .. chart.svg(spec) .. '</figure>'
  end
  local list = {}
  for r in db:query(([[
      SELECT p.kind, p.count, p.total, p.cue, p.sentence, %s AS article
      FROM pledges p %s
      WHERE p.kind IN ('pledging', 'coalition') ORDER BY article, p.start]]):format(art, join)) do
    local ev = book:mark(r.kind)
    book:add(ev, r.article, r.sentence, nonnull(r.count) and tostring(r.count))
    local what
    if r.kind == "pledging" and nonnull(r.total) then
      what = ("%s of %s countries %s"):format(chart.number_label(r.count), chart.number_label(r.total),
        nonnull(r.cue) or "pledging")
    elseif r.kind == "pledging" then
      what = ("%s countries %s"):format(chart.number_label(nonnull(r.count) or 0), nonnull(r.cue) or "pledging")
    else
      what = ("a coalition of %s countries"):format(chart.number_label(nonnull(r.count) or 0))
    end
    list[#list + 1] = ('<li data-ev="%d" tabindex="0">%s <span class="src">%s</span></li>')
      :format(ev, esc(what), esc(r.article or ""))
  end
  if #list > 0 then
    html[#html + 1] = '<h3>Coalition counts, as the stories give them</h3><ul class="statements">'
      .. table.concat(list, "\n") .. '</ul>'
  end
  html[#html + 1] = '</section>'
  return table.concat(html, "\n")
end

--------------------------------------------------------------------------
-- Country mentions: the top countries month by month, as a heat map.
--------------------------------------------------------------------------
local function mentions_section(db, book, specs)
  local html = { '<section id="mentions"><h2>Country mentions, month by month</h2>' }
  local top, rank = {}, {}
  for r in db:query([[SELECT country, COUNT(*) AS n FROM country_mentions
      WHERE country IS NOT NULL GROUP BY country ORDER BY n DESC, country LIMIT ?]], TOP_COUNTRIES) do
    top[#top + 1] = r.country
    rank[r.country] = #top
  end
  local cells, data = {}, {}
  local art, join, adate = article_join(db, "m")
  for r in db:query(([[
      SELECT m.country, COALESCE(substr(%s, 1, 7), 'undated') AS month, m.sentence, m.text,
             %s AS article
      FROM country_mentions m %s
      WHERE m.country IS NOT NULL ORDER BY month, m.country]]):format(adate, art, join)) do
    if rank[r.country] then
      local k = r.month .. "\0" .. r.country
      local c = cells[k]
      if not c then
        c = { x = r.month, color = r.country, y = 0, ev = book:mark(r.country .. ", " .. chart.date_label(r.month)) }
        cells[k] = c
        data[#data + 1] = c
      end
      c.y = c.y + 1
      book:add(c.ev, r.article, r.sentence, r.text)
    end
  end
  -- rows in order of total mentions, most mentioned first
  table.sort(data, function(a, b)
    if rank[a.color] ~= rank[b.color] then return rank[a.color] < rank[b.color] end
    return a.x < b.x
  end)
  html[#html + 1] = ('<p class="note">From table <code>country_mentions</code>: the %d most '
    .. 'mentioned countries, by the month of the article\'s date. Click a cell for the sentences.</p>')
    :format(TOP_COUNTRIES)
  if #data == 0 then
    html[#html + 1] = '<p class="empty">No country mentions in this database.</p>'
  else
    local spec = { id = "mentions", mark = "heat",
      title = "How often each country is mentioned, month by month",
      subtitle = ("Mentions per month, the %d most mentioned countries"):format(#top),
      source = "Source: lede, table country_mentions",
      x = { field = "month", label = "Month of the article", time = true },
      y = { field = "mentions", label = "Mentions" },
      color = { field = "country", label = "Country" }, data = data }
    specs[#specs + 1] = spec
    html[#html + 1] = '<figure class="chart-box">' .. chart.svg(spec) .. '</figure>'
  end
  html[#html + 1] = '</section>'
  return table.concat(html, "\n")
end

--------------------------------------------------------------------------
-- Any table: a chart of y (summed) over x, one series per color value.
--------------------------------------------------------------------------
local INTERNAL = { start = true, stop = true, ["end"] = true, bytes = true, subtotal = true,
  sentence_index = true, paragraph = true, index = true, rowid = true, id = true }
local SKIP_TABLES = { articles = true, processed = true, runs = true, sqlite_sequence = true }

local function is_numeric_type(t)
  t = (t or ""):upper()
  return t:find("INT") or t:find("REAL") or t:find("NUM") or t:find("FLOA") or t:find("DOUB")
end

-- The date and numeric columns of a table, or nil when it has none.
local function date_and_number(db, tbl)
  local date_col, num_col
  for _, c in ipairs(db:columns(tbl)) do
    local n = c.name:lower()
    if not date_col and (n == "date" or n == "night" or n == "day" or n == "month"
        or n:match("_date$") or n:match("^date_")) and not n:match("_text$") then
      date_col = c.name
    elseif not num_col and is_numeric_type(c.type) and not INTERNAL[n] then
      num_col = c.name
    end
  end
  if date_col and num_col then return date_col, num_col end
end

-- chart_spec(db, opts) -> spec | nil, message: a chart of any table.
-- opts: table, x, y (nil: count rows), color, agg (sum|count|max|min|avg),
-- mark (bar|line; default: line for dates past 40 points), title, book
-- (an evidence book, for the report page).
function M.chart_spec(db, opts)
  local tbl = opts.table
  if not tbl or not has_table(db, tbl) then
    return nil, ("no table %q in %s"):format(tostring(tbl), db:path() or "the database")
  end
  local cols = column_set(db, tbl)
  for _, k in ipairs { "x", "y", "color" } do
    if opts[k] and not cols[opts[k]] then
      local names = {}
      for n in pairs(cols) do names[#names + 1] = n end
      table.sort(names)
      return nil, ("table %s has no column %q (it has: %s)"):format(tbl, opts[k], table.concat(names, ", "))
    end
  end
  if not opts.x then return nil, "which column is x?" end
  local agg = (opts.agg or (opts.y and "sum" or "count")):lower()
  local AGGS = { sum = "SUM", count = "COUNT", max = "MAX", min = "MIN", avg = "AVG" }
  if not AGGS[agg] then return nil, "agg is one of sum, count, max, min, avg" end
  local yexpr = opts.y and ("%s(%s)"):format(AGGS[agg], quote_ident(opts.y)) or "COUNT(*)"
  local x = quote_ident(opts.x)
  local probe = db:one(("SELECT COUNT(DISTINCT %s) AS n, MIN(%s) AS lo FROM %s WHERE %s IS NOT NULL")
    :format(x, x, quote_ident(tbl), x))
  local is_date = probe and type(nonnull(probe.lo)) == "string" and probe.lo:match("^%d%d%d%d%-%d%d") ~= nil
  local xexpr = x
  if is_date and probe.n > MAX_POINTS then
    local values = {}
    for r in db:query(("SELECT DISTINCT %s AS v FROM %s WHERE %s IS NOT NULL"):format(x, quote_ident(tbl), x)) do
      values[#values + 1] = r.v
    end
    xexpr = ("substr(%s, 1, %d)"):format(x, grain_of(values))
  end
  local color = opts.color and quote_ident(opts.color)
  local ev_cols = {}
  for _, k in ipairs { "sentence", "sentence_text" } do if cols[k] then ev_cols.sentence = k break end end
  for _, k in ipairs { "article", "path", "doc", "id" } do if cols[k] then ev_cols.article = k break end end
  for _, k in ipairs { "figure", "text" } do if cols[k] then ev_cols.figure = k break end end
  local sql = ("SELECT %s AS x, %s AS color, %s AS y FROM %s WHERE %s IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2")
    :format(xexpr, color or "NULL", yexpr, quote_ident(tbl), x)
  local data, index = {}, {}
  local book = opts.book
  for r in db:query(sql) do
    local y = tonumber(nonnull(r.y)) or 0
    local d = { x = r.x, y = y, color = nonnull(r.color) }
    if book then
      d.ev = book:mark(("%s%s: %s"):format(d.color and (tostring(d.color) .. ", ") or "",
        is_date and chart.date_label(d.x) or tostring(d.x), chart.number_label(y)))
      index[tostring(d.x) .. "\0" .. tostring(d.color)] = d.ev
    end
    data[#data + 1] = d
  end
  if book and (ev_cols.sentence or ev_cols.figure) then
    local q = ("SELECT %s AS x, %s AS color, %s AS article, %s AS sentence, %s AS figure FROM %s WHERE %s IS NOT NULL")
      :format(xexpr, color or "NULL", ev_cols.article and quote_ident(ev_cols.article) or "NULL",
        ev_cols.sentence and quote_ident(ev_cols.sentence) or "NULL",
        ev_cols.figure and quote_ident(ev_cols.figure) or (opts.y and quote_ident(opts.y) or "NULL"),
        quote_ident(tbl), x)
    for r in db:query(q) do
      local ev = index[tostring(r.x) .. "\0" .. tostring(nonnull(r.color))]
      if ev then book:add(ev, nonnull(r.article), nonnull(r.sentence), nonnull(r.figure) and tostring(r.figure)) end
    end
  end
  local mark = opts.mark or ((is_date and #data > 40) and "line" or "bar")
  local ylabel = opts.y and (agg == "count" and ("Rows with " .. opts.y) or (agg:gsub("^%l", string.upper) .. " of " .. opts.y))
    or "Rows"
  local spec = {
    id = opts.id or ("t" .. tbl:gsub("[^%w]", "")), mark = mark,
    title = opts.title or ("%s by %s%s"):format(ylabel, opts.x, opts.color and (" and " .. opts.color) or ""),
    subtitle = opts.subtitle or ("Table %s%s"):format(tbl, xexpr ~= x and ", grouped by " .. (({ [7] = "month", [4] = "year" })[tonumber(xexpr:match("(%d+)%)$"))] or "period") or ""),
    source = "Source: lede, table " .. tbl .. (db:path() and db:path() ~= "" and (" in " .. db:path():match("[^/]*$")) or ""),
    x = { field = opts.x, label = opts.x, time = is_date },
    y = { field = opts.y or "rows", label = ylabel, unit = opts.unit },
    color = opts.color and { field = opts.color, label = opts.color } or nil,
    data = data,
  }
  return spec
end

local function generic_sections(db, book, specs, known)
  local html = {}
  for _, tbl in ipairs(db:tables()) do
    if not known[tbl] and not SKIP_TABLES[tbl] and not tbl:match("_fts") and not tbl:match("^sqlite_") then
      local dcol, ncol = date_and_number(db, tbl)
      if dcol then
        local spec = M.chart_spec(db, { table = tbl, x = dcol, y = ncol, book = book })
        if spec then
          specs[#specs + 1] = spec
          html[#html + 1] = ('<section class="generic" id="table-%s"><h2>%s</h2>'):format(esc(tbl:gsub("[^%w_]", "")), esc(tbl))
            .. ('<p class="note">Column <code>%s</code> summed by <code>%s</code>.</p>'):format(esc(ncol), esc(dcol))
            .. '<figure class="chart-box">' .. chart.svg(spec) .. '</figure></section>'
        end
      end
    end
  end
  return table.concat(html, "\n")
end

local STYLE = [[
body{font-family:Georgia,"DejaVu Serif",serif;max-width:1000px;margin:0 auto;padding:1rem 1.5rem;color:#111;line-height:1.4}
h1{font-size:1.8rem;margin-bottom:.2rem}h2{border-top:2px solid #111;padding-top:.6rem;margin-top:2rem}
.meta,.note,.src{color:#444;font-size:.9rem}.chart-box{margin:1rem 0}
svg.chart{max-width:100%;height:auto;font-family:"DejaVu Sans",Arial,sans-serif}
.mark,[data-ev]{cursor:pointer}.mark:hover,.mark:focus{stroke:#000;stroke-width:2;outline:none}
ul.statements li{margin:.3rem 0}ul.statements li:hover{background:#f3f3f3}
#evidence{position:fixed;right:1rem;bottom:1rem;width:min(460px,90vw);max-height:60vh;overflow:auto;
background:#fff;border:2px solid #111;padding:.8rem 1rem;box-shadow:0 4px 18px rgba(0,0,0,.25);font-family:"DejaVu Sans",Arial,sans-serif;font-size:.9rem}
#evidence[hidden]{display:none}#evidence h3{margin:.1rem 0 .5rem;font-size:1rem}
#evidence li{margin:.5rem 0}#evidence mark{background:#ffe08a;font-weight:bold}
#evidence .art{color:#555;font-size:.8rem;display:block}#evidence button{float:right}
@media print{#evidence{display:none}.chart-box{break-inside:avoid}h2{break-after:avoid}body{max-width:none}}
]]

-- The page's only script: opens a mark's evidence. Text goes in through
-- textContent, never as HTML, so nothing in a sentence can run.
local SCRIPT = [[
(function(){
var E=JSON.parse(document.getElementById('evidence-data').textContent);
var box=document.getElementById('evidence');
function s(i){return i<0?'':E.strings[i];}
function show(k){var m=E.marks[k];if(!m)return;box.hidden=false;box.innerHTML='';
var b=document.createElement('button');b.textContent='Close';b.onclick=function(){box.hidden=true;};box.appendChild(b);
var h=document.createElement('h3');h.textContent=m.label;box.appendChild(h);
var ul=document.createElement('ul');m.rows.forEach(function(r){var li=document.createElement('li');
var sen=s(r[1]),fig=s(r[2]),at=fig?sen.indexOf(fig):-1;
if(at>=0){li.appendChild(document.createTextNode(sen.slice(0,at)));var mk=document.createElement('mark');mk.textContent=fig;li.appendChild(mk);li.appendChild(document.createTextNode(sen.slice(at+fig.length)));}
else{li.appendChild(document.createTextNode(sen||fig));}
var a=document.createElement('span');a.className='art';a.textContent=s(r[0]);li.appendChild(a);ul.appendChild(li);});
box.appendChild(ul);if(m.more>0){var p=document.createElement('p');p.textContent='and '+m.more+' more';box.appendChild(p);}}
document.addEventListener('click',function(e){var t=e.target.closest?e.target.closest('[data-ev]'):null;if(t)show(+t.getAttribute('data-ev'));});
document.addEventListener('keydown',function(e){if(e.key==='Enter'&&e.target.getAttribute&&e.target.getAttribute('data-ev')!==null)show(+e.target.getAttribute('data-ev'));if(e.key==='Escape')box.hidden=true;});
var h=/^#ev-(\d+)$/.exec(location.hash);if(h)show(+h[1]);
document.body.setAttribute('data-ready',Math.round(performance.now()));
})();
]]

local KNOWN = { drone_reports = drones_section, pledges = pledges_section,
  country_mentions = mentions_section }
local KNOWN_ORDER = { "drone_reports", "pledges", "country_mentions" }

-- build(db [, opts]) -> html, specs: the report page and the chart specs
-- drawn in it (for --format vega-lite).
function M.build(db, opts)
  opts = opts or {}
  local book = evidence_book()
  local specs, body = {}, {}
  local known = {}
  for _, name in ipairs(KNOWN_ORDER) do
    if has_table(db, name) then
      known[name] = true
      body[#body + 1] = KNOWN[name](db, book, specs)
    end
  end
  body[#body + 1] = generic_sections(db, book, specs, known)
  local narticles = has_table(db, "articles") and db:count("articles") or 0
  local title = opts.title or "lede report"
  local page = {
    "<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    "<title>" .. esc(title) .. "</title><style>" .. STYLE .. "</style></head><body>",
    "<h1>" .. esc(title) .. "</h1>",
    ('<p class="meta">Database <code>%s</code> · %d article%s · made by lede %s on %s. '
      .. 'Click any bar, cell or line to see the sentence each figure comes from.</p>')
      :format(esc((db:path() or ""):match("[^/]*$")), narticles, narticles == 1 and "" or "s",
        esc(lede.version), os.date("!%Y-%m-%d")),
  }
  if #specs == 0 and #book.marks == 0 then
    page[#page + 1] = '<p class="empty">Nothing to chart: no workflow table and no table with a date and a number column.</p>'
  end
  page[#page + 1] = table.concat(body, "\n")
  page[#page + 1] = '<aside id="evidence" hidden aria-live="polite"></aside>'
  page[#page + 1] = '<script type="application/json" id="evidence-data">' .. book:json() .. '</script>'
  page[#page + 1] = "<script>" .. SCRIPT .. "</script></body></html>\n"
  return table.concat(page, "\n"), specs
end

-- vega_lite(specs) -> JSON text: an array of Vega-Lite specs.
function M.vega_lite(specs)
  local list = {}
  for i, s in ipairs(specs) do list[i] = chart.vega_lite(s) end
  return out.encode(out.array(list))
end

-- An error as a user should read it: without the Lua chunk and line.
local function plain(err)
  return (tostring(err):gsub('^%[string "[^"]*"%]:%d+: ', ""):gsub("^[%w_/%.]+%.lua:%d+: ", ""))
end

local function open_db(db_or_path)
  if type(db_or_path) == "string" then
    local f = io.open(db_or_path, "rb")
    if not f then return nil, "cannot open database " .. db_or_path .. ": no such file" end
    f:close()
    return lede.db.open(db_or_path, { readonly = true }), true
  end
  return db_or_path, false
end

-- lede.report{db = PATH|handle [, out = PATH, format = "html"|"vega-lite",
-- title = ...]} -> text (also written to out when given).
function M.report(opts)
  local db, owned = open_db(assert(opts.db, "lede.report: db is required"))
  if not db then return nil, owned end
  local ok, html, specs = pcall(M.build, db, opts)
  if owned then db:close() end
  if not ok then return nil, plain(html) end
  local text = html
  if opts.format == "vega-lite" then text = M.vega_lite(specs) end
  if opts.out then
    local f, err = io.open(opts.out, "wb")
    if not f then return nil, err end
    local wok, werr = f:write(text)
    local cok, cerr = f:close()
    if not wok or not cok then return nil, werr or cerr end
  end
  return text
end

-- lede.chart{db = PATH|handle, table = T, x = COL [, y = COL, color = COL,
-- agg = "sum", mark = "bar"|"line", format = "svg"|"vega-lite", out = PATH]}
-- -> text (also written to out when given).
function M.chart(opts)
  local db, owned = open_db(assert(opts.db, "lede.chart: db is required"))
  if not db then return nil, owned end
  local ok, spec, err = pcall(M.chart_spec, db, opts)
  if owned then db:close() end
  if not ok then return nil, plain(spec) end
  if not spec then return nil, err end
  local text
  if opts.format == "vega-lite" then text = out.encode(chart.vega_lite(spec))
  elseif opts.format == nil or opts.format == "svg" then
    text = '<?xml version="1.0" encoding="UTF-8"?>\n' .. chart.svg(spec) .. "\n"
  else
    return nil, "format is svg or vega-lite"
  end
  if opts.out then
    local f, ferr = io.open(opts.out, "wb")
    if not f then return nil, ferr end
    f:write(text)
    local cok, cerr = f:close()
    if not cok then return nil, cerr end
  end
  return text
end

return M
