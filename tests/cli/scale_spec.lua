-- Past one process: lede run -j, lede map, lede load, lede merge, and the
-- engines newsrooms already run (GNU parallel, Dask). Every path must
-- give the same rows a single `lede run` writes.
local S = require "support"
local cjson = require "cjson"

local sql = S.sql

-- What a workflow's results are, whichever way they were written: the
-- rows without rowids, run ids or timestamps, in a fixed order.
local CONTENT = {
  drone_figures = {
    "SELECT sha256, start, stop, article, weapon, action, count, max, approx, noun, side, " ..
      "target, subtotal, date, date_text, figure, sentence FROM drone_reports ORDER BY 1, 2",
    "SELECT id, sha256, title, date, bytes FROM articles ORDER BY sha256",
    "SELECT workflow, sha256, script_sha256 FROM processed WHERE workflow = 'drone_figures' ORDER BY 1, 2",
  },
  money = {
    "SELECT article, date, amount, currency, approx, what, figure, sentence, start, stop " ..
      "FROM money ORDER BY article, start",
    "SELECT id, sha256, title, date, bytes FROM articles ORDER BY sha256",
    "SELECT workflow, sha256, script_sha256 FROM processed WHERE workflow = 'money' ORDER BY 1, 2",
  },
}

local function content(db, workflow)
  local parts = {}
  for _, q in ipairs(CONTENT[workflow]) do parts[#parts + 1] = sql(db, q) end
  return table.concat(parts, "\n--\n")
end

-- Asserts two databases' contents are equal, showing the first line that
-- differs (not megabytes of rows).
local function same(want, got)
  if want == got then return end
  local wl, gl = {}, {}
  for l in (want .. "\n"):gmatch("(.-)\n") do wl[#wl + 1] = l end
  for l in (got .. "\n"):gmatch("(.-)\n") do gl[#gl + 1] = l end
  for i = 1, math.max(#wl, #gl) do
    if wl[i] ~= gl[i] then
      error(("contents differ at line %d:\n  want: %s\n  got:  %s"):format(i,
        tostring(wl[i]):sub(1, 300), tostring(gl[i]):sub(1, 300)), 2)
    end
  end
end

local function count(db, tbl)
  return tonumber(sql(db, "SELECT COUNT(*) FROM " .. tbl))
end

-- A JSONL file of n articles made from the sample stories (each made
-- distinct by a closing line), plus one exact duplicate.
local function make_jsonl(path, n)
  local samples = {}
  local p = io.popen("ls scripts/samples/*.txt")
  for f in p:lines() do samples[#samples + 1] = S.readfile(f) end
  p:close()
  local f = assert(io.open(path, "wb"))
  for i = 1, n do
    local text = samples[(i - 1) % #samples + 1] .. ("\n\nUpdate %d: this version adds %d details.\n"):format(i, i)
    f:write(cjson.encode { id = "a" .. i, text = text }, "\n")
  end
  f:write(cjson.encode { id = "dup", text = samples[1] .. "\n\nUpdate 1: this version adds 1 details.\n" }, "\n")
  f:close()
  return path
end

local function lede_ok(args, stdin)
  local out, err, code = S.run(args, stdin)
  assert.equals(0, code, err)
  return out, err
end

-- Runs a shell command line; stderr is kept apart from its output.
local function shell_ok(cmd)
  local errf = os.tmpname()
  local p = io.popen("(" .. cmd .. ") 2>" .. errf .. "; echo \"exit=$?\"")
  local s = p:read("a")
  p:close()
  local err = S.readfile(errf)
  os.remove(errf)
  assert.matches("exit=0\n$", s, nil, false)
  return s, err
end

describe("lede map and lede load", function()
  local d, input, single
  setup(function()
    d = S.tmpdir()
    input = make_jsonl(d .. "/in.jsonl", 24)
    single = d .. "/single.db"
    lede_ok { "run", "scripts/drone_figures.lua", "--db", single, input }
    lede_ok { "run", "scripts/money.lua", "--db", single, input }
  end)
  teardown(function() S.rmdir(d) end)

  it("writes the rows a run writes, as NDJSON records, and opens no database", function()
    local out = lede_ok({ "map", "scripts/drone_figures.lua" }, S.readfile(input))
    local kinds, tables = {}, {}
    for line in out:gmatch("[^\n]+") do
      local r = cjson.decode(line)
      local k = r.sql and "sql" or r.article and "article" or r.table and "row" or r.done and "done" or "?"
      kinds[k] = (kinds[k] or 0) + 1
      if r.table then tables[r.table] = true end
    end
    assert.equals(1, kinds.sql)
    assert.equals(24, kinds.article)        -- the duplicate text is skipped
    assert.equals(24, kinds.done)
    assert.is_true(kinds.row > 24)
    assert.is_true(tables.drone_reports)
    local files = S.run("ls " .. S.quote(d))
    assert.is_nil(files:find("lede.db", 1, true))
  end)

  it("loads into the same content as a single run, and a second load adds nothing", function()
    for _, wf in ipairs { "drone_figures", "money" } do
      local rows = d .. "/" .. wf .. ".ndjson"
      shell_ok(("%s map scripts/%s.lua < %s > %s"):format(S.lede, wf, S.quote(input), S.quote(rows)))
      local db = d .. "/loaded.db"
      lede_ok { "load", "--db", db, rows }
      local _, err = lede_ok { "load", "--db", db, rows }
      assert.matches("0 articles loaded, 24 skipped as done", err, 1, true)
      same(content(single, wf), content(db, wf))
    end
  end)

  it("keeps integers and floats apart through JSON", function()
    local out = lede_ok({ "map", "scripts/money.lua" }, S.readfile(input))
    assert.matches('"amount":1.271,', out, 1, true)          -- a float
    assert.matches('"start":%d+,', out)                       -- an integer
    local enc = lede_ok { "run", S.writefile(os.tmpname(), [[
      io.write(require("lede.output").encode_exact { a = 7, b = 7.0, c = 2^60 + 0.0 })]]) }
    assert.matches('^{"a":7,"b":7.0,"c":1.1529215046068%d*e%+18}$', enc)
  end)

  it("refuses database reads with a clear message", function()
    local script = S.writefile(d .. "/reads.lua", [[
      lede.each(function(doc)
        local n = db:one("SELECT COUNT(*) AS n FROM money")
        db:insert("t", { n = n })
      end)]])
    local _, err, code = S.run({ "map", script }, S.readfile(input))
    assert.equals(1, code)
    assert.matches("db:one reads the database, which `lede map` does not have", err, 1, true)
    _, err, code = S.run { "map", script, "--db", d .. "/x.db" }
    assert.equals(2, code)
    assert.matches("lede map opens no database", err, 1, true)
  end)

  it("reports a bad line of rows and goes on", function()
    local rows = S.writefile(d .. "/bad.ndjson", '{"sql":"DROP TABLE money"}\nnot json\n' ..
      '{"table":"t","row":{"a":1}}\n')
    local db = d .. "/bad.db"
    local _, err, code = S.run { "load", "--db", db, rows }
    assert.equals(1, code)
    assert.matches("bad.ndjson:1: only CREATE statements may be loaded", err, 1, true)
    assert.matches("bad.ndjson:2:", err, 1, true)
    assert.equals(1, count(db, "t"))
  end)
end)

describe("lede merge", function()
  local d, input, single
  setup(function()
    d = S.tmpdir()
    input = make_jsonl(d .. "/in.jsonl", 30)
    single = d .. "/single.db"
    lede_ok { "run", "scripts/money.lua", "--db", single, input }
    -- two halves of the input, as two machines would run them
    shell_ok(("head -n 15 %s > %s/a.jsonl && tail -n +16 %s > %s/b.jsonl"):format(
      S.quote(input), S.quote(d), S.quote(input), S.quote(d)))
    lede_ok { "run", "scripts/money.lua", "--db", d .. "/a.db", d .. "/a.jsonl" }
    lede_ok { "run", "scripts/money.lua", "--db", d .. "/b.db", d .. "/b.jsonl" }
  end)
  teardown(function() S.rmdir(d) end)

  it("merges shards into the content of one run, and merging again adds nothing", function()
    local out = d .. "/merged.db"
    lede_ok { "merge", "--db", out, d .. "/a.db", d .. "/b.db" }
    same(content(single, "money"), content(out, "money"))
    local n = count(out, "money")
    lede_ok { "merge", "--db", out, d .. "/a.db", d .. "/b.db", d .. "/a.db" }
    assert.equals(n, count(out, "money"))
    same(content(single, "money"), content(out, "money"))
    -- every row still traces to a run of the merged database
    assert.equals("0", sql(out, "SELECT COUNT(*) FROM money WHERE lede_run NOT IN (SELECT id FROM runs)"):match("%d+"))
  end)

  it("copies keyless tables once, past a mark per shard", function()
    local script = S.writefile(d .. "/log.lua", [[
      db:insert("notes", { what = "started" })          -- outside any article
      lede.each(function(doc) db:insert("seen", { id = doc.id }) end)]])
    lede_ok { "run", script, "--db", d .. "/k1.db", d .. "/a.jsonl" }
    local out = d .. "/k.db"
    lede_ok { "merge", "--db", out, d .. "/k1.db" }
    lede_ok { "merge", "--db", out, d .. "/k1.db" }
    assert.equals(15, count(out, "seen"))
    assert.equals(1, count(out, "notes"))
  end)

  it("replaces a workflow's rows for an article when the shard has a newer run of it", function()
    local v1 = S.writefile(d .. "/v.lua", [[lede.each(function(doc) db:insert("v", { id = doc.id, n = 1 }) end)]])
    lede_ok { "run", v1, "--db", d .. "/old.db", d .. "/a.jsonl" }
    S.writefile(d .. "/v.lua", [[lede.each(function(doc) db:insert("v", { id = doc.id, n = 2 }) end)]])
    lede_ok { "run", v1, "--db", d .. "/new.db", d .. "/a.jsonl" }
    local out = d .. "/v.db"
    lede_ok { "merge", "--db", out, d .. "/old.db" }
    lede_ok { "merge", "--db", out, d .. "/new.db" }
    assert.equals("15|2\n", sql(out, "SELECT COUNT(*), MAX(n) FROM v"))
  end)

  it("merges a shard left by a worker killed as it started (no lede tables yet)", function()
    local bare = d .. "/bare.db"
    sql(bare, "CREATE TABLE notes (what TEXT); INSERT INTO notes VALUES ('x')")
    local out = d .. "/bare_out.db"
    lede_ok { "merge", "--db", out, bare }
    lede_ok { "merge", "--db", out, bare }
    assert.equals(1, count(out, "notes"))
  end)

  it("fails clearly on a missing shard or option", function()
    local _, err, code = S.run { "merge", "--db", d .. "/m.db", d .. "/nope.db" }
    assert.equals(1, code)
    assert.matches("nope.db: no such file", err, 1, true)
    _, err, code = S.run { "merge", d .. "/a.db" }
    assert.equals(2, code)
  end)
end)

-- A copy of drone_figures that, meeting article `id` the first time
-- (a flag file marks it), runs `action` (Lua: kill something with -9).
-- Kills go through lede._proc: no child process, so none can hang.
local function killer(path, id, action)
  return S.writefile(path, ([[
    local inner = loadfile("scripts/drone_figures.lua")
    local each = lede.each
    lede.each = function(fn)
      return each(function(doc)
        if doc.id == %q and not io.open(%q, "r") then
          io.open(%q, "w"):close()
          %s
        end
        return fn(doc)
      end)
    end
    inner(...)]]):format(id, path .. ".flag", path .. ".flag", action))
end

describe("lede run -j", function()
  local d, input, single
  setup(function()
    d = S.tmpdir()
    input = make_jsonl(d .. "/in.jsonl", 24)
    single = d .. "/single.db"
    lede_ok { "run", "scripts/drone_figures.lua", "--db", single, input }
  end)
  teardown(function() S.rmdir(d) end)

  it("writes with two workers what one process writes, and says so", function()
    local db = d .. "/j2.db"
    local _, err = lede_ok { "run", "scripts/drone_figures.lua", "-j", "2", "--db", db, input }
    assert.matches("2 workers: 25 articles read, 24 processed", err, 1, true)
    assert.matches("1 skipped as duplicate text", err, 1, true)
    same(content(single, "drone_figures"), content(db, "drone_figures"))
    assert.equals("", S.run("ls " .. S.quote(db .. ".shards") .. " 2>/dev/null"))
    -- a second run finds everything done
    _, err = lede_ok { "run", "scripts/drone_figures.lua", "-j", "2", "--db", db, input }
    assert.matches("0 processed, 24 skipped as done", err, 1, true)
    same(content(single, "drone_figures"), content(db, "drone_figures"))
  end)

  it("loses and duplicates nothing when a worker is killed with kill -9", function()
    local db = d .. "/k.db"
    -- the worker that meets article a17 kills itself, once
    local script = killer(d .. "/killer.lua", "a17", 'lede._proc.kill(lede._proc.pid(), "KILL")')
    local _, err, code = S.run { "run", script, "-j", "2", "--db", db, input }
    assert.equals(1, code)
    assert.matches("stopped by signal 9", err, 1, true)
    lede_ok { "run", script, "-j", "2", "--db", db, input }
    -- the workflow's name is the script's; the rows are the same
    same(content(single, "drone_figures"):match("^(.-)\n%-%-\n"),
      content(db, "drone_figures"):match("^(.-)\n%-%-\n"))
    assert.equals(24, tonumber(sql(db, "SELECT COUNT(*) FROM articles")))
    assert.equals(24, tonumber(sql(db, "SELECT COUNT(*) FROM processed")))
  end)

  it("loses nothing when the whole run is killed with kill -9, and the re-run finishes the work", function()
    local db = d .. "/all.db"
    -- the parent, found through /proc: its workers die with it
    local script = killer(d .. "/killall.lua", "a20", [=[
          local stat = io.open("/proc/" .. lede._proc.pid() .. "/stat"):read("a")
          lede._proc.kill(math.tointeger(stat:match("^%d+ %b() %a (%d+)")), "KILL")
          lede._proc.sleep(1)]=])
    local _, _, code = S.run { "run", script, "-j", "2", "--db", db, input }
    assert.equals(137, code)
    lede_ok { "run", script, "-j", "2", "--db", db, input }
    same(content(single, "drone_figures"):match("^(.-)\n%-%-\n"),
      content(db, "drone_figures"):match("^(.-)\n%-%-\n"))
    assert.equals(24, tonumber(sql(db, "SELECT COUNT(*) FROM processed")))
  end)

  it("wants --db and a sane number", function()
    local _, err, code = S.run { "run", "scripts/drone_figures.lua", "-j", "2", input }
    assert.equals(2, code)
    assert.matches("needs --db", err, 1, true)
    _, err, code = S.run { "run", "scripts/drone_figures.lua", "-j", "x", "--db", d .. "/x.db", input }
    assert.equals(2, code)
  end)
end)

describe("a worker's share", function()
  local lede = require "lede"

  it("reads a line's text without decoding the rest (lede._json.field)", function()
    local field = lede._json.field
    assert.equals("a\nb", field('{"id":1,"text":"a\\nb","x":[1,{"text":2}]}', "text"))
    assert.equals("b", field('{"text":"a","text":"b"}', "text"))       -- the last, as decode
    assert.equals("yes", field('{"te\\u0078t":"yes"}', "text"))        -- keys are decoded
    assert.is_nil(field('{"text":"a","text":null}', "text"))
    assert.is_nil(field('{"text":7}', "text"))
    assert.is_nil(field('{"html":"<p>x</p>"}', "text"))
    assert.is_nil(field('{"text":"a"} x', "text"))                        -- the whole line is JSON
    assert.is_nil(field('{"text":"a","b":[1,}', "text"))
    assert.is_nil(field('{"text":"a\tb"}', "text"))                      -- a raw tab: not JSON
    assert.is_nil(field('["text"]', "text"))
    local long = ("x"):rep(100003) .. "\\" .. '"' .. ("y"):rep(9)
    assert.equals(long:gsub('\\"', '"'), field('{"text":"' .. long .. '"}', "text"))
  end)

  it("splits every input between the workers once, and reports each bad one once", function()
    local d = S.tmpdir()
    local path = d .. "/in.jsonl"
    local f = assert(io.open(path, "wb"))
    for i = 1, 40 do f:write(cjson.encode { id = "a" .. i, text = "Story " .. i .. " says 5 drones fell." }, "\n") end
    f:write('{"id":"bad",\n')                                       -- not JSON
    f:write(cjson.encode { id = "nl", text = "\xEF\xBB\xBFStory 1 says 5 drones fell." }, "\n")  -- BOM: a duplicate
    f:write(cjson.encode { id = "h", html = "<html><body><article><p>A page of 3 drones.</p></article></body></html>" }, "\n")
    f:write(cjson.encode { id = "long", text = ("Long story. "):rep(120000) })   -- 1.4 MB, no newline at the end
    f:close()
    local seen, errors = {}, 0
    for k = 0, 1 do
      local share = function(hash)
        if hash == nil then return k == 0 end
        return tonumber(hash:sub(1, 8), 16) % 2 == k
      end
      for doc in lede.inputs({ path }, { share = share, on_error = function() errors = errors + 1 end }) do
        local h = lede._sys.sha256(doc.text)
        assert.is_true(share(h), doc.id)
        seen[#seen + 1] = tostring(doc.id)
      end
    end
    table.sort(seen)
    assert.equals(43, #seen)                 -- a1..a40, nl, h and long, each once
    assert.equals(1, errors)
    local all = {}
    for doc in lede.inputs({ path }, { on_error = function() end }) do all[#all + 1] = tostring(doc.id) end
    table.sort(all)
    assert.same(all, seen)
    S.rmdir(d)
  end)

  it("gives a script that reads the database what one process gives it", function()
    local d = S.tmpdir()
    local input = make_jsonl(d .. "/in.jsonl", 24)
    -- db:lookup reads and writes: ids of places, shared between articles
    local script = S.writefile(d .. "/places.lua", [[
      lede.each(function(doc)
        local place = doc.dateline and doc.dateline.place or "none"
        local id = db:lookup("places", { name = place })
        db:insert("mentions", { place = id, article = doc.id })
        db:insert("counts", { article = doc.id, n = db:one("SELECT COUNT(*) AS n FROM places").n > 0 })
      end)]])
    lede_ok { "run", script, "--db", d .. "/one.db", input }
    lede_ok { "run", script, "-j", "2", "--db", d .. "/two.db", input }
    local q = "SELECT m.article, p.name FROM mentions m JOIN places p ON p.id = m.place ORDER BY 1"
    same(sql(d .. "/one.db", q), sql(d .. "/two.db", q))
    assert.equals(sql(d .. "/one.db", "SELECT COUNT(*) FROM places"), sql(d .. "/two.db", "SELECT COUNT(*) FROM places"))
    assert.equals("24\n", sql(d .. "/two.db", "SELECT COUNT(*) FROM counts WHERE n = 1"))
    S.rmdir(d)
  end)

  it("reports a bad line once, and counts it once", function()
    local d = S.tmpdir()
    local input = make_jsonl(d .. "/in.jsonl", 6)
    local f = assert(io.open(input, "ab"))
    f:write("not json\n")
    f:close()
    local _, err, code = S.run { "run", "scripts/drone_figures.lua", "-j", "2", "--db", d .. "/x.db", input }
    assert.equals(1, code)
    local _, n = err:gsub("not a JSON object", "")
    assert.equals(1, n, err)
    assert.matches("7 articles read, 6 processed, 0 skipped as done, 1 skipped as duplicate text, 1 failed", err, 1, true)
    assert.equals("1\n", sql(d .. "/x.db", "SELECT COUNT(*) FROM runs"))
    assert.equals("failed|6|1\n", sql(d .. "/x.db", "SELECT status, processed, failed FROM runs"))
    S.rmdir(d)
  end)
end)

-- The engines run lede as a black box: once, in the release pass (the
-- sanitizer pass already ran every lede path above).
describe("real engines", function()
  local d, input, single
  local sanitized = S.lede:find("sanitize", 1, true)
  setup(function()
    if sanitized then return end
    d = S.tmpdir()
    input = make_jsonl(d .. "/in.jsonl", 60)
    single = d .. "/single.db"
    lede_ok { "run", "scripts/money.lua", "--db", single, input }
  end)
  teardown(function() if d then S.rmdir(d) end end)
  local function engines_here()
    if sanitized then pending("the engines run in the release pass") return false end
    return true
  end

  it("GNU parallel: lede map on pieces, then lede load, equals one run (README's two recipes)", function()
    if not engines_here() then return end
    if not io.open("/usr/bin/parallel", "r") then pending("GNU parallel is not installed (make deps)") return end
    local rows = d .. "/parallel.ndjson"
    shell_ok(("parallel --will-cite --pipe -N 7 -j 2 --keep-order %s map scripts/money.lua < %s > %s")
      :format(S.lede, S.quote(input), S.quote(rows)))
    local db = d .. "/parallel.db"
    lede_ok { "load", "--db", db, rows }
    same(content(single, "money"), content(db, "money"))
    -- a file in pieces, each writing its part file
    shell_ok(("cd %s && parallel --will-cite --pipepart -a in.jsonl --block -2 -j 2 " ..
      "'%s map %s/scripts/money.lua > rows.{#}.ndjson'"):format(S.quote(d),
      S.lede:sub(1, 1) == "/" and S.lede or os.getenv("PWD") .. "/" .. S.lede, os.getenv("PWD")))
    local _, parts = S.run("ls " .. S.quote(d)):gsub("rows%.%d+%.ndjson", "")
    assert.equals(4, parts)
    db = d .. "/parts.db"
    shell_ok(("%s load --db %s %s/rows.*.ndjson"):format(S.lede, S.quote(db), S.quote(d)))
    same(content(single, "money"), content(db, "money"))
  end)

  it("GNU parallel --sshlogin across two hosts (network namespaces with sshd)", function()
    if not engines_here() then return end
    local rows = d .. "/ssh.ndjson"
    local errf = os.tmpname()
    local ok, _, code = os.execute(("tests/cli/ssh_hosts.sh %s scripts/money.lua %s %s 2>%s")
      :format(S.lede, S.quote(input), S.quote(rows), errf))
    local err = S.readfile(errf)
    os.remove(errf)
    if not ok and code == 77 then pending(err:gsub("\n$", "")) return end
    assert.is_true(ok, err)
    local db = d .. "/ssh.db"
    lede_ok { "load", "--db", db, rows }
    same(content(single, "money"), content(db, "money"))
  end)

  it("Dask: a LocalCluster with two worker processes maps partitions through lede map", function()
    if not engines_here() then return end
    local py = "/usr/bin/python3"
    local ok = os.execute(py .. " -c 'import dask.distributed' 2>/dev/null")
    if not ok then pending("Debian's python3-distributed is not installed (make deps)") return end
    local rows = d .. "/dask.ndjson"
    shell_ok(("%s tests/cli/dask_map.py %s scripts/money.lua %s %s"):format(py, S.lede, S.quote(input), S.quote(rows)))
    local db = d .. "/dask.db"
    lede_ok { "load", "--db", db, rows }
    same(content(single, "money"), content(db, "money"))
  end)
end)
