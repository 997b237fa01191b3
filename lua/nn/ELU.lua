-- nn.ELU(alpha = 1[, inplace]): y = x (x > 0), alpha (exp(x) - 1) otherwise
local P = require 'nn._pointwise'
local ELU, parent = P.define('nn.ELU', 'elu', function(self) return self.alpha, 0, self.inplace end)

function ELU:__init(alpha, inplace)
   parent.__init(self)
   self.alpha = alpha or 1
   assert(type(self.alpha) == 'number', 'nn.ELU: alpha must be a number')
   self.inplace = inplace or false
   assert(type(self.inplace) == 'boolean', 'in-place flag must be boolean')
end

function ELU:__tostring__()
   return string.format('%s (alpha:%f)', torch.type(self), self.alpha)
end

return ELU
