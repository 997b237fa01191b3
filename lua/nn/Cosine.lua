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

-- the weight gradient of the last updateGradInput (torch7 computes it from the buffers of
-- forward/updateGradInput, which matters when shared modules are updated one after the other)
local function weight_grad(self, input, gradOutput)
   self._gradWeightBuf = self._gradWeightBuf or self.gradWeight.new()
   self._gradWeightBuf:resizeAs(self.gradWeight):zero()
   K.cosine_acc(np(input), np(self.weight), np(gradOutput), 1, np(self._gradWeightBuf))
   return self._gradWeightBuf
end

function Cosine:accGradParameters(input, gradOutput, scale)
   local g = self._gradWeightBuf
   if not g or self._gradFor ~= gradOutput then g = weight_grad(self, input, gradOutput) end
   self._gradFor = nil
   self.gradWeight:add(scale or 1, g)
end

function Cosine:clearState()
   nn.utils.clear(self, '_gradWeightBuf')
   self._gradFor = nil
   return parent.clearState(self)
end

function Cosine:updateGradInput(input, gradOutput)
   if not self.gradInput then return end
   check(self, input)
   self.gradInput:resizeAs(input)
   K.cosine_grad_input(np(input), np(self.weight), np(gradOutput), np(self.gradInput))
   weight_grad(self, input, gradOutput)
   self._gradFor = gradOutput
   return self.gradInput
end



return nn.Cosine
