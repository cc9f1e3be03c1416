-- cli.lua -- the `lede` command line.
local lede = require "lede"
local M = {}
function M.main(argv)
  if argv[1] == "--version" then print("lede " .. lede.version) return 0 end
  io.stderr:write("lede: usage: lede VERB ...\n")
  return 2
end
return M
