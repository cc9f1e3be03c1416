-- repl.lua -- `lede repl`: explore a story interactively (module "lede.repl").
--
-- main(opts) runs the session: opts.inputs (a list of inputs, loaded as
-- `docs`, the first as `doc`) and opts.db (a database path, opened as
-- `db`). It returns the exit status.
--
-- Like lua.c, a line is first tried as an expression ("return " .. line)
-- so that `1+1` prints 2; a chunk that is incomplete (its error ends in
-- "<eof>") waits for more lines. `_` holds the last result. Results are
-- pretty-printed: lede objects as rows, tables within depth and item
-- limits. Lines starting with ':' are commands, '?' asks for help.
--
-- With stdin not a terminal there are no prompts and no colour: lines are
-- read and evaluated, results go to stdout, errors to stderr, and the exit
-- status is 1 when any line failed, so the REPL can be scripted.
local lede = require "lede"
local help = require "lede.help"

local M = {}

-- Named limits of the pretty printer.
M.MAX_DEPTH = 3      -- nesting levels of a table shown before "{…}"
M.MAX_ITEMS = 30     -- entries of a table shown before "… N more"
M.MAX_ROWS = 40      -- rows of a list of lede objects or of an :sql result
M.MAX_STRING = 200   -- characters of a string shown inside a table
M.MAX_CELL = 24      -- characters of a value column in a row table

local sys = lede._sys or {}
local unpack = table.unpack

------------------------------------------------------------------ output

local C = {}   -- colour functions; identity when colour is off
local function set_colour(on)
  local function sgr(code)
    if not on then return function(s) return s end end
    return function(s) return "\27[" .. code .. "m" .. s .. "\27[0m" end
  end
  C.str, C.num, C.const, C.key = sgr("32"), sgr("36"), sgr("35"), sgr("33")
  C.head, C.dim, C.err = sgr("1"), sgr("2"), sgr("31")
end
set_colour(false)

local function columns()
  local ok, w = pcall(sys.columns or function() return 80 end)
  w = ok and tonumber(w) or 80
  if w < 40 then w = 40 end
  return w
end

local function ulen(s)
  return utf8.len(s) or #s
end

-- s cut to at most n characters, with "…" when cut.
local function cut(s, n)
  if ulen(s) <= n then return s end
  if n <= 1 then return "…" end
  local ok, stop = pcall(utf8.offset, s, n)
  if not ok or not stop then return s:sub(1, n - 1) .. "…" end
  return s:sub(1, stop - 1) .. "…"
end

local function pad(s, n, right)
  local fill = string.rep(" ", math.max(0, n - ulen(s)))
  return right and fill .. s or s .. fill
end

local function oneline(s)
  return (tostring(s):gsub("%s+", " "))
end

--------------------------------------------------------- pretty printing

local function field(v, k)
  local ok, r = pcall(function() return v[k] end)
  if ok then return r end
  return nil
end

local function is_null(v)
  return lede.null ~= nil and rawequal(v, lede.null)
end

-- The kind of a lede object ("Document", "Sentence", "Figure", "Date",
-- "Token", "Database") from its metatable's __name, or from its shape for
-- plain tables (a span has text and start). nil for anything else.
local function kind_of(v)
  local t = type(v)
  if t ~= "table" and t ~= "userdata" then return nil end
  local mt = debug.getmetatable(v)
  local name = type(mt) == "table" and rawget(mt, "__name")
  if type(name) == "string" and name:match("^lede%.%u") then
    return name:sub(6)
  end
  if t ~= "table" then return nil end
  if type(field(v, "text")) == "string" then
    if type(field(v, "sentences")) == "function" then return "Document" end
    if type(field(v, "start")) == "number" then
      if field(v, "grain") ~= nil then return "Date" end
      if field(v, "value") ~= nil then return "Figure" end
      if field(v, "kind") ~= nil then return "Token" end
      if field(v, "index") ~= nil then return "Sentence" end
      return "Span"
    end
  end
  return nil
end
M.kind_of = kind_of

local function quote(s)
  s = cut(s, M.MAX_STRING)
  s = s:gsub('[\\"%c]', function(c)
    if c == "\n" then return "\\n" elseif c == "\t" then return "\\t"
    elseif c == "\\" then return "\\\\" elseif c == '"' then return '\\"' end
    return ("\\%d"):format(c:byte())
  end)
  return '"' .. s .. '"'
end

local function fmt_number(v)
  if math.type(v) == "float" and v == math.floor(v) and math.abs(v) < 2^53 then
    return ("%.0f"):format(v)
  end
  if math.type(v) == "float" then return ("%.14g"):format(v) end
  return tostring(v)
end

-- A value as a short cell (no colour): numbers plainly, spans as their text.
local function cell(v)
  if v == nil then return "" end
  if is_null(v) then return "NULL" end
  local t = type(v)
  if t == "number" then return fmt_number(v) end
  if t == "string" then return oneline(v) end
  if t == "table" and type(field(v, "text")) == "string" then
    return oneline(v.text)
  end
  return oneline(tostring(v))
