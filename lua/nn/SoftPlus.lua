-- nn.SoftPlus(beta = 1, threshold = 20): y = log(1 + exp(beta x)) / beta (y = x above the threshold)
local P = require 'nn._pointwise'
local SoftPlus, parent = P.define('nn.SoftPlus', 'softplus', function(self) return self.beta, self.threshold, false end)

function SoftPlus:__init(beta, threshold)
   parent.__init(self)
   self.beta = beta or 1
   self.threshold = threshold or 20
end

return SoftPlus
