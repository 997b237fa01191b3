-- nn.SoftShrink(lambda = 0.5): y = x - lambda (x > lambda), x + lambda (x < -lambda), else 0
local P = require 'nn._pointwise'
local SoftShrink, parent = P.define('nn.SoftShrink', 'softshrink', function(self) return self.lambda, 0, false end)

function SoftShrink:__init(lam)
   parent.__init(self)
   self.lambda = lam or 0.5
end

return SoftShrink
