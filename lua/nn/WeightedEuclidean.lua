-- nn.WeightedEuclidean(inputSize, outputSize): y_j = || diagCov_j .* (x - w_j) ||_2
local WeightedEuclidean, parent = torch.class('nn.WeightedEuclidean', 'nn.Module')
local H = require 'nn._helpers'
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
   if stdv then
      stdv = stdv * math.sqrt(3)
   else
      stdv = 1. / math.sqrt(self.weight:size(1))
   end
   self.weight:uniform(-stdv, stdv)
   self.diagCov:fill(1)
end

local function check(self, input)
   H.tensor(self, input)
   local n = self.weight:size(1)
   if not ((input:dim() == 1 or input:dim() == 2) and input:size(input:dim()) == n) then
      H.err(self, 'input should be a vector of %d elements or a batch of them (got %s)', n, H.size(input))
   end
end

function WeightedEuclidean:updateOutput(input)
   check(self, input)
   if input:dim() == 1 then self.output:resize(self.weight:size(2))
   else self.output:resize(input:size(1), self.weight:size(2)) end
   K.weuclid_out(np(input), np(self.weight), np(self.diagCov), np(self.output))
   return self.output
end

-- the parameter gradients of the last updateGradInput (torch7 computes them from the buffers of
-- forward/updateGradInput, which matters when shared modules are updated one after the other)
local function param_grads(self, input, gradOutput)
   self._gradWeightBuf = self._gradWeightBuf or self.gradWeight.new()
   self._gradDiagCovBuf = self._gradDiagCovBuf or self.gradDiagCov.new()
   self._gradWeightBuf:resizeAs(self.gradWeight):zero()
   self._gradDiagCovBuf:resizeAs(self.gradDiagCov):zero()
   K.weuclid_acc(np(input), np(self.weight), np(self.diagCov), np(self.output), np(gradOutput), 1,
                 np(self._gradWeightBuf), np(self._gradDiagCovBuf))
end

function WeightedEuclidean:accGradParameters(input, gradOutput, scale)
   if not self._gradWeightBuf or self._gradFor ~= gradOutput then param_grads(self, input, gradOutput) end
   self._gradFor = nil
   self.gradWeight:add(scale or 1, self._gradWeightBuf)
   self.gradDiagCov:add(scale or 1, self._gradDiagCovBuf)
end

function WeightedEuclidean:clearState()
   nn.utils.clear(self, '_gradWeightBuf', '_gradDiagCovBuf')
   self._gradFor = nil
   return parent.clearState(self)
end

function WeightedEuclidean:updateGradInput(input, gradOutput)
   if not self.gradInput then return end
   check(self, input)
   self.gradInput:resizeAs(input)
   K.weuclid_grad_input(np(input), np(self.weight), np(self.diagCov), np(self.output), np(gradOutput), np(self.gradInput))
   param_grads(self, input, gradOutput)
   self._gradFor = gradOutput
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
