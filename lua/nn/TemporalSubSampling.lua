-- nn.TemporalSubSampling(inputFrameSize, kW, dW): per feature,
-- bias[f] + weight[f] * (sum of kW consecutive frames).
local S = require 'nn._spatial'
require 'nn.TemporalConvolution'   -- S.temporal_check
local M, parent = torch.class('nn.TemporalSubSampling', 'nn.Module')

function M:__init(inputFrameSize, kW, dW)
   parent.__init(self)
   self.inputFrameSize = inputFrameSize
   self.kW = kW
   self.dW = dW or 1
   self.weight = torch.Tensor(inputFrameSize)
   self.bias = torch.Tensor(inputFrameSize)
   self.gradWeight = torch.Tensor(inputFrameSize)
   self.gradBias = torch.Tensor(inputFrameSize)
   self:reset()
end

function M:reset(stdv)
   S.conv_reset_wb(self, stdv, self.kW)
end

S.kernel_methods(M, 'temporal_subsampling', {
   geometry = function(self, input) return S.temporal_check(self, input, self.inputFrameSize) end,
   outdims = function(self, oT) return oT, self.inputFrameSize end,
   fargs = function(self) return self.kW, self.dW end,
   bargs = function(self) return self.kW, self.dW end,
})
