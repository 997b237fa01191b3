-- nn.CosineEmbeddingCriterion(margin): input {x1, x2} (1-D or batch 2-D), target y = 1 or -1
-- (a number, or a 1-D tensor for a batch); loss 1 - cos for y = 1, max(0, cos - margin) for -1
local CosineEmbeddingCriterion, parent = torch.class('nn.CosineEmbeddingCriterion', 'nn.Criterion')
local H = require 'nn._helpers'
local K, np = H.KC, H.np

function CosineEmbeddingCriterion:__init(margin)
   parent.__init(self)
   margin = margin or 0
   self.margin = margin
   self.gradInput = {torch.Tensor(), torch.Tensor()}
   self.sizeAverage = true
end

local function check(self, input, y)
   H.pair(self, input)
   local x1, x2 = input[1], input[2]
   if not x1:isSameSizeAs(x2) or x1:dim() < 1 or x1:dim() > 2 then
      H.err(self, 'inputs should be two 1-D or 2-D Tensors of the same size (got %s and %s)', H.size(x1), H.size(x2))
   end
   local n = x1:dim() == 1 and 1 or x1:size(1)
   if type(y) == 'number' then
      self._y = self._y or torch.DoubleTensor(1)
      self._y:resize(1)[1] = y
      y = self._y
   elseif not torch.isTensor(y) then
      H.err(self, 'target should be a number or a Tensor (got %s)', torch.type(y))
   end
   if y:nElement() ~= n then
      H.err(self, 'target has %d elements but the batch has %d samples', y:nElement(), n)
   end
   return x1, x2, y
end

function CosineEmbeddingCriterion:updateOutput(input, y)
   local x1, x2, yt = check(self, input, y)
   self.output = K.cosemb_out(np(x1), np(x2), np(yt), self.margin, self.sizeAverage)
   return self.output
end

function CosineEmbeddingCriterion:updateGradInput(input, y)
   local x1, x2, yt = check(self, input, y)
   local g1, g2 = self.gradInput[1], self.gradInput[2]
   if not torch.isTensor(g1) then g1 = x1.new(); self.gradInput[1] = g1 end
   if not torch.isTensor(g2) then g2 = x2.new(); self.gradInput[2] = g2 end
   g1:resizeAs(x1); g2:resizeAs(x2)
   K.cosemb_grad(np(x1), np(x2), np(yt), self.margin, self.sizeAverage, np(g1), np(g2))
   return self.gradInput
end

return nn.CosineEmbeddingCriterion
