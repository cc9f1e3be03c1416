-- doc.lua -- the document object (placeholder until the article work).
local lede = require "lede"
return lede
