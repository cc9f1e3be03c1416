-- premake5.lua -- the one build description of lede.
--
-- Runs under premake5 (`premake5 gmake`) and under Debian's premake4 4.3
-- (`premake4 --file=premake5.lua gmake`). Only the Lua subset common to
-- premake4's Lua 5.1 and premake5's Lua 5.3+ is used.

-- premake4 compatibility: map the premake5 names used below onto premake4.
if not workspace then
  workspace = solution
  filter = function(f)
    local s = f
    if type(f) == "table" then s = f[1] end
    if s then s = string.gsub(s, "^configurations:", "") end
    configuration(s or "*")
  end
  symbols = function(v) if v == "On" then flags { "Symbols" } end end
  optimize = function() end  -- -O2 is given explicitly below
  pic = function(v) if v == "On" then buildoptions { "-fPIC" } end end
  cdialect = function() end
end

-- The vocabulary (core/vocab/*.tsv) and the embedded Lua sources are
-- generated into build/gen/ here, when the makefiles are made, so
-- `premake5 gmake && make -C build` builds from a clean tree; the Makefile
-- regenerates them when a source changes. The generators rewrite their
-- output only when the text changes.
local here = _SCRIPT and _SCRIPT:match("^(.*)/[^/]*$") or "."
if _ACTION and _ACTION ~= "clean" then
  local cmd = ('lua5.4 "%s/tools/gen_vocab.lua" "%s/core/vocab" "%s/build/gen"')
    :format(here, here, here)
  local ok = os.execute(cmd)
  if ok ~= true and ok ~= 0 then error("gen_vocab failed: " .. cmd) end
  -- the module's Lua parts (bindings/lua/*.lua), embedded as C
  local sources = os.matchfiles(here .. "/bindings/lua/*.lua")
  table.sort(sources)
  cmd = ('lua5.4 "%s/tools/embed.lua" "%s/build/gen/embedded.c"'):format(here, here)
  for _, f in ipairs(sources) do cmd = cmd .. ' "' .. f .. '"' end
  ok = os.execute(cmd)
  if ok ~= true and ok ~= 0 then error("embedding the Lua sources failed: " .. cmd) end
end

local warnings_c = { "-std=c11", "-Wall", "-Wextra", "-Wshadow",
  "-Wstrict-prototypes", "-Wmissing-prototypes", "-Werror" }
local lua_inc = "/usr/include/lua5.4"

workspace "lede"
  configurations { "release", "debug", "sanitize", "nosimd" }
  location "build"
  language "C"
  includedirs { "core", "build/gen", "bindings", "sqlite", lua_inc }
  buildoptions(warnings_c)
  defines { "_GNU_SOURCE" }
  pic "On"
  objdir "build/obj"

  filter "configurations:release"
    optimize "On"
    buildoptions { "-O2" }
    targetdir "bin"
  filter "configurations:debug"
    symbols "On"
    targetdir "bin/debug"
  filter "configurations:sanitize"
    symbols "On"
    buildoptions { "-O1", "-fsanitize=address,undefined", "-fno-omit-frame-pointer",
                   "-fno-sanitize-recover=undefined" }
    linkoptions { "-fsanitize=address,undefined" }
    targetdir "bin/sanitize"
  -- the portable loops instead of the SIMD paths (core/internal.h)
  filter "configurations:nosimd"
    optimize "On"
    buildoptions { "-O2" }
    defines { "LEDE_NO_SIMD" }
    targetdir "bin/nosimd"
  filter {}

-- liblede: the core, C11 over utf8proc only.
project "liblede"
  kind "StaticLib"
  targetname "lede"
  files { "core/*.c" }

-- libledehtml: the HTML reader (gumbo), outside the core.
project "ledehtml"
  kind "StaticLib"
  targetname "ledehtml"
  files { "bindings/html/*.c" }

-- lede.so: the Lua module, loadable by stock lua5.4 (require "lede").
project "lede_module"
  kind "SharedLib"
  targetname "lede"
  targetprefix ""
  files { "bindings/l*.c", "sqlite/fts.c", "build/gen/embedded.c" }
  links { "ledehtml", "liblede", "utf8proc", "sqlite3", "nettle", "z", "gumbo" }

-- lede: the program (CLI + REPL), Lua 5.4 and the module embedded.
project "lede"
  kind "ConsoleApp"
  files { "bindings/*.c", "sqlite/fts.c", "build/gen/embedded.c" }
  links { "ledehtml", "liblede", "lua5.4", "utf8proc", "sqlite3", "nettle", "z", "gumbo", "edit", "m", "dl" }
  linkoptions { "-Wl,-E" }

-- lede_sqlite.so: the SQLite loadable extension (the FTS5 tokenizer and
-- the table-valued functions), from the core alone: no Lua.
project "lede_sqlite"
  kind "SharedLib"
  targetname "lede_sqlite"
  targetprefix ""
  files { "sqlite/*.c" }
  defines { "LEDE_SQLITE_EXT" }
  links { "liblede", "utf8proc", "m" }

-- C unit tests: one cmocka program per tests/c/test_*.c.
for _, path in ipairs(os.matchfiles("tests/c/test_*.c")) do
  local name = path:match("(test_[%w_]+)%.c$")
  project(name)
    kind "ConsoleApp"
    files { path }
    links { "liblede", "cmocka", "utf8proc", "m" }
end

-- Benchmark of the core stages.
project "bench"
  kind "ConsoleApp"
  files { "tests/bench/*.c" }
  links { "liblede", "utf8proc", "m" }
