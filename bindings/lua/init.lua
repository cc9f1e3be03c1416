-- init.lua -- runs when the module loads: installs the pure-Lua parts of
-- `lede` into the module table that the C parts built.
local lede = require "lede"
for _, part in ipairs { "lede.doc", "lede.html", "lede.inputs", "lede.runner", "lede.dbutil",
                         "lede.plugin" } do
  require(part)
end
return lede