end

local function span_text(v)
  if v == nil then return nil end
  if type(v) == "string" then return v end
  local t = field(v, "text")
  if type(t) == "string" then return t end
  return tostring(v)
end

-- The number of items in what a method returned (a list or an iterator).
local function count_of(r)
  if type(r) == "table" then return #r end
  if type(r) == "function" then
    local n = 0
    for _ in r do n = n + 1 end
    return n
  end
  return nil
end

local function show_document(d)
  local width = columns()
  local out = {}
  local id = field(d, "id")
  local text = field(d, "text") or ""
  out[1] = C.head("Document" .. (id and (" " .. tostring(id)) or "")) ..
    C.dim(("  (%d bytes)"):format(#text))
  local function row(label, value)
    if value == nil or value == "" then return end
    out[#out + 1] = "  " .. C.key(pad(label, 9)) .. " " ..
      cut(oneline(value), width - 12)
  end
  row("headline", span_text(field(d, "headline")))
  local dl = field(d, "dateline")
  row("dateline", span_text(dl))
  row("byline", span_text(field(d, "byline")))
  local date = field(d, "date")
  row("date", date and cell(date))
  local counts = {}
  for _, m in ipairs { "paragraphs", "sentences", "numbers", "dates" } do
    local f = field(d, m)
    if type(f) == "function" then
      local ok, r = pcall(f, d)
      local n = ok and count_of(r)
      if n then
        local label = m == "numbers" and "figures" or m
        counts[#counts + 1] = n .. " " .. label
      end
    end
  end
  if #counts > 0 then row("counts", table.concat(counts, ", ")) end
  return table.concat(out, "\n")
end

-- Columns shown for a list of lede objects, besides # and text.
local LIST_FIELDS = { "value", "max", "end_value", "unit", "approx", "kind",
  "grain", "role", "paragraph", "noun", "start" }

-- A list of lede objects as an aligned table: index, fields, text cut to
-- the terminal's width.
local function show_list(list, n)
  local width = columns()
  local shown = math.min(n, M.MAX_ROWS)
  local cols = {}
  for _, f in ipairs(LIST_FIELDS) do
    for i = 1, shown do
      if field(list[i], f) ~= nil then cols[#cols + 1] = f break end
    end
  end
  -- a column of numbers only is aligned to the right
  local rows, widths, numeric = {}, { #tostring(shown) }, { true }
  for j, f in ipairs(cols) do
    widths[j + 1], numeric[j + 1] = #f, true
  end
  for i = 1, shown do
    local r = { tostring(i) }
    for j, f in ipairs(cols) do
      local v = field(list[i], f)
      if v ~= nil and type(v) ~= "number" then numeric[j + 1] = false end
      r[j + 1] = cut(cell(v), M.MAX_CELL)
      widths[j + 1] = math.max(widths[j + 1], ulen(r[j + 1]))
    end
    r.text = oneline(cell(field(list[i], "text")))
    rows[i] = r
  end
  local used = 0
  for _, w in ipairs(widths) do used = used + w + 2 end
  local textw = math.max(10, width - used)
  local head = { "#" }
  for j, f in ipairs(cols) do head[j + 1] = f end
  local function line_of(r, text, style)
    local parts = {}
    for j = 1, #cols + 1 do parts[j] = pad(r[j], widths[j], numeric[j]) end
    parts[1] = style(parts[1])
    parts[#parts + 1] = text
    return table.concat(parts, "  ")
  end
  local out = { C.head(line_of(head, "text", function(x) return x end)) }
  for _, r in ipairs(rows) do
    out[#out + 1] = line_of(r, cut(r.text, textw), C.dim)
  end
  if n > shown then
    out[#out + 1] = C.dim(("… %d more (%d in all)"):format(n - shown, n))
  end
  return table.concat(out, "\n")
end

-- A lede object other than a document, on one line.
local function show_object(v, kind)
  local parts = { kind }
  for _, f in ipairs(LIST_FIELDS) do
    local x = field(v, f)
    if x ~= nil then parts[#parts + 1] = f .. "=" .. cut(cell(x), M.MAX_CELL) end
  end
  local t = field(v, "text")
  if type(t) == "string" then parts[#parts + 1] = quote(cut(oneline(t), 60)) end
  return "<" .. table.concat(parts, " ") .. ">"
end

local function is_identifier(k)
  return type(k) == "string" and k:match("^[%a_][%w_]*$") ~= nil
end

local function sorted_keys(t)
  local n = #t
  local keys = {}
  for k in pairs(t) do
    if not (math.type(k) == "integer" and k >= 1 and k <= n) then
      keys[#keys + 1] = k
    end
  end
  table.sort(keys, function(a, b)
    local ta, tb = type(a), type(b)
    if ta ~= tb then return ta < tb end
    if ta == "number" or ta == "string" then return a < b end
    return tostring(a) < tostring(b)
  end)
  return n, keys
end

local render

local function function_name(f)
  local ok, e = pcall(help.find, f)
  if ok and e then return "function " .. e.name end
  return tostring(f)
end

-- A value as one line (nested), within the limits.
local function inline(v, depth, seen)
  local t = type(v)
  if t == "string" then return C.str(quote(v)) end
  if t == "number" then return C.num(fmt_number(v)) end
  if t == "nil" or t == "boolean" then return C.const(tostring(v)) end
  if is_null(v) then return C.const("NULL") end
  if t == "function" then return C.dim(function_name(v)) end
  local kind = kind_of(v)
  if kind == "Document" then
    local id = field(v, "id")
    return "<Document" .. (id and (" " .. tostring(id)) or "") .. ">"
  elseif kind == "Database" then
    return "<" .. tostring(v) .. ">"
  elseif kind then
    return show_object(v, kind)
  end
  if t ~= "table" then return tostring(v) end
  if seen[v] then return C.dim("<cycle>") end
  local n, keys = sorted_keys(v)
  if n + #keys == 0 then return "{}" end
  if depth >= M.MAX_DEPTH then
    return "{… " .. (n + #keys) .. " items}"
  end
  seen[v] = true
  local parts, count = {}, 0
  for i = 1, n do
    count = count + 1
    if count > M.MAX_ITEMS then break end
    parts[#parts + 1] = inline(v[i], depth + 1, seen)
  end
  for _, k in ipairs(keys) do
    count = count + 1
    if count > M.MAX_ITEMS then break end
    local ks = is_identifier(k) and C.key(k) or "[" .. inline(k, depth + 1, seen) .. "]"
    parts[#parts + 1] = ks .. " = " .. inline(v[k], depth + 1, seen)
  end
  if count > M.MAX_ITEMS then
    parts[#parts + 1] = C.dim(("… %d more"):format(n + #keys - M.MAX_ITEMS))
  end
  seen[v] = nil
  return "{" .. table.concat(parts, ", ") .. "}"
end

local function visible_len(s)
  return ulen((s:gsub("\27%[[%d;]*m", "")))
end

-- A table over several lines when it does not fit on one.
local function block(v, depth, seen, indent)
  local one = inline(v, depth, seen)
  local width = columns()
  if type(v) ~= "table" or kind_of(v) or seen[v] or depth >= M.MAX_DEPTH
     or #indent + visible_len(one) <= width then
    return one
  end
  seen[v] = true
  local n, keys = sorted_keys(v)
  local inner = indent .. "  "
  local lines, count = { "{" }, 0
  for i = 1, n do
    count = count + 1
    if count > M.MAX_ITEMS then break end
    lines[#lines + 1] = inner .. block(v[i], depth + 1, seen, inner) .. ","
  end
  for _, k in ipairs(keys) do
    count = count + 1
    if count > M.MAX_ITEMS then break end
    local ks = is_identifier(k) and C.key(k) or "[" .. inline(k, depth + 1, seen) .. "]"
    lines[#lines + 1] = inner .. ks .. " = " .. block(v[k], depth + 1, seen, inner) .. ","
  end
  if count > M.MAX_ITEMS then
    lines[#lines + 1] = inner .. C.dim(("… %d more"):format(n + #keys - M.MAX_ITEMS))
  end
  lines[#lines + 1] = indent .. "}"
  seen[v] = nil
  return table.concat(lines, "\n")
end

-- The kind shared by the first items of an array of lede objects, or nil.
local function list_kind(v)
  if type(v) ~= "table" or kind_of(v) then return nil end
  local n = #v
  if n == 0 then return nil end
  for k in pairs(v) do
    if not (math.type(k) == "integer" and k >= 1 and k <= n) then return nil end
  end
  local kind = kind_of(v[1])
  if kind == nil or kind == "Database" then return nil end
  for i = 2, math.min(n, M.MAX_ROWS) do
    local k = kind_of(v[i])
    if k == nil or (kind == "Document") ~= (k == "Document") then return nil end
  end
  return kind
end

-- The printed form of one value (a top-level string prints as itself).
function render(v)
  if type(v) == "string" then return v end
  local kind = kind_of(v)
  if kind == "Document" then return show_document(v) end
  local lk = list_kind(v)
  if lk == "Document" then
    local rows = {}
    for i, d in ipairs(v) do
      if i > M.MAX_ROWS then
        rows[#rows + 1] = C.dim(("… %d more"):format(#v - M.MAX_ROWS))
        break
      end
      local h = span_text(field(d, "headline")) or ""
      rows[#rows + 1] = pad(tostring(i), #tostring(math.min(#v, M.MAX_ROWS)), true)
        .. "  " .. cut(tostring(field(d, "id") or "") .. "  " .. oneline(h), columns() - 6)
    end
    return table.concat(rows, "\n")
  end
  if lk then return show_list(v, #v) end
  return block(v, 0, {}, "")
end
M.render = render

local function print_values(vals, n)
  local parts, multi = {}, false
  for i = 1, n do
    parts[i] = render(vals[i])
    if parts[i]:find("\n") then multi = true end
  end
  io.stdout:write(table.concat(parts, multi and "\n" or "\t"), "\n")
  io.stdout:flush()
end

------------------------------------------------------------------- help

local function show_help(x)
  local width = columns()
  if x == nil then
    io.stdout:write(help.index(), "\n")
    return
  end
  local e = help.find(x)
  if not e then
    local name = type(x) == "string" and x or function_name(x)
    io.stdout:write("no help for ", tostring(name),
      " (help() lists the documented API)\n")
    return
  end
  io.stdout:write(help.text(e, width), "\n")
end

-- help([f | "name"]): the API list, or the doc paragraph of one function.
function M.help(x)
  show_help(x)
end

local REPL_HELP = [[
Type Lua: an expression is printed (`1+1`), a statement is run; an
incomplete chunk (`for i = 1, 3 do`) continues on the next line. `_` holds
the last result. Globals: doc (first input), docs (all inputs), db (--db).
Commands:
  :load PATH     load articles (a file, a folder, JSONL...); the first
                 becomes `doc`, all are added to `docs` (docs[id] too)
  :sql QUERY     run SQL against `db`, print the rows as a table;
                 `:sql ... WHERE id = ?; doc.id` binds ? to Lua values
  :chart QUERY   a bar chart of a query's first two columns (label, value)
  :time EXPR     evaluate EXPR and print its wall time
  :help          this text
  :quit          leave (Ctrl-D on an empty line too)
Help on the API: help() lists it; help(lede.numbers) or ?lede.numbers for
one function. Keys: Tab completes names, methods (doc:<Tab>) and file names
in strings; Up/Down walk the history; Ctrl-C cancels the line.]]

----------------------------------------------------------------- session

local Session = {}
Session.__index = Session

function Session:error(msg, code)
  msg = tostring(msg)
  self.failures = self.failures + 1
  io.stdout:flush()
  io.stderr:write(C.err(msg), "\n")
  local ln = msg:match("^input:(%d+):")
  if ln and code and code:find("\n") then
    local i = 0
    for line in (code .. "\n"):gmatch("(.-)\n") do
      i = i + 1
      if i == tonumber(ln) then
        io.stderr:write(C.dim(("  line %d: %s"):format(i, line)), "\n")
        break
      end
    end
  end
  io.stderr:flush()
end

local function handler(e)
  if type(e) == "string" then return e end
  local mt = debug.getmetatable(e)
  if mt and mt.__tostring then return tostring(e) end
  return "(error object is a " .. type(e) .. " value)"
end

-- Whether `code` is one call of lede's API (lede.x(...), doc:x(...),
-- db:x(...)): an iterator it returns is then walked and shown as a list.
-- Other functions are never called just to be printed.
local ITERATOR_ROOTS = { lede = true, doc = true, db = true, docs = true }
local function iterator_call(code)
  code = code:gsub("^%s*return%s+", "")
  local root = code:match("^%s*([%a_][%w_]*)[%w_%.%[%]]*[.:][%a_][%w_]*%s*%b()%s*$")
  return root ~= nil and ITERATOR_ROOTS[root] == true
end

-- The first MAX_ROWS items of a generic-for iterator, and whether there
-- were more. A to-be-closed fourth value is closed.
local function collect(f, state, control, closing)
  local list, more = {}, false
  local ok, err = pcall(function()
    while true do
      local v = f(state, control)
      if v == nil then break end
      if #list >= M.MAX_ROWS then more = true break end
      list[#list + 1] = v
      control = v
    end
  end)
  local mt = closing ~= nil and debug.getmetatable(closing)
  if mt and mt.__close then pcall(mt.__close, closing) end
  if not ok then error(err, 0) end
  return list, more
end

local rows_table, sql_message  -- below, with :sql

-- Runs a compiled chunk and prints its results; `_` gets the first.
function Session:run(fn, code)
  local r = table.pack(xpcall(fn, handler))
  if not r[1] then
    self:error(r[2], code)
    return false
  end
  if r.n > 1 and type(r[2]) == "function" and code:match(":query%s*%b()%s*$")
     and iterator_call(code) then
    -- db:query(...) prints as :sql does
    local ok, shown, rows = pcall(rows_table, r[2], r[3], r[4], r[5])
    if not ok then
      self:error(sql_message(shown), code)
      return false
    end
    _G._ = rows
    io.stdout:write(shown, "\n")
    return true
  end
  if r.n > 1 and type(r[2]) == "function" and iterator_call(code) then
    local ok, list, more = pcall(collect, r[2], r[3], r[4], r[5])
    if not ok then
      self:error(list, code)
      return false
    end
    _G._ = list
    print_values({ list }, 1)
    io.stdout:write(C.dim(("(an iterator: its %s%d items, now in _)"):format(
      more and "first " or "", #list)), "\n")
    return true
  end
  if r.n > 1 then
    _G._ = r[2]
    print_values({ unpack(r, 2, r.n) }, r.n - 1)
  end
  return true
end

-- Compiles `code` as an expression if it is one, else as a statement.
local function compile(code)
  local fn = load("return " .. code, "=input", "t")
  if fn then return fn end
  return load(code, "=input", "t")
end

local function is_incomplete(err)
  return err:sub(-5) == "<eof>"
end

local COMMANDS = { "load", "sql", "chart", "time", "help", "quit" }

local ROW_STATEMENTS = { select = true, with = true, pragma = true,
  values = true, explain = true }

-- An error of the db binding without the position of this file.
function sql_message(err)
  return (tostring(err):gsub('^%[string "lede%.repl"%]:%d+: ', ""))
end

-- The columns of a query in SELECT order, when the cursor (the upvalue or
-- state of db:query's iterator) keeps their names; checked against the
-- first row, else {} (the columns are then sorted, id first).
local function select_order(f, state, row)
  local cursor = state
  if type(cursor) ~= "userdata" and type(f) == "function" then
    cursor = select(2, debug.getupvalue(f, 1))
  end
  if type(cursor) ~= "userdata" then return {} end
  for i = 1, 4 do
    local ok, names = pcall(debug.getuservalue, cursor, i)
    if ok and type(names) == "table" and #names > 0 then
      local set, n = {}, 0
      for _, c in ipairs(names) do
        if type(c) ~= "string" then set = nil break end
        set[c] = true
      end
      if set then
        for k in pairs(row) do
          n = n + 1
          if not set[k] then set = nil break end
        end
      end
      if set and n == #names then return names end
    end
  end
  return {}
end

-- Splits ":sql QUERY; v1, v2" at the first ";" outside quotes: the SQL,
-- and the Lua values its ? parameters are bound to (nil when none).
local function sql_params(text)
  local i, q = 1, nil
  while i <= #text do
    local c = text:sub(i, i)
    if q then
      if c == q then q = nil end
    elseif c == "'" or c == '"' then
      q = c
    elseif c == ";" then
      local rest = text:sub(i + 1)
      if not rest:find("%S") then return text:sub(1, i - 1), nil end
      local fn, err = load("return " .. rest, "=params", "t")
      if not fn then error("cannot read the parameters after ';': " .. err, 0) end
      return text:sub(1, i - 1), table.pack(fn())
    end
    i = i + 1
  end
  return text, nil
end

-- The rows of a db:query iterator as the aligned table :sql prints, and
-- the rows read (at most MAX_ROWS).
function rows_table(f, st, ctl, closing)
  local rows, cols, seen, more = {}, {}, {}, false
  local ok, err = pcall(function()
    for row in f, st, ctl, closing do
      if #rows >= M.MAX_ROWS then more = true break end
      rows[#rows + 1] = row
      if #rows == 1 then
        for _, c in ipairs(select_order(f, st, row)) do
          cols[#cols + 1] = c; seen[c] = true
        end
      end
      local fresh = {}
      for k in pairs(row) do
        if not seen[k] then fresh[#fresh + 1] = k; seen[k] = true end
      end
      table.sort(fresh, function(a, b)
        if a == "id" then return b ~= "id" end
        if b == "id" then return false end
        return tostring(a) < tostring(b)
      end)
      for _, k in ipairs(fresh) do cols[#cols + 1] = k end
    end
  end)
  if not ok then error(err, 0) end
  if #rows == 0 then return "(no rows)", rows end
  local widths, cells, numeric = {}, {}, {}
  for j, c in ipairs(cols) do
    widths[j] = ulen(tostring(c))
    numeric[j] = true
  end
  for i, row in ipairs(rows) do
    cells[i] = {}
    for j, c in ipairs(cols) do
      local v = row[c]
      local s = cut(cell(v), 40)
      cells[i][j] = s
      widths[j] = math.max(widths[j], ulen(s))
      if type(v) ~= "number" and v ~= nil and not is_null(v) then
        numeric[j] = false
      end
    end
  end
  -- numbers to the right; the last column is not padded
  local function line_of(list)
    local parts = {}
    for j = 1, #cols do
      parts[j] = (j < #cols or numeric[j]) and pad(list[j], widths[j], numeric[j])
        or list[j]
    end
    return table.concat(parts, "  ")
  end
  local head = {}
  for j, c in ipairs(cols) do head[j] = tostring(c) end
  local out = { C.head(line_of(head)) }
  for i = 1, #rows do out[#out + 1] = line_of(cells[i]) end
  out[#out + 1] = C.dim(more and ("(first %d rows)"):format(#rows)
    or ("(%d row%s)"):format(#rows, #rows == 1 and "" or "s"))
  return table.concat(out, "\n"), rows
end

function Session:sql(text)
  local db = rawget(_G, "db")
  if db == nil then
    return self:error("no database: start with `lede repl --db PATH`, or set db = lede.db.open(PATH)")
  end
  if text == "" then return self:error("usage: :sql QUERY [; VALUE, ...]") end
  local pok, query, params = pcall(sql_params, text)
  if not pok then return self:error(query) end
  local args = params and { table.unpack(params, 1, params.n) } or nil
  local first = query:match("^%s*(%a+)")
  if not (first and ROW_STATEMENTS[first:lower()]) then
    local ok, err = pcall(function() return db:exec(query, args) end)
    if not ok then return self:error(sql_message(err)) end
    io.stdout:write("ok\n")
    return
  end
  local ok, shown = pcall(function() return rows_table(db:query(query, args)) end)
  if not ok then return self:error(sql_message(shown)) end
  io.stdout:write(shown, "\n")
end

-- :chart QUERY -- the first column labels a bar, the second sizes it.
function Session:chart(query)
  local db = rawget(_G, "db")
  if db == nil then
    return self:error("no database: start with `lede repl --db PATH`, or set db = lede.db.open(PATH)")
  end
  if query == "" then
    return self:error("usage: :chart SELECT label, value FROM ... (e.g. :chart SELECT action, SUM(count) FROM drone_reports GROUP BY 1)")
  end
  local rows, more = {}, false
  local ok, err = pcall(function()
    local f, st, ctl, closing = db:query(query)
    local cols
    for row in f, st, ctl, closing do
      if #rows >= M.MAX_ROWS then more = true break end
      cols = cols or select_order(f, st, row)
      if #cols < 2 then error("a chart needs two columns: a label and a value", 0) end
      local v = row[cols[2]]
      if type(v) ~= "number" then
        error(("the second column (%s) is not a number: %s"):format(cols[2], cell(v)), 0)
      end
      rows[#rows + 1] = { cell(row[cols[1]]), v }
    end
  end)
  if not ok then return self:error(sql_message(err)) end
  io.stdout:write(require("lede.chart").terminal(rows, { width = 40 }), "\n")
  if more then io.stdout:write(C.dim(("(first %d rows)"):format(#rows)), "\n") end
end

-- A command line (":name args"). Returns "quit" to leave.
function Session:command(line)
  local name, rest = line:match("^%s*:(%a*)%s*(.-)%s*$")
  if name == "quit" or name == "q" or name == "exit" then return "quit" end
  if name == "help" or name == "h" then
    io.stdout:write(REPL_HELP, "\n")
  elseif name == "load" then
    if rest == "" then return self:error("usage: :load PATH") end
    local path = rest:match('^"(.*)"$') or rest:match("^'(.*)'$") or rest
    -- the same inputs as the command line: a file, a folder, JSONL, ...
    local loaded = {}
    local ok, err = pcall(function()
      for d in lede.inputs({ path }, { on_error = function(msg) self:error(msg) end }) do
        loaded[#loaded + 1] = d
      end
    end)
    if not ok then return self:error(err) end
    if #loaded == 0 then return end
    local docs = rawget(_G, "docs")
    if type(docs) ~= "table" then docs = as_docs({}); _G.docs = docs end
    for _, d in ipairs(loaded) do docs[#docs + 1] = d end
    _G.doc = loaded[1]
    _G._ = #loaded == 1 and loaded[1] or loaded
    if #loaded == 1 then
      io.stdout:write(render(loaded[1]), "\n")
    else
      io.stdout:write(("%d documents loaded: doc = %s; docs[%d..%d] (or docs[id])\n")
        :format(#loaded, tostring(field(loaded[1], "id")), #docs - #loaded + 1, #docs))
    end
  elseif name == "sql" then
    self:sql(rest)
  elseif name == "chart" then
    self:chart(rest)
  elseif name == "time" then
    if rest == "" then return self:error("usage: :time EXPR") end
    local fn, err = compile(rest)
    if not fn then return self:error(err) end
    local clock = sys.clock or os.clock
    local t0 = clock()
    local ok = self:run(fn, rest)
    local dt = clock() - t0
    if ok then
      io.stdout:write(C.dim(("time: %.3f ms"):format(dt * 1000)), "\n")
    end
  else
    self:error(("unknown command :%s (commands: :%s)"):format(name,
      table.concat(COMMANDS, " :")))
  end
end

-- Evaluates one entry: `first` and, while the chunk is incomplete, the
-- lines that `more()` gives (nil or false from it abandons the chunk).
-- Returns "quit" to leave.
function Session:eval(first, more)
  if first:match("^%s*$") then return end
  if first:match("^%s*:[%a%s]") or first:match("^%s*:$") then
    return self:command(first)  -- (a "::label::" is Lua)
  end
  local topic = first:match("^%s*%?%s*(.-)%s*$")
  if topic then
    if topic == "" then return show_help(nil) end
    if help.find(topic) then return show_help(topic) end
    local fn = load("return " .. topic, "=input", "t")
    local ok, v = false, nil
    if fn then ok, v = pcall(fn) end
    return show_help(ok and v ~= nil and v or topic)
  end
  local code = first:gsub("^%s*=", "return ", 1)
  local fn, err = compile(code)
  while not fn and is_incomplete(err) do
    local line = more()
    if not line then return end
    code = code .. "\n" .. line
    fn, err = load(code, "=input", "t")
  end
  if not fn then return self:error(err, code) end
  self:run(fn, code)
end

------------------------------------------------------------- completion

local KEYWORDS = { "and", "break", "do", "else", "elseif", "end", "false",
  "for", "function", "goto", "if", "in", "local", "nil", "not", "or",
  "repeat", "return", "then", "true", "until", "while" }

-- Where an unterminated string literal starts in `line` (the index of its
-- quote), or nil. A comment ends the scan.
local function open_string(line)
  local i, q, start = 1, nil, nil
  while i <= #line do
    local c = line:sub(i, i)
    if q then
      if c == "\\" then i = i + 1
      elseif c == q then q = nil end
    elseif c == '"' or c == "'" then
      q, start = c, i
    elseif c == "-" and line:sub(i + 1, i + 1) == "-" then
      return nil
    end
    i = i + 1
  end
  if q then return start, q end
  return nil
end

-- File names starting with `word` (a path as typed).
local function complete_file(word, quote_char)
  local dir, base = word:match("^(.*/)([^/]*)$")
  if not dir then dir, base = "", word end
  local listdir = sys.listdir
  if not listdir then return {} end
  local names = listdir(dir == "" and "." or dir)
  local out = {}
  for _, name in ipairs(names or {}) do
    if name:sub(1, #base) == base and (base:sub(1, 1) == "." or name:sub(1, 1) ~= ".") then
      local full = dir .. name
      local kind = sys.filetype and sys.filetype(full)
      out[#out + 1] = full .. (kind == "directory" and "/" or "")
    end
  end
  table.sort(out)
  if #out == 1 and quote_char and out[1]:sub(-1) ~= "/" then
    out[1] = out[1] .. quote_char
  end
  return out
end

local function add_keys(set, t, want_functions)
  if type(t) ~= "table" then return end
  for k, v in pairs(t) do
    if is_identifier(k) and (not want_functions or type(v) == "function") then
      set[k] = type(v)
    end
  end
end

-- Objects whose __index may be a function: their documented methods
-- (help.lua) are probed by name.
local HELP_PREFIX = { Document = "doc", Database = "db" }
-- Fields of a document that are computed on first access.
local DOC_FIELDS = { "text", "id", "path", "url", "title", "headline",
  "dateline", "byline", "date", "date_source" }

-- Fields and methods of a value: its own keys (tables), those of its
-- metatable's __index tables (two levels), and the documented methods of
-- lede objects.
local function members(v, methods_only)
  local set = {}
  local prefix = HELP_PREFIX[kind_of(v) or ""]
  if prefix then
    for _, e in ipairs(help.entries) do
      local m = e.name:match("^" .. prefix .. ":([%w_]+)$")
      if m and type(field(v, m)) == "function" then set[m] = "function" end
    end
  end
  if prefix == "doc" and not methods_only then
    for _, f in ipairs(DOC_FIELDS) do set[f] = "field" end
  end
  if type(v) == "table" then add_keys(set, v, methods_only) end
  local mt = debug.getmetatable(v)
  for _ = 1, 2 do
    local index = type(mt) == "table" and rawget(mt, "__index")
    if type(index) ~= "table" then break end
    add_keys(set, index, methods_only)
    mt = debug.getmetatable(index)
  end
  return set
end

-- The value of a dotted name ("lede.db"), or nil. Only tables are indexed.
local function lookup(path)
  local v = _G
  for part in path:gmatch("[^.]+") do
    if type(v) ~= "table" and type(v) ~= "userdata" then return nil end
    v = field(v, part)
    if v == nil then return nil end
  end
  return v
end

-- Candidates for the text before the cursor: a list of replacements for
-- its last `n` bytes, and n.
function M.complete(line)
  local qpos, q = open_string(line)
  if qpos then
    local word = line:sub(qpos + 1)
    return complete_file(word, q), #word
  end
  local cmd_word = line:match("^%s*:(%a*)$")
  if cmd_word then
    local out = {}
    for _, c in ipairs(COMMANDS) do
      if c:sub(1, #cmd_word) == cmd_word then out[#out + 1] = c .. " " end
    end
    return out, #cmd_word
  end
  local path = line:match("^%s*:load%s+(.*)$")
  if path then return complete_file(path), #path end
  if line:match("^%s*:") then return {}, 0 end

  local expr = line:match("[%w_%.:]*$")
  if expr:match("^%d") then return {}, 0 end
  local base, sep, partial = expr:match("^(.-)([%.:])([%w_]*)$")
  local set, out = {}, {}
  if not base then
    partial = expr
    add_keys(set, _G)
    for _, k in ipairs(KEYWORDS) do set[k] = "keyword" end
  else
    if base == "" or base:find(":") then return {}, 0 end
    local v = lookup(base)
    if v == nil then return {}, 0 end
    set = members(v, sep == ":")
  end
  for k in pairs(set) do
    if k:sub(1, #partial) == partial and
       (k:sub(1, 1) ~= "_" or partial:sub(1, 1) == "_") then
      out[#out + 1] = k .. (sep == ":" and "(" or "")
    end
  end
  table.sort(out)
  return out, #partial
end

------------------------------------------------------------------- main

local function history_path()
  local state = os.getenv("XDG_STATE_HOME")
  if not state or state == "" then
    local home = os.getenv("HOME")
    if not home or home == "" then return nil end
    state = home .. "/.local/state"
  end
  return state .. "/lede/history"
end
M.history_path = history_path

-- The documents of the session: an array that also finds a document by
-- its id (docs["reuters21578/867"]).
local Docs = { __index = function(t, k)
  if type(k) ~= "string" then return nil end
  for _, d in ipairs(t) do
    if field(d, "id") == k then return d end
  end
  return nil
end }

local function as_docs(list)
  return setmetatable(list, Docs)
end
M.as_docs = as_docs

local function load_inputs(session, opts)
  local inputs = opts.inputs or {}
  _G.help = M.help
  if rawget(_G, "lede") == nil then _G.lede = lede end
  if #inputs > 0 then
    local docs = {}
    local ok, err = pcall(function()
      if type(lede.inputs) == "function" then
        local iopts = { repair = opts.repair,
          on_error = function(msg) session:error(msg) end }
        for d in lede.inputs(inputs, iopts) do docs[#docs + 1] = d end
      elseif type(lede.load) == "function" then
        for _, p in ipairs(inputs) do docs[#docs + 1] = lede.load(p) end
      else
        error("lede.inputs is not available in this build", 0)
      end
    end)
    if not ok then session:error(err) end
    _G.docs, _G.doc = as_docs(docs), docs[1]
  else
    _G.docs = as_docs({})
  end
  if opts.db then
    if not (lede.db and lede.db.open) then
      session:error("lede.db is not available in this build")
      return false
    end
    local ok, db = pcall(lede.db.open, opts.db)
    if not ok or not db then
      session:error(db or (opts.db .. ": cannot open"))
      return false
    end
    _G.db = db
  end
  return true
end

local function close_db()
  local db = rawget(_G, "db")
  if db ~= nil then pcall(function() db:close() end) end
end

-- Piped mode: lines from stdin, no prompts, no colour.
local function run_piped(session)
  local lines = io.lines()
  local function more() return lines() end
  while true do
    local line = more()
    if line == nil then break end
    local ok, res = pcall(session.eval, session, line, more)
    if not ok then session:error(res)
    elseif res == "quit" then break end
  end
end

local function run_tty(session, rl)
  local path = history_path()
  local warned = false
  if path then rl.load_history(path) end
  rl.set_completer(function(text)
    local ok, list, n = pcall(M.complete, text)
    if ok then return list, n end
    return {}, 0
  end)
  local function read(prompt)
    lede._sys.interrupted(true)   -- a Ctrl-C of the last step is over
    local line = rl.readline(prompt)
    if line and line:match("%S") then
      rl.add_history(line)
      if path then
        local ok, err = rl.save_history(path)
        if not ok and not warned then
          warned = true
          io.stderr:write("lede: history not saved: ", tostring(err), "\n")
        end
      end
    end
    return line
  end
  local banner = ("lede %s — :help for help, Ctrl-D to leave"):format(lede.version or "")
  io.stdout:write(C.dim(banner), "\n")
  local docs = rawget(_G, "docs")
  if type(docs) == "table" and #docs > 0 then
    io.stdout:write(("%d document%s loaded: doc = %s\n"):format(#docs,
      #docs == 1 and "" or "s", tostring(field(docs[1], "id") or "docs[1]")))
  end
  if rawget(_G, "db") ~= nil then io.stdout:write("database open as db\n") end
  while true do
    -- the whole step is protected: an interrupt that lands between chunks
    -- must not end the session
    local ok, res = pcall(function()
      local line = read("lede> ")
      if line == nil then return "quit" end
      if line == false then return nil end
      return session:eval(line, function() return read("  ... ") end)
    end)
    if not ok then session:error(res)
    elseif res == "quit" then break end
  end
  rl.set_completer(nil)
end

-- main(opts) -> exit status. opts.inputs: list of inputs; opts.db: path.
function M.main(opts)
  opts = opts or {}
  local ok_rl, rl = pcall(require, "lede.readline")
  if not ok_rl then rl = nil end
  local interactive
  if rl and rl.is_tty then interactive = rl.is_tty()
  else interactive = sys.isatty and sys.isatty(0) and sys.isatty(1) or false end
  local no_color = os.getenv("NO_COLOR")
  set_colour(interactive and sys.isatty and sys.isatty(1) and
    (no_color == nil or no_color == "") or false)
  local session = setmetatable({ failures = 0 }, Session)
  if not load_inputs(session, opts) then return 1 end
  if interactive and rl then
    run_tty(session, rl)
    close_db()
    return 0
  end
  run_piped(session)
  close_db()
  return session.failures > 0 and 1 or 0
end

return M
