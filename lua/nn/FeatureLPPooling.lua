-- nn.FeatureLPPooling(width, stride, power, batch_mode): LP pooling across the feature
-- dimension (dim 1, or 2 in batch mode): (sum over width features of x^p)^(1/p).
local S = require 'nn._spatial'
local M, parent = torch.class('nn.FeatureLPPooling', 'nn.Module')

function M:__init(width, stride, power, batch_mode)
   parent.__init(self)
   if width < 2 or width > 16 then
      error('width must be within 2 to 16')
   end
   if stride < 1 or stride > 4 then
      error('stride must be within 1 to 4')
   end
   self.width = width
   self.stride = stride
   self.power = power
   self.batch_mode = batch_mode
end

local function feature_axis(self, input)
   S.tensor(self, input)
   S.check_type(self, input)
   local d = input:dim()
   local lo = self.batch_mode and 2 or 1
   if d < lo or d > lo + 3 then
      S.fail(self, 'input must be %dD to %dD, got %dD tensor of size %s', lo, lo + 3, d, S.sz(input))
   end
   local axis = self.batch_mode and 2 or 1
   if input:size(axis) < self.width then
      S.fail(self, 'input has %d features, fewer than the pooling width %d', input:size(axis), self.width)
   end
   return axis
end

function M:updateOutput(input)
   local axis = feature_axis(self, input)
   local sz = input:size():totable()
   sz[axis] = math.floor((sz[axis] - self.width) / self.stride) + 1
   self.output:resize(torch.LongStorage(sz))
   S.K.flp_forward(S.np(input), S.np(self.output), axis - 1, self.width, self.stride, self.power)
   return self.output
end

function M:updateGradInput(input, gradOutput)
   local axis = feature_axis(self, input)
   S.check_gradOutput(self, gradOutput, self.output)
   self.gradInput:resizeAs(input)
   S.K.flp_backward(S.np(input), S.np(self.output), S.np(gradOutput), S.np(self.gradInput), axis - 1,
      self.width, self.stride, self.power)
   return self.gradInput
end

function M:__tostring__()
   return string.format('%s(w%d s%d power %d batch %d', torch.type(self), self.width, self.stride,
      self.power, self.batch_mode and 1 or 0)
end
