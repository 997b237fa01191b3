-- nn.SmoothL1Criterion (torch7 semantics; the numbers are done by luann/kernels/nn_criterion.py)
local SmoothL1Criterion, parent = torch.class('nn.SmoothL1Criterion', 'nn.Criterion')
local H = require 'nn._helpers'
local K, np = H.KC, H.np

function SmoothL1Criterion:__init(sizeAverage)
   parent.__init(self)
   if sizeAverage ~= nil then self.sizeAverage = sizeAverage else self.sizeAverage = true end
end

function SmoothL1Criterion:updateOutput(input, target)
   target = H.as_target(self, input, target)
   H.same_nel(self, input, target)
   self.output = K.smoothl1_out(np(input), np(target), self.sizeAverage)
   return self.output
end

function SmoothL1Criterion:updateGradInput(input, target)
   target = H.as_target(self, input, target)
   H.same_nel(self, input, target)
   self.gradInput:resizeAs(input)
   K.smoothl1_grad(np(input), np(target), self.sizeAverage, np(self.gradInput))
   return self.gradInput
end

return nn.SmoothL1Criterion
