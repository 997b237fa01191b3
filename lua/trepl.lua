-- require 'trepl': th's REPL package, which scripts load for its helpers. It installs th's prompt
-- globals (who, import, help, print_old, setprintlevel) and returns repl(), the function that
-- starts torch7's prompt; luann's prompt is driven from Python, so from a script it points to
-- `luann -i script.lua` (run the script, then stay at the prompt) instead.
require 'torch'
require('luann.repl').install_globals()

local function repl()
   torch._error("trepl's repl() cannot open luann's prompt from a running script; " ..
                "`luann -i script.lua` runs the script and then stays at the prompt")
end
return repl
