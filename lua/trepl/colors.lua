-- require 'trepl.colors': the ANSI escape codes th's REPL colours its output with, by name
-- (lower case: normal, Capitalised: bold, _name: background); `none` resets.  The same table as
-- sys.COLORS, without sys's extra `default` and `bright` entries.
local sys = require 'sys'
local colors = {}
for name, code in pairs(sys.COLORS) do
   if name ~= 'default' and name ~= 'bright' then colors[name] = code end
end
return colors
