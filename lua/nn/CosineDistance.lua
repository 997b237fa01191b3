-- nn.CosineDistance: input {x1, x2} (vectors or batches of rows) -> cosine similarity per row
local CosineDistance, parent = torch.class('nn.CosineDistance', 'nn.Module')
local H = require 'nn._helpers'
local T = require 'nn._table'
local K, np = H.KL, H.np

function CosineDistance:__init()
   parent.__init(self)
   self.gradInput = {torch.Tensor(), torch.Tensor()}
end

function CosineDistance:updateOutput(input)
   T.check_pair(self, input, 'nn.CosineDistance')
   local a = input[1]
   if a:dim() == 1 then self.output:resize(1) else self.output:resize(a:size(1)) end
   K.cosdist_out(np(input[1]), np(input[2]), np(self.output))
   return self.output
end

function CosineDistance:updateGradInput(input, gradOutput)
   T.check_pair(self, input, 'nn.CosineDistance')
   local g1 = self.gradInput[1] or input[1].new()
   local g2 = self.gradInput[2] or input[2].new()
   self.gradInput[1], self.gradInput[2] = g1, g2
   g1:resizeAs(input[1]); g2:resizeAs(input[2])
   K.cosdist_grad(np(input[1]), np(input[2]), np(gradOutput), np(g1), np(g2))
   return self.gradInput
end

function CosineDistance:clearState()
   nn.utils.clear(self, {'buffer', 'w1', 'w22', 'w', 'w32', 'ones'})
   return parent.clearState(self)
end

return nn.CosineDistance
