-- nn.Cosine(inputSize, outputSize): y_j = w_j . x / (||w_j|| ||x||) (weight is outputSize x inputSize)
local Cosine, parent = torch.class('nn.Cosine', 'nn.Module')
local H = require 'nn._helpers'
-- reset, input check and buffered parameter gradients shared with nn.Euclidean and nn.WeightedEuclidean
local D = require 'nn._templates'
local K, np = H.KL, H.np

function Cosine:__init(inputSize, outputSize)
   parent.__init(self)
   self.weight = torch.Tensor(outputSize, inputSize)
   self.gradWeight = torch.Tensor(outputSize, inputSize)
   self:reset()
end

function Cosine:reset(stdv)
   D.reset(self, stdv)
end

function Cosine:updateOutput(input)
   D.check(self, input, self.weight:size(2))
   if input:dim() == 1 then self.output:resize(self.weight:size(1))
   else self.output:resize(input:size(1), self.weight:size(1)) end
   K.cosine_out(np(input), np(self.weight), np(self.output))
   return self.output
end

-- accGradParameters and clearState: the weight gradient of the last updateGradInput (kept in
-- _gradWeightBuf), computed by record_grads
local record_grads = D.buffered_grads(Cosine, parent, {{'gradWeight', '_gradWeightBuf'}},
   function(self, input, gradOutput, gradWeightBuf)
      K.cosine_acc(np(input), np(self.weight), np(gradOutput), 1, np(gradWeightBuf))
   end)

function Cosine:updateGradInput(input, gradOutput)
   if not self.gradInput then return end
   D.check(self, input, self.weight:size(2))
   self.gradInput:resizeAs(input)
   K.cosine_grad_input(np(input), np(self.weight), np(gradOutput), np(self.gradInput))
   record_grads(self, input, gradOutput)
   return self.gradInput
end



return nn.Cosine
