-- nn.Threshold(th = 1e-6, v = 0[, inplace]): y = x if x > th, else v
local P = require 'nn._pointwise'
local Threshold, parent = P.define('nn.Threshold', 'threshold',
   function(self) return self.threshold, self.val, self.inplace end)

function Threshold:__init(th, v, ip)
   parent.__init(self)
   self.threshold = th or 1e-6
   self.val = v or 0
   if th and type(th) ~= 'number' then error('nn.Threshold(threshold, value[, inplace]): threshold must be a number', 2) end
   if v and type(v) ~= 'number' then error('nn.Threshold(threshold, value[, inplace]): value must be a number', 2) end
   self.inplace = ip or false
   if ip and type(ip) ~= 'boolean' then error('in-place flag must be boolean', 2) end
   self:validateParameters()
end

function Threshold:validateParameters()
   self.inplace = self.inplace or false
   if self.inplace and self.val > self.threshold then
      error(string.format('in-place processing requires value (%s) not exceed threshold (%s)',
         tostring(self.val), tostring(self.threshold)), 3)
   end
end

local fwd, bwd = Threshold.updateOutput, Threshold.updateGradInput
function Threshold:updateOutput(input)
   self:validateParameters()
   return fwd(self, input)
end

function Threshold:updateGradInput(input, gradOutput)
   self:validateParameters()
   return bwd(self, input, gradOutput)
end

return Threshold
