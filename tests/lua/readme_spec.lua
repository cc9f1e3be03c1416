-- The generated sections of README.md and docs/api.md (the Lua API from
-- bindings/lua/help.lua) must match their sources, and README's links work.
describe("README.md", function()
  it("is up to date with docs/ and help.lua", function()
    local ok, _, code = os.execute("lua5.4 tools/gen_readme.lua --check")
    assert.is_true(ok, "README.md or docs/api.md is stale: run lua5.4 tools/gen_readme.lua (exit " .. tostring(code) .. ")")
  end)

  it("starts with the two quick-start commands that CI runs", function()
    local f = assert(io.open("README.md"))
    local readme = f:read("a")
    f:close()
    assert.matches("## Quick start.-```sh\nmake demo\nmake test\n```", readme)
    local ci = assert(io.open(".ci/run")):read("a")
    assert.matches("make test", ci)
  end)
end)

-- Every relative link of README.md and docs/*.md names a file that exists,
-- and a #fragment names a heading of that file (GitHub's anchor rule).
describe("links in README.md and docs/", function()
  local function read(path)
    local f = io.open(path, "rb")
    if not f then return nil end
    local s = f:read("a")
    f:close()
    return s
  end
  local function anchors(md)
    local set, fence = {}, false
    for line in md:gmatch("[^\n]*") do
      if line:match("^```") then fence = not fence end
      local title = not fence and line:match("^#+%s+(.-)%s*$")
      if title then
        local a = title:lower():gsub("[^%w%- _]", ""):gsub(" ", "-")
        set[a] = true
      end
    end
    return set
  end
  local files = { "README.md" }
  local p = io.popen("ls docs/*.md")
  for f in p:lines() do files[#files + 1] = f end
  p:close()
  for _, file in ipairs(files) do
    it("resolve in " .. file, function()
      local md = assert(read(file))
      local dir = file:match("^(.*)/") or "."
      local bad = {}
      for target in md:gmatch("%]%(([^)%s]+)%)") do
        if not target:match("^%a+:") then
          local path, frag = target:match("^([^#]*)#?(.*)$")
          local full = path == "" and file or (dir .. "/" .. path)
          local text = read(full) or (io.open(full .. "/.") and "")
          if not text then
            bad[#bad + 1] = target
          elseif frag ~= "" and not anchors(text)[frag] then
            bad[#bad + 1] = target .. " (no such heading)"
          end
        end
      end
      assert.are.same({}, bad)
    end)
  end
end)
