-- nn.MarginCriterion (torch7 semantics; the numbers are done by luann/kernels/nn_criterion.py)
local MarginCriterion, parent = torch.class('nn.MarginCriterion', 'nn.Criterion')
local H = require 'nn._helpers'
local K, np = H.KC, H.np

function MarginCriterion:__init(margin, sizeAverage)
   parent.__init(self)
   if sizeAverage ~= nil then self.sizeAverage = sizeAverage else self.sizeAverage = true end
   self.margin = margin or 1
end

function MarginCriterion:updateOutput(input, target)
   target = H.as_target(self, input, target)
   H.same_nel(self, input, target)
   self.output = K.margin_out(np(input), np(target), self.margin, self.sizeAverage)
   return self.output
end

function MarginCriterion:updateGradInput(input, target)
   target = H.as_target(self, input, target)
   H.same_nel(self, input, target)
   self.gradInput:resizeAs(input)
   K.margin_grad(np(input), np(target), self.margin, self.sizeAverage, np(self.gradInput))
   return self.gradInput
end

return nn.MarginCriterion
