-- nn.L1HingeEmbeddingCriterion(margin): input {x1, x2}, y = 1 or -1; d = ||x1 - x2||_1,
-- loss d for y = 1, max(0, margin - d) for y = -1
local L1HingeEmbeddingCriterion, parent = torch.class('nn.L1HingeEmbeddingCriterion', 'nn.Criterion')
local H = require 'nn._helpers'

function L1HingeEmbeddingCriterion:__init(margin)
   parent.__init(self)
   margin = margin or 1
   self.margin = margin
   self.gradInput = {torch.Tensor(), torch.Tensor()}
end

local function check(self, input)
   H.pair(self, input)
   if input[1]:nElement() ~= input[2]:nElement() then
      H.err(self, 'the two inputs should have the same number of elements (got %s and %s)', H.size(input[1]), H.size(input[2]))
   end
end

function L1HingeEmbeddingCriterion:updateOutput(input, y)
   check(self, input)
   self.output = input[1]:dist(input[2], 1)
   if y == -1 then
      self.output = math.max(0, self.margin - self.output)
   end
   return self.output
end

local function mathsign(t)
   if t > 0 then return 1 end
   if t < 0 then return -1 end
   return 2 * torch.random(2) - 3
end

function L1HingeEmbeddingCriterion:updateGradInput(input, y)
   check(self, input)
   local g1, g2 = self.gradInput[1], self.gradInput[2]
   g1:resizeAs(input[1]):copy(input[1]):add(-1, input[2])
   g2:resizeAs(input[2])
   local dist = g1:norm(1)
   g1:apply(mathsign)
   if y == -1 then
      if dist > self.margin then g1:zero() else g1:mul(-1) end
   end
   g2:zero():add(-1, g1)
   return self.gradInput
end

return nn.L1HingeEmbeddingCriterion
