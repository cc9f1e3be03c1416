-- gen_readme.lua -- fills the generated sections of README.md and docs/api.md
-- from their one source each, so the docs cannot drift from the code.
--
--   lua5.4 tools/gen_readme.lua           rewrite the files in place
--   lua5.4 tools/gen_readme.lua --check   exit 1 when one is stale
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

local help = dofile(dir .. "/bindings/lua/help.lua")
local function generate(text)
  local new = text:gsub("(<!%-%- api:begin %-%->)\n.-\n?(<!%-%- api:end %-%->)",
    function(a, b) return a .. "\n" .. help.markdown() .. "\n" .. b end)
  return (new:gsub("(<!%-%- doc:([%w_]+):begin %-%->)\n.-\n?(<!%-%- doc:%2:end %-%->)",
    function(a, name, b)
      return a .. "\n" .. demote(read("docs/" .. name .. ".md")) .. "\n" .. b
    end))
end

local stale = false
for _, path in ipairs { "README.md", "docs/api.md" } do
  local text = read(path)
  local new = generate(text)
  if new ~= text then
    if arg[1] == "--check" then
      io.stderr:write(path .. " is stale: run lua5.4 tools/gen_readme.lua\n")
      stale = true
    else
      local f = assert(io.open(dir .. "/" .. path, "wb"))
      f:write(new)
      f:close()
    end
  end
end
os.exit(stale and 1 or 0)
