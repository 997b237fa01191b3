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
   if stdv then
      stdv = stdv * math.sqrt(3)
   else
      stdv = 1 / math.sqrt(self.kW)
   end
   self.weight:uniform(-stdv, stdv)
   self.bias:uniform(-stdv, stdv)
end

function M:updateOutput(input)
   local batch, n, oT = S.temporal_check(self, input, self.inputFrameSize)
   S.sametype(self, input, self.weight)
   S.resize_out(self.output, batch, n, oT, self.inputFrameSize)
   local np = S.np
   S.K.temporal_subsampling_forward(np(input), np(self.weight), np(self.bias), np(self.output), batch,
      self.kW, self.dW)
   return self.output
end

function M:updateGradInput(input, gradOutput)
   if not self.gradInput then return end
   local batch = S.temporal_check(self, input, self.inputFrameSize)
   S.check_gradOutput(self, gradOutput, self.output)
   self.gradInput:resizeAs(input)
   S.K.temporal_subsampling_backward_input(S.np(self.weight), S.np(gradOutput), S.np(self.gradInput),
      batch, self.kW, self.dW)
   return self.gradInput
end

function M:accGradParameters(input, gradOutput, scale)
   local batch = S.temporal_check(self, input, self.inputFrameSize)
   S.check_gradOutput(self, gradOutput, self.output)
   local np = S.np
   S.K.temporal_subsampling_backward_params(np(input), np(gradOutput), np(self.gradWeight),
      np(self.gradBias), scale or 1, batch, self.kW, self.dW)
end
