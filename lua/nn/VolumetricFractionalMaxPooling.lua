-- nn.VolumetricFractionalMaxPooling(poolSizeT, poolSizeW, poolSizeH, outT | ratioT,
-- outW | ratioW, outH | ratioH): 3-D fractional max pooling, pseudo-random windows
-- from one uniform sample per plane and dimension (T, W, H), as THNN.
local S = require 'nn._spatial'
local M, parent = torch.class('nn.VolumetricFractionalMaxPooling', 'nn.Module')

function M:__init(poolSizeT, poolSizeW, poolSizeH, arg1, arg2, arg3)
   parent.__init(self)
   assert(poolSizeT >= 2)
   assert(poolSizeW >= 2)
   assert(poolSizeH >= 2)
   self.poolSizeT, self.poolSizeW, self.poolSizeH = poolSizeT, poolSizeW, poolSizeH
   self.randomSamples = nil
   self.newRandomPool = false
   if arg1 >= 1 and arg2 >= 1 and arg3 >= 1 then
      self.outT, self.outW, self.outH = arg1, arg2, arg3
   else
      self.ratioT, self.ratioW, self.ratioH = arg1, arg2, arg3
      assert(self.ratioT > 0 and self.ratioT < 1)
      assert(self.ratioW > 0 and self.ratioW < 1)
      assert(self.ratioH > 0 and self.ratioH < 1)
   end
end

function M:initSampleBuffer_(input)
   local d = input:nDimension()
   if d ~= 4 and d ~= 5 then S.fail(self, 'input must be dim 4 or 5, got %s', S.sz(input)) end
   local b, p = d == 5 and input:size(1) or 1, input:size(d - 3)
   if self.randomSamples == nil or self.randomSamples:type() ~= input:type() then
      self.randomSamples = input.new():resize(b, p, 3):uniform()
   elseif self.randomSamples:size(1) ~= b or self.randomSamples:size(2) ~= p then
      self.randomSamples:resize(b, p, 3):uniform()
   elseif not self.newRandomPool then
      self.randomSamples:uniform()
   end
end

function M:getOutputSizes_(input)
   local d = input:nDimension()
   local iT, iH, iW = input:size(d - 2), input:size(d - 1), input:size(d)
   local oT, oW, oH = self.outT, self.outW, self.outH
   if self.ratioW ~= nil then
      oT = math.floor(iT * self.ratioT)
      oW = math.floor(iW * self.ratioW)
      oH = math.floor(iH * self.ratioH)
      if oT <= 0 or oW <= 0 or oH <= 0 then S.fail(self, 'reduction ratio or input size too small (%s)', S.sz(input)) end
   elseif iT < oT + self.poolSizeT - 1 or iW < oW + self.poolSizeW - 1 or iH < oH + self.poolSizeH - 1 then
      S.fail(self, 'input %s too small for output %dx%dx%d with pool %dx%dx%d', S.sz(input), oT, oH, oW,
         self.poolSizeT, self.poolSizeH, self.poolSizeW)
   end
   return oT, oW, oH
end

function M:updateOutput(input)
   S.tensor(self, input)
   self:initSampleBuffer_(input)
   local oT, oW, oH = self:getOutputSizes_(input)
   local idx = S.buf(self, 'indices', input, 'torch.LongTensor')
   local d = input:dim()
   local batch = d == 5
   local n = batch and input:size(1) or 1
   S.resize_out(self.output, batch, n, input:size(d - 3), oT, oH, oW)
   S.resize_out(idx, batch, n, input:size(d - 3), oT, oH, oW)
   S.K.vfractional_max_forward(S.np(input), S.np(self.randomSamples), S.np(self.output), S.np(idx), batch,
      oT, oW, oH, self.poolSizeT, self.poolSizeW, self.poolSizeH)
   return self.output
end

function M:__tostring__()
   return string.format('%s(%dx%dx%d, %d,%d,%d)', torch.type(self),
      self.outT and self.outT or self.ratioT, self.outW and self.outW or self.ratioW,
      self.outH and self.outH or self.ratioH, self.poolSizeT, self.poolSizeW, self.poolSizeH)
end

-- fixPoolingRegions, updateGradInput, empty and clearState, shared with nn.SpatialFractionalMaxPooling
require('nn._fracpool')(M, parent, 5)
