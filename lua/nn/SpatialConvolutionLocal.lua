-- nn.SpatialConvolutionLocal(nInputPlane, nOutputPlane, iW, iH, kW, kH, dW, dH, padW, padH):
-- a convolution with untied weights: every output position has its own kernels
-- (weight oH x oW x nOutputPlane x nInputPlane x kH x kW, bias nOutputPlane x oH x oW).
local S = require 'nn._spatial'
local M, parent = torch.class('nn.SpatialConvolutionLocal', 'nn.Module')

function M:__init(nInputPlane, nOutputPlane, iW, iH, kW, kH, dW, dH, padW, padH)
   parent.__init(self)
   self.nInputPlane = nInputPlane
   self.nOutputPlane = nOutputPlane
   self.kW, self.kH = kW, kH
   self.iW, self.iH = iW, iH
   self.dW, self.dH = dW or 1, dH or 1
   self.padW = padW or 0
   self.padH = padH or self.padW
   self.oW = math.floor((self.padW * 2 + iW - self.kW) / self.dW) + 1
   self.oH = math.floor((self.padH * 2 + iH - self.kH) / self.dH) + 1
   assert(1 <= self.oW and 1 <= self.oH, 'illegal configuration: output width or height less than 1')
   self.weight = torch.Tensor(self.oH, self.oW, nOutputPlane, nInputPlane, kH, kW)
   self.bias = torch.Tensor(nOutputPlane, self.oH, self.oW)
   self.gradWeight = torch.Tensor():resizeAs(self.weight)
   self.gradBias = torch.Tensor():resizeAs(self.bias)
   self:reset()
end

function M:reset(stdv)
   S.conv_reset_wb(self, stdv, self.kW, self.kH, self.nInputPlane)
end

local function geometry(self, input)
   local batch = S.check_input(self, input, 2, self.nInputPlane)
   local d = input:dim()
   if input:size(d - 1) ~= self.iH or input:size(d) ~= self.iW then
      S.fail(self, 'input image size mismatch: expected %dx%dx%d, got %s', self.nInputPlane, self.iH,
         self.iW, S.sz(input))
   end
   return batch, batch and input:size(1) or 1
end

S.kernel_methods(M, 'local', {
   geometry = geometry,
   outdims = function(self) return self.nOutputPlane, self.oH, self.oW end,
   fargs = function(self) return self.kW, self.kH, self.dW, self.dH, self.padW, self.padH end,
   bargs = function(self) return self.kW, self.kH, self.dW, self.dH, self.padW, self.padH end,
})

function M:__tostring__()
   local s = string.format('%s(%d -> %d, %dx%d, %dx%d', torch.type(self), self.nInputPlane,
      self.nOutputPlane, self.iW, self.iH, self.kW, self.kH)
   if self.dW ~= 1 or self.dH ~= 1 or self.padW ~= 0 or self.padH ~= 0 then
      s = s .. string.format(', %d,%d', self.dW, self.dH)
   end
   if (self.padW or self.padH) and (self.padW ~= 0 or self.padH ~= 0) then
      s = s .. ', ' .. self.padW .. ',' .. self.padH
   end
   return s .. ')'
end
