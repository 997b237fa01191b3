-- nn.SpatialAdaptiveMaxPooling(W, H): max pooling to a fixed W x H output
-- (window i spans floor(i*n/o) .. ceil((i+1)*n/o)); `indices` as SpatialMaxPooling.
local S = require 'nn._spatial'
local M, parent = torch.class('nn.SpatialAdaptiveMaxPooling', 'nn.Module')

function M:__init(W, H)
   parent.__init(self)
   self.W = W
   self.H = H
   self.indices = torch.LongTensor()
end

function M:updateOutput(input)
   local batch = S.check_input(self, input, 2)
   local d = input:dim()
   local idx = S.buf(self, 'indices', input, 'torch.LongTensor')
   local n = batch and input:size(1) or 1
   S.resize_out(self.output, batch, n, input:size(d - 2), self.H, self.W)
   S.resize_out(idx, batch, n, input:size(d - 2), self.H, self.W)
   S.K.adaptive_max_forward(S.np(input), S.np(self.output), S.np(idx), batch, self.W, self.H)
   return self.output
end

function M:updateGradInput(input, gradOutput)
   S.check_input(self, input, 2)
   S.check_gradOutput(self, gradOutput, self.output)
   self.gradInput:resizeAs(input)
   S.K.max_pool_backward(S.np(gradOutput), S.np(self.indices), S.np(self.gradInput),
      input:dim() == 4, true)
   return self.gradInput
end

-- type() keeps indices a LongTensor, clearState() empties it
S.indices_methods(M, parent)
