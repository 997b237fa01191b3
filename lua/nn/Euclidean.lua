-- nn.Euclidean(inputSize, outputSize): y_j = || w_j - x ||_2 (weight is inputSize x outputSize)
local Euclidean, parent = torch.class('nn.Euclidean', 'nn.Module')
local H = require 'nn._helpers'
-- reset, input check and buffered parameter gradients shared with nn.Cosine and nn.WeightedEuclidean
local D = require 'nn._templates'
local K, np = H.KL, H.np

function Euclidean:__init(inputSize, outputSize)
   parent.__init(self)
   self.weight = torch.Tensor(inputSize, outputSize)
   self.gradWeight = torch.Tensor(inputSize, outputSize)
   self.fastBackward = true
   self:reset()
end

function Euclidean:reset(stdv)
   D.reset(self, stdv)
end

function Euclidean:updateOutput(input)
   D.check(self, input, self.weight:size(1))
   if input:dim() == 1 then self.output:resize(self.weight:size(2))
   else self.output:resize(input:size(1), self.weight:size(2)) end
   K.euclidean_out(np(input), np(self.weight), np(self.output))
   return self.output
end

-- accGradParameters and clearState: the weight gradient of the last updateGradInput (kept in
-- _gradWeightBuf), computed by record_grads
local record_grads = D.buffered_grads(Euclidean, parent, {{'gradWeight', '_gradWeightBuf'}},
   function(self, input, gradOutput, gradWeightBuf)
      K.euclidean_acc(np(input), np(self.weight), np(self.output), np(gradOutput), 1, np(gradWeightBuf))
   end)

function Euclidean:updateGradInput(input, gradOutput)
   if not self.gradInput then return end
   D.check(self, input, self.weight:size(1))
   self.gradInput:resizeAs(input)
   K.euclidean_grad_input(np(input), np(self.weight), np(self.output), np(gradOutput), np(self.gradInput))
   record_grads(self, input, gradOutput)
   return self.gradInput
end



return nn.Euclidean
