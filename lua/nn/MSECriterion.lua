-- nn.MSECriterion (torch7 semantics; the numbers are done by luann/kernels/nn_criterion.py)
local MSECriterion, parent = torch.class('nn.MSECriterion', 'nn.Criterion')
local H = require 'nn._helpers'
local K, np = H.KC, H.np

function MSECriterion:__init(sizeAverage)
   parent.__init(self)
   if sizeAverage ~= nil then self.sizeAverage = sizeAverage else self.sizeAverage = true end
end

function MSECriterion:updateOutput(input, target)
   target = H.as_target(self, input, target)
   H.same_nel(self, input, target)
   self.output = K.mse_out(np(input), np(target), self.sizeAverage)
   return self.output
end

function MSECriterion:updateGradInput(input, target)
   target = H.as_target(self, input, target)
   H.same_nel(self, input, target)
   self.gradInput:resizeAs(input)
   K.mse_grad(np(input), np(target), self.sizeAverage, np(self.gradInput))
   return self.gradInput
end

return nn.MSECriterion
