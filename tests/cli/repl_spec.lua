-- repl_spec.lua -- `lede repl` with stdin not a terminal (piped mode):
-- lines are evaluated without prompts or colour, so it can be scripted.
-- The interactive mode is tested in a real terminal by repl_tmux_spec.lua.
local support = require "support"

local STORY = "tests/data/repl/story.txt"

-- repl(stdin [, extra args [, env]]) -> stdout, stderr, status
local function repl(stdin, args, env)
  local words = { "repl" }
  for _, a in ipairs(args or {}) do words[#words + 1] = support.quote(a) end
  local cmd = (env or "") .. " " .. support.lede .. " " .. table.concat(words, " ")
  return support.run(cmd, stdin)
end

-- What the module offers in this build (other capabilities land separately).
local function has(expr)
  local out = repl("print(" .. expr .. " ~= nil)\n")
  return out == "true\n"
end

describe("lede repl (piped)", function()
  it("prints the value of an expression", function()
    local out, err, code = repl("1+1\n")
    assert.are.equal("2\n", out)
    assert.are.equal("", err)
    assert.are.equal(0, code)
  end)

  it("prints several results on one line and runs statements silently", function()
    local out = repl('x = 20\nx + 1, "a", nil, true\n')
    assert.are.equal("21\ta\tnil\ttrue\n", out)
  end)

  it("continues an incomplete chunk on the next lines", function()
    local out, err, code = repl("for i = 1, 3 do\n  print(i * 2)\nend\n1+1\n")
    assert.are.equal("2\n4\n6\n2\n", out)
    assert.are.equal("", err)
    assert.are.equal(0, code)
  end)

  it("keeps the last result in _", function()
    local out = repl("40 + 2\n_ * 2\n")
    assert.are.equal("42\n84\n", out)
  end)

  it("reports an error and goes on with the session", function()
    local out, err, code = repl('error("no such figure")\n2+2\n')
    assert.are.equal("4\n", out)
    assert.truthy(err:find("no such figure", 1, true))
    assert.are.equal(1, code)  -- a scripted session says it failed
  end)

  it("names the line of a multi-line chunk that failed", function()
    local _, err = repl("do\n  local a = 1\n  local b = a +\nend\n")
    assert.truthy(err:find("input:4:", 1, true), err)
    assert.truthy(err:find("line 4: end", 1, true), err)
    local _, err2 = repl("for i = 1, 2 do\n  local x = nil\n  print(x.y)\nend\n")
    assert.truthy(err2:find("input:3:", 1, true), err2)
    assert.truthy(err2:find("line 3:   print(x.y)", 1, true), err2)
  end)

  it("reports a syntax error on one line without leaving", function()
    local out, err = repl("1 +* 2\n'still here'\n")
    assert.truthy(err:find("unexpected symbol", 1, true), err)
    assert.are.equal("still here\n", out)
  end)

  it("pretty-prints tables within depth and item limits", function()
    local out = repl('{1, 2, name = "Kyiv", sub = {a = true}}\n')
    assert.are.equal('{1, 2, name = "Kyiv", sub = {a = true}}\n', out)
    out = repl("{a = {b = {c = {d = {e = 1}}}}}\n")
    assert.are.equal("{a = {b = {c = {… 1 items}}}}\n", out)
    out = repl("t = {} for i = 1, 100 do t[i] = i end\nt\n")
    assert.truthy(out:find("… 70 more", 1, true), out)
    out = repl("t = {} t.self = t\nt\n")
    assert.are.equal("{self = <cycle>}\n", out)
  end)

  it("prints a list of figures as an aligned table", function()
    local out = repl([[
F = {__name = "lede.Figure"}
list = {}
list[1] = setmetatable({text = "14 kilometers", start = 90, stop = 102, value = 14, kind = "number", noun = "kilometers"}, F)
list[2] = setmetatable({text = "45 million zlotys", start = 300, stop = 316, value = 45000000, kind = "money", unit = "PLN"}, F)
list
]])
    local lines = {}
    for l in out:gmatch("[^\n]+") do lines[#lines + 1] = l end
    assert.are.equal(3, #lines, out)
    assert.truthy(lines[1]:match("^#%s+value%s+unit%s+kind%s+noun%s+start%s+text$"), lines[1])
    assert.truthy(lines[2]:match("^1%s+14%s+number%s+kilometers%s+90%s+14 kilometers$"), lines[2])
    assert.truthy(lines[3]:match("^2%s+45000000%s+PLN%s+money%s+300%s+45 million zlotys$"), lines[3])
    -- columns are aligned: "text" starts at the same place on every line
    local col = lines[1]:find("text", 1, true)
    assert.are.equal("14 kilometers", lines[2]:sub(col))
  end)

  it("prints no colour when piped, with or without NO_COLOR", function()
    for _, env in ipairs { "", "NO_COLOR=1" } do
      local out = repl('{1, "a", b = true}\nerror("x")\n', nil, env)
      assert.is_nil(out:find("\27", 1, true))
      assert.are.equal('{1, "a", b = true}\n', out)
    end
  end)

  it("walks an iterator of lede's API and shows its items", function()
    local out = repl('lede.tokens("Kyiv said 12% more")\n#_\n')
    assert.truthy(out:match("^#%s+kind%s+start%s+text\n"), out)
    assert.truthy(out:find("\n3%s+number%s+11%s+12%%\n"), out)
    assert.truthy(out:find("(an iterator: its 4 items, now in _)\n4\n", 1, true), out)
    -- any other function is printed, never called
    out = repl('f = function() print("called") end\nf\n')
    assert.truthy(out:match("^function: 0x%x+\n$"), out)
  end)

  it("has :help, :time and :quit", function()
    local out = repl(":help\n")
    assert.truthy(out:find(":load PATH", 1, true))
    assert.truthy(out:find(":sql QUERY", 1, true))
    out = repl(":time 6 * 7\n")
    assert.truthy(out:match("^42\ntime: %d+%.%d+ ms\n$"), out)
    out = repl("1\n:quit\n2\n")
    assert.are.equal("1\n", out)
    local _, err, code = repl(":frobnicate\n")
    assert.truthy(err:find("unknown command :frobnicate", 1, true))
    assert.are.equal(1, code)
  end)

  it("prints a function's doc and example with ?name and help(f)", function()
    local out = repl("?lede.numbers\n")
    assert.truthy(out:find("lede.numbers(text_or_doc", 1, true), out)
    assert.truthy(out:find("Example:", 1, true), out)
    local out2 = repl("help(lede.read)\n")
    assert.truthy(out2:find("lede.read(path", 1, true), out2)
    assert.truthy(out2:find("Example:", 1, true), out2)
    local list = repl("help()\n")
    assert.truthy(list:find("lede.numbers(", 1, true))
    assert.truthy(list:find("db:insert(", 1, true))
    assert.truthy(repl("?no_such_thing\n"):find("no help for no_such_thing", 1, true))
  end)

  it("loads inputs as doc and docs", function()
    local out, err = repl("doc.text:sub(1, 5)\n#docs\ndoc.id\n", { STORY, STORY })
    assert.are.equal("Flood\n2\n" .. STORY .. "\n", out, err)
  end)

  it("prints a document as a summary", function()
    local out = repl("doc\n", { STORY })
    assert.truthy(out:match("^Document " .. STORY:gsub("%p", "%%%0") .. "  %(%d+ bytes%)"), out)
    if not has("lede._article") then
      return pending("article structure not in this build yet")
    end
    assert.truthy(out:find("headline%s+Flood defences hold"), out)
    assert.truthy(out:find("dateline%s+WROCLAW, Poland"), out)
    assert.truthy(out:find("counts%s+.*sentences"), out)
  end)

  it("prints the figures of a real document as rows", function()
    if not (has("lede._numbers_in") and has("lede._article")) then
      return pending("figures not in this build yet")
    end
    local out = repl("doc:numbers()\n", { STORY })
    assert.truthy(out:match("^#%s+value"), out)
    assert.truthy(out:find("\n%d+%s+3200%s.*3,200"), out)
  end)

  it("has :load, which makes the file the doc", function()
    local out = repl(":load " .. STORY .. "\ndoc.id\n")
    assert.truthy(out:find("^Document "), out)
    assert.truthy(out:find("\n" .. STORY:gsub("%p", "%%%0") .. "\n$"), out)
    local _, err = repl(":load no/such/file.txt\n")
    assert.truthy(err:find("no/such/file.txt", 1, true), err)
  end)

  it("runs :sql against the database given with --db", function()
    if not has("lede.db and lede.db.open") then
      return pending("lede.db not in this build yet")
    end
    local path = os.tmpname()
    os.remove(path)
    local out, err, code = repl(table.concat({
      ":sql CREATE TABLE places (id INTEGER PRIMARY KEY, name TEXT)",
      ":sql INSERT INTO places (name) VALUES ('Wroclaw'), ('Opole')",
      ":sql SELECT id, name FROM places ORDER BY id",
      ":sql SELECT name AS place, id FROM places WHERE id = 2",
      ":sql SELECT nonsense FROM places", "" }, "\n"), { "--db", path })
    os.remove(path)
    os.remove(path .. "-wal")
    os.remove(path .. "-shm")
    assert.truthy(out:find("id  name\n 1  Wroclaw\n 2  Opole\n(2 rows)\n", 1, true), out)
    -- columns in SELECT order, numbers to the right
    assert.truthy(out:find("\nplace  id\nOpole   2\n(1 row)\n", 1, true), out)
    assert.truthy(err:find("nonsense", 1, true), err)
    assert.is_nil(err:find("lede.repl", 1, true), err)
    assert.are.equal(1, code)
    local _, err2 = repl(":sql SELECT 1\n")
    assert.truthy(err2:find("no database", 1, true), err2)
  end)

  it("completes globals, fields, methods and file names", function()
    local out = repl(table.concat({
      'c = require("lede.repl").complete',
      'table.concat((c("pri")), ",")',
      'table.concat((c("string.up")), ",")',
      'select(2, c("x = string.up"))',
      'table.concat((c("f = io.open(\\"tests/data/repl/st")), ",")',
      'table.concat((c(":lo")), ",")', "" }, "\n"))
    assert.are.equal('print\nupper\n2\ntests/data/repl/story.txt"\nload \n', out)
    local doc_out = repl('table.concat((require("lede.repl").complete("doc:num")), ",")\n', { STORY })
    assert.are.equal("numbers(\n", doc_out)
  end)
end)
