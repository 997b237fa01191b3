-- require 'trepl.colorize': one function per colour of trepl.colors, wrapping a string in that
-- colour's code and the reset code (`c.blue '==>'`), whether or not stdout is a terminal, as th did.
local colors = require 'trepl.colors'

local colorize = {}
for name, code in pairs(colors) do
   colorize[name] = function(txt)
      return code .. txt .. colors.none
   end
end
return colorize
