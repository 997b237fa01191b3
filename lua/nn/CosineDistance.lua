-- nn.CosineDistance: input {x1, x2} (vectors or batches of rows) -> cosine similarity per row
local CosineDistance, parent = torch.class('nn.CosineDistance', 'nn.Module')
local H = require 'nn._helpers'
local T = require 'nn._table'
local K, np = H.KL, H.np

function CosineDistance:__init()
   parent.__init(self)
   self.gradInput = {torch.Tensor(), torch.Tensor()}
end

local function check(self, input)
   T.check_tensors(self, input, 2)
   local a, b = input[1], input[2]
   if not a:isSameSizeAs(b) or a:dim() < 1 or a:dim() > 2 then
      error(string.format('nn.CosineDistance: inputs should be two vectors or matrices of the same size (got %s and %s)',
         torch._size_str(a), torch._size_str(b)), 3)
   end
end

function CosineDistance:updateOutput(input)
   check(self, input)
   local a = input[1]
   if a:dim() == 1 then self.output:resize(1) else self.output:resize(a:size(1)) end
   K.cosdist_out(np(input[1]), np(input[2]), np(self.output))
   return self.output
end

function CosineDistance:updateGradInput(input, gradOutput)
   check(self, input)
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
