-- nn.SpatialFractionalMaxPooling(poolSizeW, poolSizeH, outW | ratioW, outH | ratioH):
-- max pooling over pseudo-random, overlapping poolSizeW x poolSizeH windows whose
-- starts come from one uniform sample per plane and dimension (Graham, 2014), as THNN.
local S = require 'nn._spatial'
local M, parent = torch.class('nn.SpatialFractionalMaxPooling', 'nn.Module')

function M:__init(poolSizeW, poolSizeH, arg1, arg2)
   parent.__init(self)
   assert(poolSizeW >= 2)
   assert(poolSizeH >= 2)
   self.poolSizeW = poolSizeW
   self.poolSizeH = poolSizeH
   self.randomSamples = nil        -- batch x plane x 2 uniform samples (W, H)
   self.newRandomPool = false      -- true: keep the current pooling regions
   if arg1 >= 1 and arg2 >= 1 then
      self.outW = arg1
      self.outH = arg2
   else
      self.ratioW = arg1
      self.ratioH = arg2
      assert(self.ratioW > 0 and self.ratioW < 1)
      assert(self.ratioH > 0 and self.ratioH < 1)
   end
end

function M:getBufferSize_(input)
   local batchSize, planeSize
   if input:nDimension() == 3 then
      batchSize, planeSize = 1, input:size(1)
   elseif input:nDimension() == 4 then
      batchSize, planeSize = input:size(1), input:size(2)
   else
      S.fail(self, 'input must be dim 3 or 4, got %s', S.sz(input))
   end
   return torch.LongStorage({batchSize, planeSize, 2})
end

function M:initSampleBuffer_(input)
   local size = self:getBufferSize_(input)
   if self.randomSamples == nil or self.randomSamples:type() ~= input:type() then
      self.randomSamples = input.new():resize(size):uniform()
   elseif self.randomSamples:size(1) ~= size[1] or self.randomSamples:size(2) ~= size[2] then
      self.randomSamples:resize(size):uniform()
   elseif not self.newRandomPool then
      self.randomSamples:uniform()   -- new pooling regions on every call
   end
end

function M:getOutputSizes_(input)
   local d = input:nDimension()
   local iW, iH = input:size(d), input:size(d - 1)
   local outW, outH = self.outW, self.outH
   if self.ratioW ~= nil and self.ratioH ~= nil then
      outW = math.floor(iW * self.ratioW)
      outH = math.floor(iH * self.ratioH)
      if outW <= 0 then S.fail(self, 'reduction ratio or input width too small') end
      if outH <= 0 then S.fail(self, 'reduction ratio or input height too small') end
   else
      if iW < outW + self.poolSizeW - 1 then
         S.fail(self, 'input too small (width %d) for the output width %d and pool width %d', iW, outW, self.poolSizeW)
      end
      if iH < outH + self.poolSizeH - 1 then
         S.fail(self, 'input too small (height %d) for the output height %d and pool height %d', iH, outH, self.poolSizeH)
      end
   end
   return outW, outH
end

function M:updateOutput(input)
   S.tensor(self, input)
   self:initSampleBuffer_(input)
   local outW, outH = self:getOutputSizes_(input)
   local idx = S.buf(self, 'indices', input, 'torch.LongTensor')
   local d = input:dim()
   local batch = d == 4
   local n = batch and input:size(1) or 1
   S.resize_out(self.output, batch, n, input:size(d - 2), outH, outW)
   S.resize_out(idx, batch, n, input:size(d - 2), outH, outW)
   S.K.fractional_max_forward(S.np(input), S.np(self.randomSamples), S.np(self.output), S.np(idx), batch,
      outW, outH, self.poolSizeW, self.poolSizeH)
   return self.output
end

function M:__tostring__()
   return string.format('%s(%dx%d, %d,%d)', torch.type(self),
      self.outW and self.outW or self.ratioW, self.outH and self.outH or self.ratioH,
      self.poolSizeW, self.poolSizeH)
end

-- fixPoolingRegions, updateGradInput, empty and clearState, shared with nn.VolumetricFractionalMaxPooling
require('nn._fracpool')(M, parent, 4)
