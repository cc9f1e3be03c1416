-- help_spec.lua -- the API docs (bindings/lua/help.lua, module "lede.help")
-- cannot drift from the code or from docs/api.md: every documented function
-- exists, every public function is documented, every example compiles,
-- and docs/api.md's API section is the generated text.
local lede = require "lede"
local help = require "lede.help"
local support = require "support"

describe("lede.help", function()
  local cache = {}
  -- ldb.c loads the Lua half of lede.db (quote_name, ...) on the first open
  help.resolve("db:close", lede, cache)
  for _, e in ipairs(help.entries) do
    it("documents " .. e.name .. ", which exists", function()
      local v = help.resolve(e.name, lede, cache)
      local mt = type(v) ~= "function" and getmetatable(v)
      assert.is_true(type(v) == "function" or (mt ~= nil and mt.__call ~= nil),
        e.name .. " is documented in bindings/lua/help.lua but is " .. type(v))
    end)
  end

  it("has a signature, a paragraph and an example that compiles for each entry", function()
    for _, e in ipairs(help.entries) do
      assert.truthy(e.sig:find(e.name:gsub("%p", "%%%0"), 1), e.name .. ": sig must start with the name")
      assert.truthy(#e.doc > 20, e.name .. ": doc paragraph")
      local ok, err = load(e.example, "=" .. e.name, "t")
      assert.truthy(ok, e.name .. ": example does not compile: " .. tostring(err))
    end
  end)

  it("documents every public function of the module", function()
    local missing = {}
    local function scan(t, prefix, depth)
      for k, v in pairs(t) do
        if type(k) == "string" and not k:match("^_") then
          local name = prefix .. "." .. k
          if type(v) == "function" then
            if not help.by_name[name] then missing[#missing + 1] = name end
          elseif type(v) == "table" and depth < 2 and k:match("^%l") then
            scan(v, name, depth + 1)
          end
        end
      end
    end
    scan(lede, "lede", 1)
    -- the methods of a database, from their table (ldb.c: lede.db._methods)
    local methods = lede.db and rawget(lede.db, "_methods")
    if type(methods) == "table" then
      for k, v in pairs(methods) do
        if type(v) == "function" and type(k) == "string" and not k:match("^_") and
           not help.by_name["db:" .. k] then
          missing[#missing + 1] = "db:" .. k
        end
      end
    end
    table.sort(missing)
    assert.are.same({}, missing)
  end)

  it("finds an entry by name and by value", function()
    assert.are.equal("lede.read", help.find("lede.read").name)
    assert.are.equal("lede.read", help.find(lede.read).name)
    assert.are.equal("db:insert", help.find("db:insert").name)
    assert.is_nil(help.find("lede.no_such_function"))
    assert.is_nil(help.find(print))
  end)

  it("prints the same Markdown through tools/gen_api_docs.lua", function()
    local p = io.popen("lua5.4 tools/gen_api_docs.lua", "r")
    local out = p:read("a")
    p:close()
    assert.are.equal(help.markdown() .. "\n", out)
    assert.truthy(out:find("#### `lede.numbers(", 1, true))
  end)

  it("matches the API section of docs/api.md", function()
    local readme = support.readfile("docs/api.md")
    local section = readme:match("<!%-%- api:begin %-%->\n(.-)\n<!%-%- api:end %-%->")
    if not section then
      return pending("docs/api.md has no <!-- api:begin --> ... <!-- api:end --> section yet")
    end
    assert.are.equal(help.markdown(), section,
      "docs/api.md differs: regenerate it with lua5.4 tools/gen_readme.lua")
  end)
end)
