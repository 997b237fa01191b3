-- nn.TemporalConvolution(inputFrameSize, outputFrameSize, kW, dW): 1-D convolution
-- over the frames of an nInputFrame x inputFrameSize sequence (or a batch of them);
-- weight outputFrameSize x (kW*inputFrameSize).
local S = require 'nn._spatial'
local M, parent = torch.class('nn.TemporalConvolution', 'nn.Module')

function M:__init(inputFrameSize, outputFrameSize, kW, dW)
   parent.__init(self)
   self.inputFrameSize = inputFrameSize
   self.outputFrameSize = outputFrameSize
   self.kW = kW
   self.dW = dW or 1
   self.weight = torch.Tensor(outputFrameSize, inputFrameSize * kW)
   self.bias = torch.Tensor(outputFrameSize)
   self.gradWeight = torch.Tensor(outputFrameSize, inputFrameSize * kW)
   self.gradBias = torch.Tensor(outputFrameSize)
   self:reset()
end

function M:reset(stdv)
   S.conv_reset_wb(self, stdv, self.kW, self.inputFrameSize)
end

-- shared by the temporal modules: returns batch, n, nFrames
function S.temporal_check(self, input, frameSize)
   S.tensor(self, input)
   S.check_type(self, input)
   local d = input:dim()
   if d ~= 2 and d ~= 3 then
      S.fail(self, '2D or 3D (batch mode) tensor expected for input, got %dD tensor of size %s', d, S.sz(input))
   end
   if frameSize and input:size(d) ~= frameSize then
      S.fail(self, 'invalid input frame size. Got: %d, Expected: %d', input:size(d), frameSize)
   end
   if input:size(d - 1) < self.kW then
      S.fail(self, 'input sequence smaller than kernel size. Got: %d, Expected: %d', input:size(d - 1), self.kW)
   end
   local oT = math.floor((input:size(d - 1) - self.kW) / self.dW) + 1
   return d == 3, d == 3 and input:size(1) or 1, oT
end

S.kernel_methods(M, 'temporal_conv', {
   geometry = function(self, input) return S.temporal_check(self, input, self.inputFrameSize) end,
   outdims = function(self, oT) return oT, self.outputFrameSize end,
   fargs = function(self) return self.kW, self.dW end,
   bargs = function(self) return self.kW, self.dW end,
})

function M:sharedAccUpdateGradParameters(input, gradOutput, lr)
   -- hack to share the weights while updating them in place
   local gradWeight, gradBias = self.gradWeight, self.gradBias
   self.gradWeight, self.gradBias = self.weight, self.bias
   self:accGradParameters(input, gradOutput, -lr)
   self.gradWeight, self.gradBias = gradWeight, gradBias
end
