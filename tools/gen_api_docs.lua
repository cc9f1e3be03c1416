-- gen_api_docs.lua -- prints the Lua API section of docs/api.md (Markdown) from the
-- one place the API is documented, bindings/lua/help.lua.
--
--   lua5.4 tools/gen_api_docs.lua            the section (tools/gen_readme.lua writes it into docs/api.md)
--   lua5.4 tools/gen_api_docs.lua --wrapped  with its <!-- api:begin/end --> markers
--
-- docs/api.md keeps the output between <!-- api:begin --> and <!-- api:end -->;
-- tests/lua/help_spec.lua fails when the two differ.
local dir = (arg and arg[0] or ""):match("^(.*)/tools/[^/]*$") or "."
local help = dofile(dir .. "/bindings/lua/help.lua")
local text = help.markdown()
if arg[1] == "--wrapped" then
  text = "<!-- api:begin -->\n" .. text .. "\n<!-- api:end -->"
end
io.stdout:write(text, "\n")
