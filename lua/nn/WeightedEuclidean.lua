-- nn.WeightedEuclidean(inputSize, outputSize): y_j = || diagCov_j .* (x - w_j) ||_2
local WeightedEuclidean, parent = torch.class('nn.WeightedEuclidean', 'nn.Module')
local H = require 'nn._helpers'
-- reset, input check and buffered parameter gradients shared with nn.Cosine and nn.Euclidean
local D = require 'nn._templates'
local K, np = H.KL, H.np

function WeightedEuclidean:__init(inputSize, outputSize)
   parent.__init(self)
   self.weight = torch.Tensor(inputSize, outputSize)
   self.gradWeight = torch.Tensor(inputSize, outputSize)
   -- each template (output dim) has its own diagonal covariance matrix
   self.diagCov = torch.Tensor(inputSize, outputSize)
   self.gradDiagCov = torch.Tensor(inputSize, outputSize)
   self:reset()
end

function WeightedEuclidean:reset(stdv)
   D.reset(self, stdv)
   self.diagCov:fill(1)
end

function WeightedEuclidean:updateOutput(input)
   D.check(self, input, self.weight:size(1))
   if input:dim() == 1 then self.output:resize(self.weight:size(2))
   else self.output:resize(input:size(1), self.weight:size(2)) end
   K.weuclid_out(np(input), np(self.weight), np(self.diagCov), np(self.output))
   return self.output
end

-- accGradParameters and clearState: the parameter gradients of the last updateGradInput (kept in
-- _gradWeightBuf and _gradDiagCovBuf), computed by record_grads
local record_grads = D.buffered_grads(WeightedEuclidean, parent,
   {{'gradWeight', '_gradWeightBuf'}, {'gradDiagCov', '_gradDiagCovBuf'}},
   function(self, input, gradOutput, gradWeightBuf, gradDiagCovBuf)
      K.weuclid_acc(np(input), np(self.weight), np(self.diagCov), np(self.output), np(gradOutput), 1,
                    np(gradWeightBuf), np(gradDiagCovBuf))
   end)

function WeightedEuclidean:updateGradInput(input, gradOutput)
   if not self.gradInput then return end
   D.check(self, input, self.weight:size(1))
   self.gradInput:resizeAs(input)
   K.weuclid_grad_input(np(input), np(self.weight), np(self.diagCov), np(self.output), np(gradOutput), np(self.gradInput))
   record_grads(self, input, gradOutput)
   return self.gradInput
end


function WeightedEuclidean:parameters()
   return {self.weight, self.diagCov}, {self.gradWeight, self.gradDiagCov}
end

function WeightedEuclidean:accUpdateGradParameters(input, gradOutput, lr)
   local gradWeight, gradDiagCov = self.gradWeight, self.gradDiagCov
   self.gradWeight, self.gradDiagCov = self.weight, self.diagCov
   self:accGradParameters(input, gradOutput, -lr)
   self.gradWeight, self.gradDiagCov = gradWeight, gradDiagCov
end


return nn.WeightedEuclidean
