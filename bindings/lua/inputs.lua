-- inputs.lua -- iterating articles from files, folders, globs, stdin, JSONL.
local lede = require "lede"
return lede
