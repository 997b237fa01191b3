-- nn.LeakyReLU(negval = 0.01[, inplace]): y = x (x > 0), negval x otherwise
local P = require 'nn._pointwise'
local LeakyReLU, parent = P.define('nn.LeakyReLU', 'leakyrelu', function(self) return self.negval, 0, self.inplace end)

function LeakyReLU:__init(negval, ip)
   parent.__init(self)
   if type(negval) == 'boolean' then
      ip = negval
      self.negval = 1 / 100
   else
      self.negval = negval or (1 / 100)
   end
   self.inplace = ip or false
   if self.negval < 0 then self.inplace = false end
end

function LeakyReLU:__tostring__()
   return torch.type(self) .. string.format('(%g)', self.negval)
end

return LeakyReLU
