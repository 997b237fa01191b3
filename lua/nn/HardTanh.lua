-- nn.HardTanh(min = -1, max = 1[, inplace]): y = clamp(x, min, max)
local P = require 'nn._pointwise'
local HardTanh, parent = P.define('nn.HardTanh', 'hardtanh',
   function(self) return self.min_val, self.max_val, self.inplace end)

function HardTanh:__init(min_value, max_value, inplace)
   parent.__init(self)
   self.min_val = min_value or -1
   self.max_val = max_value or 1
   self.inplace = inplace or false
   if self.max_val <= self.min_val then
      error(string.format('nn.HardTanh: max_value (%s) must be larger than min_value (%s)',
         tostring(self.max_val), tostring(self.min_val)), 2)
   end
end

function HardTanh:clearState()
   return parent.clearState(self)
end

return HardTanh
