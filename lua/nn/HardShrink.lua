-- nn.HardShrink(lambda = 0.5): y = x where |x| > lambda, else 0
local P = require 'nn._pointwise'
local HardShrink, parent = P.define('nn.HardShrink', 'hardshrink', function(self) return self.lambda, 0, false end)

function HardShrink:__init(lam)
   parent.__init(self)
   self.lambda = lam or 0.5
end

return HardShrink
