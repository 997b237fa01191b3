-- nn.Cosine(inputSize, outputSize): y_j = w_j . x / (||w_j|| ||x||) (weight is outputSize x inputSize)
local Cosine, parent = torch.class('nn.Cosine', 'nn.Module')
local H = require 'nn._helpers'
local K, np = H.KL, H.np

function Cosine:__init(inputSize, outputSize)
   parent.__init(self)
   self.weight = torch.Tensor(outputSize, inputSize)
   self.gradWeight = torch.Tensor(outputSize, inputSize)
   self:reset()
end

function Cosine:reset(stdv)
   if stdv then
      stdv = stdv * math.sqrt(3)
   else
      stdv = 1. / math.sqrt(self.weight:size(1))
   end
   self.weight:uniform(-stdv, stdv)
end

local function check(self, input)
   H.tensor(self, input)
   local n = self.weight:size(2)
   if not ((input:dim() == 1 or input:dim() == 2) and input:size(input:dim()) == n) then
      H.err(self, 'input should be a vector of %d elements or a batch of them (got %s)', n, H.size(input))
   end
end

function Cosine:updateOutput(input)
   check(self, input)
   if input:dim() == 1 then self.output:resize(self.weight:size(1))
   else self.output:resize(input:size(1), self.weight:size(1)) end
   K.cosine_out(np(input), np(self.weight), np(self.output))
   return self.output
end

function Cosine:updateGradInput(input, gradOutput)
   if not self.gradInput then return end
   check(self, input)
   self.gradInput:resizeAs(input)
   K.cosine_grad_input(np(input), np(self.weight), np(gradOutput), np(self.gradInput))
   return self.gradInput
end

function Cosine:accGradParameters(input, gradOutput, scale)
   K.cosine_acc(np(input), np(self.weight), np(gradOutput), scale or 1, np(self.gradWeight))
end


return nn.Cosine
