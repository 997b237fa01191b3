-- nn.TemporalDynamicKMaxPooling(minK, factor): keeps, per feature, the
-- k = max(minK, ceil(factor * nFrames)) largest frames in their original order.
local S = require 'nn._spatial'
local M, parent = torch.class('nn.TemporalDynamicKMaxPooling', 'nn.Module')

function M:__init(minK, factor)
   parent.__init(self)
   self.minK = minK
   self.factor = factor or 0
end

function M:updateOutput(input)
   S.tensor(self, input)
   S.check_type(self, input)
   local d = input:dim()
   if d ~= 2 and d ~= 3 then
      S.fail(self, 'expected 2D or 3D (batch mode) input, got %dD tensor of size %s', d, S.sz(input))
   end
   local T = input:size(d - 1)
   if T < self.minK then
      S.fail(self, 'input sequence must be at least minK (%d) frames long, got %d', self.minK, T)
   end
   local k = math.max(self.minK, math.ceil(self.factor * T))
   k = math.min(k, T)
   self.k = k
   local idx = S.buf(self, 'indices', input, 'torch.LongTensor')
   local batch = d == 3
   S.resize_out(self.output, batch, batch and input:size(1) or 1, k, input:size(d))
   S.resize_out(idx, batch, batch and input:size(1) or 1, k, input:size(d))
   S.K.kmax_forward(S.np(input), S.np(self.output), S.np(idx), batch, k)
   return self.output
end

function M:updateGradInput(input, gradOutput)
   S.check_gradOutput(self, gradOutput, self.output)
   self.gradInput:resizeAs(input)
   S.K.kmax_backward(S.np(gradOutput), S.np(self.indices), S.np(self.gradInput), input:dim() == 3)
   return self.gradInput
end

function M:clearState()
   if self.indices then self.indices:set() end
   return parent.clearState(self)
end
