-- nn.DistKLDivCriterion (torch7 semantics; the numbers are done by luann/kernels/nn_criterion.py)
local DistKLDivCriterion, parent = torch.class('nn.DistKLDivCriterion', 'nn.Criterion')
local H = require 'nn._helpers'
local K, np = H.KC, H.np

function DistKLDivCriterion:__init(sizeAverage)
   parent.__init(self)
   if sizeAverage ~= nil then self.sizeAverage = sizeAverage else self.sizeAverage = true end
end

function DistKLDivCriterion:updateOutput(input, target)
   target = H.as_target(self, input, target)
   H.same_nel(self, input, target)
   self.output = K.distkl_out(np(input), np(target), self.sizeAverage)
   return self.output
end

function DistKLDivCriterion:updateGradInput(input, target)
   target = H.as_target(self, input, target)
   H.same_nel(self, input, target)
   self.gradInput:resizeAs(input)
   K.distkl_grad(np(input), np(target), self.sizeAverage, np(self.gradInput))
   return self.gradInput
end

return nn.DistKLDivCriterion
