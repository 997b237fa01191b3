-- nn.SpatialDepthWiseConvolution: each input plane convolved with its own
-- nOutputPlane kernels (weight nOutputPlane x nInputPlane x kH x kW, bias
-- nOutputPlane x nInputPlane) -> nInputPlane*nOutputPlane planes, plane
-- (i-1)*nOutputPlane + o from input plane i and weight[o][i].
local S = require 'nn._spatial'
local M, parent = torch.class('nn.SpatialDepthWiseConvolution', 'nn.Module')

function M:__init(nInputPlane, nOutputPlane, kW, kH, dW, dH, padW, padH)
   parent.__init(self)
   S.conv2d_init(self, nInputPlane, nOutputPlane, kW, kH, dW, dH, padW, padH)
   self.weight = torch.Tensor(nOutputPlane, nInputPlane, kH, kW)
   self.bias = torch.Tensor(nOutputPlane, nInputPlane)
   self.gradWeight = torch.Tensor(nOutputPlane, nInputPlane, kH, kW)
   self.gradBias = torch.Tensor(nOutputPlane, nInputPlane)
   self:reset()
end

function M:noBias() return S.noBias(self) end

function M:reset(stdv)
   S.conv_reset(self, stdv, self.kW, self.kH, self.nInputPlane)
end

local function geometry(self, input)
   local batch = S.check_input(self, input, 2, self.nInputPlane)
   local d = input:dim()
   local iH, iW = input:size(d - 1), input:size(d)
   local oH = math.floor((iH + 2 * self.padH - self.kH) / self.dH) + 1
   local oW = math.floor((iW + 2 * self.padW - self.kW) / self.dW) + 1
   if oH < 1 or oW < 1 then
      S.fail(self, 'Given input size: (%dx%dx%d). Calculated output size: (%dx%dx%d). Output size is too small',
         self.nInputPlane, iH, iW, self.nInputPlane * self.nOutputPlane, oH, oW)
   end
   return batch, batch and input:size(1) or 1, oH, oW
end

S.kernel_methods(M, 'dw_conv', {
   geometry = geometry,
   outdims = function(self, oH, oW) return self.nInputPlane * self.nOutputPlane, oH, oW end,
   fargs = function(self) return self.dW, self.dH, self.padW, self.padH end,
   bargs = function(self) return self.dW, self.dH, self.padW, self.padH end,
   optbias = true,
})

function M:__tostring__()
   return S.conv_tostring(self) .. S.conv_close(self)
end
