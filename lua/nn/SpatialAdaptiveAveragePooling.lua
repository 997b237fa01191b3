-- nn.SpatialAdaptiveAveragePooling(W, H): average pooling to a fixed W x H output.
local S = require 'nn._spatial'
local M, parent = torch.class('nn.SpatialAdaptiveAveragePooling', 'nn.Module')

function M:__init(W, H)
   parent.__init(self)
   self.W = W
   self.H = H
end

function M:updateOutput(input)
   local batch = S.check_input(self, input, 2)
   local d = input:dim()
   S.resize_out(self.output, batch, batch and input:size(1) or 1, input:size(d - 2), self.H, self.W)
   S.K.adaptive_avg_forward(S.np(input), S.np(self.output), batch, self.W, self.H)
   return self.output
end

function M:updateGradInput(input, gradOutput)
   local batch = S.check_input(self, input, 2)
   S.check_gradOutput(self, gradOutput, self.output)
   self.gradInput:resizeAs(input)
   S.K.adaptive_avg_backward(S.np(gradOutput), S.np(self.gradInput), batch)
   return self.gradInput
end
