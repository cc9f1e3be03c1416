-- gen_api_docs.lua -- prints README's Lua API section (Markdown) from the
-- one place the API is documented, bindings/lua/help.lua.
--
--   lua5.4 tools/gen_api_docs.lua            the section, to paste in README
--   lua5.4 tools/gen_api_docs.lua --wrapped  with its <!-- api:begin/end --> markers
--
-- README.md keeps the output between <!-- api:begin --> and <!-- api:end -->;
-- tests/lua/help_spec.lua fails when the two differ.
local dir = (arg and arg[0] or ""):match("^(.*)/tools/[^/]*$") or "."
local help = dofile(dir .. "/bindings/lua/help.lua")
local text = help.markdown()
if arg[1] == "--wrapped" then
  text = "<!-- api:begin -->\n" .. text .. "\n<!-- api:end -->"
end
io.stdout:write(text, "\n")
