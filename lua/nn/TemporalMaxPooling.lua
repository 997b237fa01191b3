-- nn.TemporalMaxPooling(kW, dW): max over kW consecutive frames, per feature;
-- `indices` keeps the 0-based offset of each maximum inside its window (as THNN).
local S = require 'nn._spatial'
require 'nn.TemporalConvolution'   -- S.temporal_check
local M, parent = torch.class('nn.TemporalMaxPooling', 'nn.Module')

function M:__init(kW, dW)
   parent.__init(self)
   dW = dW or kW
   self.kW = kW
   self.dW = dW
end

function M:updateOutput(input)
   local batch, n, oT = S.temporal_check(self, input)
   local d = input:dim()
   local idx = S.buf(self, 'indices', input, 'torch.LongTensor')
   S.resize_out(self.output, batch, n, oT, input:size(d))
   S.resize_out(idx, batch, n, oT, input:size(d))
   S.K.temporal_max_forward(S.np(input), S.np(self.output), S.np(idx), batch, self.kW, self.dW)
   return self.output
end

function M:updateGradInput(input, gradOutput)
   if self.gradInput then
      local batch = S.temporal_check(self, input)
      S.check_gradOutput(self, gradOutput, self.output)
      self.gradInput:resizeAs(input)
      S.K.temporal_max_backward(S.np(gradOutput), S.np(self.indices), S.np(self.gradInput), batch,
         self.kW, self.dW)
      return self.gradInput
   end
end

-- type() keeps indices a LongTensor, clearState() empties it, empty() = clearState()
S.indices_methods(M, parent, true)
