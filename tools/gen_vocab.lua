-- gen_vocab.lua -- generates the core's vocabulary tables from the data
-- files in core/vocab/ (see docs/vocabulary.md for the format).
--
-- usage: lua5.4 tools/gen_vocab.lua VOCAB_DIR OUT_DIR
--   reads VOCAB_DIR/roles.tsv and every other VOCAB_DIR/*.tsv (the words),
--   writes OUT_DIR/vocab_roles.h (one bit per role, the role names) and
--   OUT_DIR/vocab_table.h (the entries and their hash slots, included by
--   core/vocab.c only). A file is rewritten only when its text changes, so
--   a build that runs the generator every time recompiles nothing.
--
-- Rows are grouped by their key: the form with ASCII letters folded to
-- lower case. Roles whose field is "exact" belong to the spelling itself
-- ("Gen." but not "GEN."); every other role belongs to the key. The slot
-- table is open addressing, at most half full (see "hash" below).
local vocab_dir, out_dir = arg[1], arg[2]
if not vocab_dir or not out_dir then
  io.stderr:write("usage: lua5.4 tools/gen_vocab.lua VOCAB_DIR OUT_DIR\n")
  os.exit(2)
end

local function fail(where, msg)
  io.stderr:write(("gen_vocab: %s: %s\n"):format(where, msg))
  os.exit(1)
end

-- Splits a line on tabs; a "#" starts a comment only at the start of a line.
local function fields(line)
  local t = {}
  for f in (line .. "\t"):gmatch("([^\t]*)\t") do t[#t + 1] = f end
  return t
end

local function lines_of(path)
  local f = io.open(path, "r")
  if not f then fail(path, "cannot open") end
  local n, out = 0, {}
  for line in f:lines() do
    n = n + 1
    line = line:gsub("\r$", "")
    if line ~= "" and not line:match("^#") then
      out[#out + 1] = { n = n, line = line }
    end
  end
  f:close()
  return out
end

-- The value slots an entry has, and how a value is written in C.
local SLOTS = {
  ["-"] = true, month = true, weekday = true, number = true, code = true,
  id = true,
}
local FIELDS = { "word", "num", "date", "dstart", "dctx", "sent", "art", "exact" }
local field_ok = {}
for _, f in ipairs(FIELDS) do field_ok[f] = true end

------------------------------------------------------------------ roles
local roles, role_list = {}, {}
local next_bit = {}
for _, l in ipairs(lines_of(vocab_dir .. "/roles.tsv")) do
  local where = vocab_dir .. "/roles.tsv:" .. l.n
  local f = fields(l.line)
  local name, field, slot, meaning = f[1], f[2], f[3], f[4]
  if not (name and field and slot and meaning) or #f ~= 4 then
    fail(where, "want 4 tab-separated fields: role, field, value, meaning")
  end
  if not name:match("^[a-z][a-z0-9_.]*$") then fail(where, "bad role " .. name) end
  if roles[name] then fail(where, "role " .. name .. " declared twice") end
  if not field_ok[field] then fail(where, "unknown field " .. field) end
  if not SLOTS[slot] then fail(where, "unknown value slot " .. slot) end
  if field == "exact" and slot ~= "-" then
    fail(where, "an exact role carries no value")
  end
  local bit = next_bit[field] or 0
  local room = field == "exact" and 64 or 32
  if bit >= room then fail(where, ("more than %d roles in field %s"):format(room, field)) end
  next_bit[field] = bit + 1
  local r = { name = name, field = field, slot = slot, bit = bit,
              meaning = meaning, used = 0 }
  roles[name] = r
  role_list[#role_list + 1] = r
end

------------------------------------------------------------------ words
local LANGS = { en = 0, de = 1, fr = 2, es = 3, it = 4, nl = 5, pt = 6, ar = 7,
                id = 8, ru = 9 }
local entries, by_key = {}, {}
local max_len = 0

local function fold(s) return (s:gsub("%u", string.lower)) end

local word_files = {}
for _, name in ipairs((function()
  local p = io.popen('ls "' .. vocab_dir .. '"')
  local t = {}
  for n in p:lines() do t[#t + 1] = n end
  p:close()
  table.sort(t)
  return t
end)()) do
  if name:match("%.tsv$") and name ~= "roles.tsv" then
    word_files[#word_files + 1] = vocab_dir .. "/" .. name
  end
end

for _, path in ipairs(word_files) do
  for _, l in ipairs(lines_of(path)) do
    local where = path .. ":" .. l.n
    local f = fields(l.line)
    if #f ~= 3 then fail(where, "want 3 tab-separated fields: lang, form, roles") end
    local lang, form, rolestr = f[1], f[2], f[3]
    if LANGS[lang] == nil then fail(where, "unknown language " .. lang) end
    if form == "" or #form > 127 or form:find("[%c]") then
      fail(where, "bad form '" .. form .. "'")
    end
    local key = fold(form)
    local e = by_key[key]
    if not e then
      e = { key = key, langs = 0, bits = {}, forms = {}, form_of = {} }
      for _, fl in ipairs(FIELDS) do e.bits[fl] = 0 end
      by_key[key] = e
      entries[#entries + 1] = e
      if #key > max_len then max_len = #key end
    end
    local any = false
    for item in rolestr:gmatch("%S+") do
      any = true
      local name, value = item:match("^([^=]+)=(.*)$")
      name = name or item
      local r = roles[name]
      if not r then fail(where, "unknown role " .. name .. " (declare it in roles.tsv)") end
      r.used = r.used + 1
      if r.field ~= "exact" then
        -- the entry's languages are those of its rows with roles of the
        -- key; an exact role belongs to a spelling, not to the word
        e.langs = e.langs | (1 << LANGS[lang])
      end
      if r.field == "exact" then
        local fm = e.form_of[form]
        if not fm then
          fm = { s = form, bits = 0 }
          e.form_of[form] = fm
          e.forms[#e.forms + 1] = fm
        end
        fm.bits = fm.bits | (1 << r.bit)
      else
        e.bits[r.field] = e.bits[r.field] | (1 << r.bit)
      end
      if r.slot ~= "-" then
        if value == nil or value == "" then fail(where, name .. " needs =value") end
        if r.slot == "id" then
          if not value:match("^[a-z][a-z0-9_]*$") then fail(where, "bad id " .. value) end
        elseif r.slot == "code" then
          if not value:match("^[A-Z][A-Z][A-Z]$") then fail(where, "bad code " .. value) end
        elseif r.slot == "number" then
          if not tonumber(value) then fail(where, "bad number " .. value) end
          value = tonumber(value)
        else
          value = tonumber(value)
          local top = r.slot == "month" and 12 or 7
          if not value or value < 1 or value > top or value % 1 ~= 0 then
            fail(where, "bad " .. r.slot .. " " .. tostring(value))
          end
        end
        local old = e[r.slot]
        if old ~= nil and old ~= value then
          fail(where, ("'%s' has two values for %s: %s and %s"):format(
            key, r.slot, tostring(old), tostring(value)))
        end
        e[r.slot] = value
      elseif value ~= nil then
        fail(where, name .. " takes no value")
      end
    end
    if not any then fail(where, "a row needs at least one role") end
  end
end
for _, r in ipairs(role_list) do
  if r.used == 0 then
    io.stderr:write("gen_vocab: warning: role " .. r.name .. " has no words\n")
  end
end
if #entries > 65000 then fail(vocab_dir, "too many entries") end

------------------------------------------------------------------ hash
-- A key's first 16 bytes, zero-padded, are two 64-bit words k0, k1 (little
-- endian); the slot is a multiplicative hash of k0, k1 and the length.
-- core/vocab.c computes the same (vocab_hash); Lua integers wrap like C's
-- uint64_t.
local function words_of(key)
  local b = key:sub(1, 16) .. string.rep("\0", 16 - math.min(#key, 16))
  return string.unpack("<i8<i8", b)
end
local function slot_of(k0, k1, n, mask)
  local h = k0 * 0x9E3779B97F4A7C15 ~ k1 * 0xC2B2AE3D27D4EB4F
            ~ n * 0x165667B19E3779F9
  return (h >> 40) & mask
end
local nslots = 64
while nslots < 2 * #entries do nslots = nslots * 2 end
if nslots > (1 << 24) then fail(vocab_dir, "too many entries") end
local slots = {}
for i = 0, nslots - 1 do slots[i] = 0 end
for i, e in ipairs(entries) do
  e.k0, e.k1 = words_of(e.key)
  local k = slot_of(e.k0, e.k1, #e.key, nslots - 1)
  while slots[k] ~= 0 do k = (k + 1) & (nslots - 1) end
  slots[k] = i
end

------------------------------------------------------------------ output
local function cstr(s)
  return '"' .. s:gsub('[\\"]', "\\%0"):gsub("[\128-\255]", function(c)
    return ("\\%03o"):format(c:byte())
  end) .. '"'
end

local function macro(r)
  return ("LEDE_VOC_%s_%s"):format(r.field:upper(),
    r.name:gsub("^" .. r.field .. "%.", ""):gsub("%.", "_"):upper())
end

local roles_h = {}
local function rh(s) roles_h[#roles_h + 1] = s end
rh("/* Generated by tools/gen_vocab.lua from core/vocab/roles.tsv: do not edit. */")
rh("#ifndef LEDE_VOCAB_ROLES_H")
rh("#define LEDE_VOCAB_ROLES_H")
rh("")
rh(("#define LEDE_VOCAB_MAX_LEN %d   /* longest key, in bytes */"):format(max_len))
rh(("#define LEDE_VOCAB_ENTRIES %d"):format(#entries))
rh(("#define LEDE_VOCAB_SLOTS %d   /* a power of two */"):format(nslots))
rh("")
local last_field
for _, r in ipairs(role_list) do
  if r.field ~= last_field then
    rh(("/* field %s */"):format(r.field))
    last_field = r.field
  end
  rh(("#define %-28s (%s << %2d)  /* %s: %s */"):format(macro(r),
    r.field == "exact" and "1ull" or "1u", r.bit,
    r.name, r.meaning:gsub("%*/", "* /")))
  rh(("#define %-28s %d"):format(macro(r) .. "_BIT", r.bit))
end
rh("")
rh("#endif")

local t = {}
local function th(s) t[#t + 1] = s end
th("/* Generated by tools/gen_vocab.lua from the data files in core/vocab/: do not edit. */")
th("")
local forms = {}
for _, e in ipairs(entries) do
  e.form0 = #forms
  for _, fm in ipairs(e.forms) do forms[#forms + 1] = fm end
end
th(("static const lede_vocab_form vocab_forms[%d] = {"):format(math.max(#forms, 1)))
for _, fm in ipairs(forms) do
  th(("  {%s, %d, 0x%xull},"):format(cstr(fm.s), #fm.s, fm.bits))
end
if #forms == 0 then th("  {\"\", 0, 0},") end
th("};")
th("")
th(("const lede_vocab_entry lede_vocab_entries_[%d] = {"):format(#entries + 1))
th("  {{0, 0}, NULL, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.0, NULL, NULL},")
for _, e in ipairs(entries) do
  local num = e.number
  local numstr = num and (math.type(num) == "integer" and
    ("%d.0"):format(num) or ("%.17g"):format(num)) or "0.0"
  th(("  {{0x%016xull, 0x%016xull}, %s, %d, 0x%xu, %d, %d, %d, %d, 0x%xu, 0x%xu, 0x%xu, 0x%xu, 0x%xu, 0x%xu, 0x%xu, %s, %s, %s},")
    :format(e.k0, e.k1, cstr(e.key), #e.key, e.langs, e.month or 0, e.weekday or 0,
      #e.forms > 0 and e.form0 or 0, #e.forms,
      e.bits.word, e.bits.num, e.bits.date, e.bits.dstart, e.bits.dctx, e.bits.sent, e.bits.art,
      numstr, e.code and cstr(e.code) or "NULL", e.id and cstr(e.id) or "NULL"))
end
th("};")
th("")
th("const unsigned short lede_vocab_slots_[LEDE_VOCAB_SLOTS] = {")
local row = {}
for i = 0, nslots - 1 do
  row[#row + 1] = tostring(slots[i])
  if #row == 16 then th("  " .. table.concat(row, ", ") .. ","); row = {} end
end
if #row > 0 then th("  " .. table.concat(row, ", ") .. ",") end
th("};")
th("")
th("static const lede_vocab_role vocab_roles[] = {")
for _, r in ipairs(role_list) do
  th(("  {%s, LEDE_VOCAB_%s, %d},"):format(cstr(r.name), r.field:upper(), r.bit))
end
th("};")

local function write_if_changed(path, text)
  local f = io.open(path, "r")
  if f then
    local old = f:read("a")
    f:close()
    if old == text then return end
  end
  f = assert(io.open(path .. ".tmp", "w"))
  f:write(text)
  f:close()
  assert(os.rename(path .. ".tmp", path))
end
os.execute('mkdir -p "' .. out_dir .. '"')
write_if_changed(out_dir .. "/vocab_roles.h", table.concat(roles_h, "\n") .. "\n")
write_if_changed(out_dir .. "/vocab_table.h", table.concat(t, "\n") .. "\n")
