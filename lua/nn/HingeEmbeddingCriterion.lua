-- nn.HingeEmbeddingCriterion(margin): loss x for y = 1, max(0, margin - x) for y = -1
local HingeEmbeddingCriterion, parent = torch.class('nn.HingeEmbeddingCriterion', 'nn.Criterion')
local H = require 'nn._helpers'
local K, np = H.KC, H.np

function HingeEmbeddingCriterion:__init(margin)
   parent.__init(self)
   self.margin = margin or 1
   self.sizeAverage = true
end

local function prep(self, input, y)
   if type(input) == 'number' then
      self._x = self._x or torch.Tensor(1)
      self._x:resize(1)[1] = input
      input = self._x
   end
   y = H.as_target(self, input, y)
   H.same_nel(self, input, y)
   return input, y
end

function HingeEmbeddingCriterion:updateOutput(input, y)
   local x, yt = prep(self, input, y)
   self.output = K.hinge_out(np(x), np(yt), self.margin, self.sizeAverage == nil or self.sizeAverage == true)
   return self.output
end

function HingeEmbeddingCriterion:updateGradInput(input, y)
   local x, yt = prep(self, input, y)
   self.gradInput:resizeAs(x)
   K.hinge_grad(np(x), np(yt), self.margin, self.sizeAverage == nil or self.sizeAverage == true, np(self.gradInput))
   return self.gradInput
end

return nn.HingeEmbeddingCriterion
