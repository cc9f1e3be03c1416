-- repl_tmux_spec.lua -- runs tests/repl/tmux_test.sh, the REPL in a real
-- terminal driven by tmux (completion, multi-line input, figures, colour,
-- Ctrl-C, Ctrl-D, history across a restart). Skips when tmux is absent.
local support = require "support"

describe("lede repl in a terminal (tmux)", function()
  it("passes every terminal check", function()
    if os.execute("command -v tmux >/dev/null 2>&1") ~= true then
      return pending("tmux is not installed")
    end
    local p = io.popen("LEDE_BIN=" .. support.quote(support.lede) ..
      " tests/repl/tmux_test.sh 2>&1", "r")
    local out = p:read("a")
    local ok, _, code = p:close()
    if code == 77 then return pending("tmux is not usable here") end
    assert.is_true(ok, "tmux_test.sh failed (status " .. tostring(code) .. "):\n" .. out)
    assert.truthy(out:find("all REPL terminal checks passed", 1, true), out)
  end)
end)
