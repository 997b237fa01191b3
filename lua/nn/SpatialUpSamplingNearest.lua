-- nn.SpatialUpSamplingNearest(scale): every pixel repeated scale x scale times.
local S = require 'nn._spatial'
local M, parent = torch.class('nn.SpatialUpSamplingNearest', 'nn.Module')

function M:__init(scale)
   parent.__init(self)
   self.scale_factor = scale
   if self.scale_factor < 1 then
      error('scale_factor must be greater than 1')
   end
   if math.floor(self.scale_factor) ~= self.scale_factor then
      error('scale_factor must be integer')
   end
   self.inputSize = torch.LongStorage(4)
   self.outputSize = torch.LongStorage(4)
end

function M:updateOutput(input)
   S.tensor(self, input)
   S.check_type(self, input)
   local d = input:dim()
   if d ~= 3 and d ~= 4 then
      S.fail(self, 'SpatialUpSamplingNearest only supports 3D or 4D tensors, got %dD tensor of size %s', d, S.sz(input))
   end
   local s = self.scale_factor
   local batch = d == 4
   S.resize_out(self.output, batch, batch and input:size(1) or 1, input:size(d - 2),
      input:size(d - 1) * s, input:size(d) * s)
   S.K.upsample_nearest_forward(S.np(input), S.np(self.output), batch, s)
   return self.output
end

function M:updateGradInput(input, gradOutput)
   S.check_gradOutput(self, gradOutput, self.output)
   self.gradInput:resizeAs(input)
   S.K.upsample_nearest_backward(S.np(gradOutput), S.np(self.gradInput), input:dim() == 4, self.scale_factor)
   return self.gradInput
end
