-- article_golden_spec.lua -- every layout fixture against its golden JSON.
--
-- tests/data/articles/NAME.txt is an article as a reader gets it (wire
-- copy, a newspaper page, a scrape), written for these tests;
-- tests/data/articles_golden/NAME.json is what `lede article --format json`
-- must print for it (the "id" aside); the goldens have a folder of their
-- own, so that the fixtures' folder is a folder of articles. A new fixture
-- is these two files and no code: see docs/article.md, "Layout fixtures".
local lede = require "lede"
local support = require "support"
local cjson = support.json

local dir = "tests/data/articles"
local golden = "tests/data/articles_golden"

local function fixtures()
  local names = {}
  local p = io.popen("ls " .. support.quote(dir))
  for f in p:lines() do
    local name = f:match("^(.+)%.txt$")
    if name then names[#names + 1] = name end
  end
  p:close()
  table.sort(names)
  return names
end

-- The first place where got differs from want, as "key.key[3]: ...".
local function diff(want, got, path)
  if type(want) ~= type(got) then
    return ("%s: expected %s, got %s"):format(path, cjson.encode(want),
      cjson.encode(got))
  end
  if type(want) ~= "table" then
    if want ~= got then
      return ("%s: expected %s, got %s"):format(path, cjson.encode(want),
        cjson.encode(got))
    end
    return nil
  end
  for k, v in pairs(want) do
    if path ~= "" or k ~= "id" then
      local d = diff(v, got[k], ("%s%s"):format(path,
        type(k) == "number" and ("[" .. k .. "]") or ("." .. k)))
      if d then return d end
    end
  end
  for k, v in pairs(got) do
    if want[k] == nil and (path ~= "" or k ~= "id") then
      return ("%s.%s: not expected, got %s"):format(path, tostring(k),
        cjson.encode(v))
    end
  end
  return nil
end

describe("layout fixtures", function()
  local names = fixtures()
  local paths = {}
  for i, n in ipairs(names) do paths[i] = dir .. "/" .. n .. ".txt" end
  local out, err, code = support.run(
    { "article", "--format", "json", table.unpack(paths) })
  local got = {}
  for _, o in ipairs(support.ndjson(out)) do got[o.id] = o end

  it("are all read", function()
    assert.are.equal(0, code, err)
    assert.is_true(#names >= 20)
  end)

  it("fill a folder that lede reads whole, every file an article", function()
    local o, e, c = support.run { "article", "--format", "json", dir }
    assert.are.equal(0, c, e)
    assert.are.equal("", e)
    assert.are.equal(#names, #support.ndjson(o))
  end)

  for _, name in ipairs(names) do
    it(name .. " matches " .. name .. ".json", function()
      local f = io.open(golden .. "/" .. name .. ".json", "rb")
      assert.is_not_nil(f, "no golden file " .. name .. ".json")
      local want = cjson.decode(f:read("a"))
      f:close()
      local d = diff(want, got[dir .. "/" .. name .. ".txt"] or {}, "")
      assert.is_nil(d, name .. ": " .. tostring(d))
    end)
    it(name .. ": the body's sentences are the body paragraphs' sentences", function()
      local doc = lede.article(support.readfile(dir .. "/" .. name .. ".txt"))
      local body = {}
      for _, p in ipairs(doc:paragraphs()) do
        if p.role == "body" or p.role == "dateline" then body[#body + 1] = p end
      end
      local sents = doc:sentences()
      if #body == 0 then return end
      assert.are.equal(body[1].start, sents[1].start)
      local k = 1
      for _, sn in ipairs(sents) do
        while body[k] and body[k].stop < sn.start do k = k + 1 end
        assert.is_true(body[k] and body[k].start <= sn.start and sn.stop <= body[k].stop,
          sn.text)
      end
    end)
  end
end)
