-- README's generated sections (the capability chapters from docs/ and the
-- Lua API from bindings/lua/help.lua) must match their sources.
describe("README.md", function()
  it("is up to date with docs/ and help.lua", function()
    local ok, _, code = os.execute("lua5.4 tools/gen_readme.lua --check")
    assert.is_true(ok, "README.md is stale: run lua5.4 tools/gen_readme.lua (exit " .. tostring(code) .. ")")
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
