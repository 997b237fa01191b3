-- nn.Euclidean(inputSize, outputSize): y_j = || w_j - x ||_2 (weight is inputSize x outputSize)
local Euclidean, parent = torch.class('nn.Euclidean', 'nn.Module')
local H = require 'nn._helpers'
local K, np = H.KL, H.np

function Euclidean:__init(inputSize, outputSize)
   parent.__init(self)
   self.weight = torch.Tensor(inputSize, outputSize)
   self.gradWeight = torch.Tensor(inputSize, outputSize)
   self.fastBackward = true
   self:reset()
end

function Euclidean:reset(stdv)
   if stdv then
      stdv = stdv * math.sqrt(3)
   else
      stdv = 1. / math.sqrt(self.weight:size(1))
   end
   self.weight:uniform(-stdv, stdv)
end

local function check(self, input)
   H.tensor(self, input)
   local n = self.weight:size(1)
   if not ((input:dim() == 1 or input:dim() == 2) and input:size(input:dim()) == n) then
      H.err(self, 'input should be a vector of %d elements or a batch of them (got %s)', n, H.size(input))
   end
end

function Euclidean:updateOutput(input)
   check(self, input)
   if input:dim() == 1 then self.output:resize(self.weight:size(2))
   else self.output:resize(input:size(1), self.weight:size(2)) end
   K.euclidean_out(np(input), np(self.weight), np(self.output))
   return self.output
end

function Euclidean:updateGradInput(input, gradOutput)
   if not self.gradInput then return end
   check(self, input)
   self.gradInput:resizeAs(input)
   K.euclidean_grad_input(np(input), np(self.weight), np(self.output), np(gradOutput), np(self.gradInput))
   return self.gradInput
end

function Euclidean:accGradParameters(input, gradOutput, scale)
   K.euclidean_acc(np(input), np(self.weight), np(self.output), np(gradOutput), scale or 1, np(self.gradWeight))
end


return nn.Euclidean
