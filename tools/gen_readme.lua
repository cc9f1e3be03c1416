-- gen_readme.lua -- fills README.md's generated sections from their one
-- source each, so README cannot drift from the docs kept beside the code.
--
--   lua5.4 tools/gen_readme.lua           rewrite README.md in place
--   lua5.4 tools/gen_readme.lua --check   exit 1 when README.md is stale
--
-- Sections:
--   <!-- api:begin --> ... <!-- api:end -->      from bindings/lua/help.lua
--   <!-- doc:NAME:begin --> ... <!-- doc:NAME:end -->   from docs/NAME.md,
--     its headings moved one level down (docs/NAME.md's "# Title" becomes
--     README's "## Title").
local dir = (arg and arg[0] or ""):match("^(.*)/tools/[^/]*$") or "."
local function read(path)
  local f = assert(io.open(dir .. "/" .. path, "rb"))
  local s = f:read("a")
  f:close()
  return s
end

local function demote(md)
  local out, fence = {}, false
  for line in (md:gsub("\n+$", "") .. "\n"):gmatch("(.-)\n") do
    if line:match("^```") then fence = not fence end
    if not fence and line:match("^#+ ") then line = "#" .. line end
    out[#out + 1] = line
  end
  return table.concat(out, "\n")
end

local readme = read("README.md")
local help = dofile(dir .. "/bindings/lua/help.lua")
local new = readme:gsub("(<!%-%- api:begin %-%->)\n.-\n?(<!%-%- api:end %-%->)",
  function(a, b) return a .. "\n" .. help.markdown() .. "\n" .. b end)
new = new:gsub("(<!%-%- doc:([%w_]+):begin %-%->)\n.-\n?(<!%-%- doc:%2:end %-%->)",
  function(a, name, b)
    return a .. "\n" .. demote(read("docs/" .. name .. ".md")) .. "\n" .. b
  end)

if arg[1] == "--check" then
  if new ~= readme then
    io.stderr:write("README.md is stale: run lua5.4 tools/gen_readme.lua\n")
    os.exit(1)
  end
  os.exit(0)
end
if new ~= readme then
  local f = assert(io.open(dir .. "/README.md", "wb"))
  f:write(new)
  f:close()
end
