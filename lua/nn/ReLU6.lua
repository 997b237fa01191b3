-- nn.ReLU6([inplace]): y = min(max(x, 0), 6)
local P = require 'nn._pointwise'
local ReLU6, parent = P.define('nn.ReLU6', 'hardtanh', function(self) return 0, 6, self.inplace end)

function ReLU6:__init(inplace)
   parent.__init(self)
   if inplace ~= nil and type(inplace) ~= 'boolean' then error('in-place flag must be boolean', 2) end
   self.inplace = inplace or false
end

return ReLU6
