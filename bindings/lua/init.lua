-- init.lua -- runs when the module loads: installs the pure-Lua parts of
-- `lede` into the module table that the C parts built.
local lede = require "lede"
for _, part in ipairs { "lede.doc", "lede.html", "lede.inputs", "lede.runner",
                         "lede.dbutil", "lede.plugin", "lede.output" } do
  require(part)
end
-- Charts load on first use: most scripts never draw one.
function lede.report(opts) return require("lede.report").report(opts) end
function lede.chart(opts) return require("lede.report").chart(opts) end
return lede
