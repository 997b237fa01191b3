-- nn.VolumetricFullConvolution: transposed 3-D convolution, weight
-- nInputPlane x nOutputPlane x kT x kH x kW; output (i - 1) * d - 2 * pad + k + adj.
local S = require 'nn._spatial'
local M, parent = torch.class('nn.VolumetricFullConvolution', 'nn.Module')

function M:__init(nInputPlane, nOutputPlane, kT, kW, kH, dT, dW, dH, padT, padW, padH, adjT, adjW, adjH)
   parent.__init(self)
   self.nInputPlane = nInputPlane
   self.nOutputPlane = nOutputPlane
   self.kT, self.kW, self.kH = kT, kW, kH
   self.dT, self.dW, self.dH = dT or 1, dW or 1, dH or 1
   self.padT, self.padW, self.padH = padT or 0, padW or 0, padH or 0
   self.adjT, self.adjW, self.adjH = adjT or 0, adjW or 0, adjH or 0
   if self.adjW > self.dW - 1 or self.adjH > self.dH - 1 or self.adjT > self.dT - 1 then
      error('adjT, adjW and adjH must be smaller than self.dT - 1, self.dW - 1 and self.dH - 1 respectively')
   end
   self.weight = torch.Tensor(nInputPlane, nOutputPlane, kT, kH, kW)
   self.gradWeight = torch.Tensor(nInputPlane, nOutputPlane, kT, kH, kW)
   self.bias = torch.Tensor(nOutputPlane)
   self.gradBias = torch.Tensor(nOutputPlane)
   self.ones = torch.Tensor()
   self:reset()
end

function M:noBias() return S.noBias(self) end

function M:reset(stdv)
   S.conv_reset(self, stdv, self.kT, self.kW, self.kH, self.nInputPlane)
end

local function geometry(self, input)
   local batch = S.check_input(self, input, 3, self.nInputPlane)
   local d = input:dim()
   local iT, iH, iW = input:size(d - 2), input:size(d - 1), input:size(d)
   local oT = (iT - 1) * self.dT - 2 * self.padT + self.kT + self.adjT
   local oH = (iH - 1) * self.dH - 2 * self.padH + self.kH + self.adjH
   local oW = (iW - 1) * self.dW - 2 * self.padW + self.kW + self.adjW
   if oT < 1 or oH < 1 or oW < 1 then
      S.fail(self, 'Given input size: (%dx%dx%dx%d). Calculated output size: (%dx%dx%dx%d). Output size is too small',
         self.nInputPlane, iT, iH, iW, self.nOutputPlane, oT, oH, oW)
   end
   return batch, batch and input:size(1) or 1, oT, oH, oW
end

S.kernel_methods(M, 'vfull', {
   geometry = geometry,
   outdims = function(self, oT, oH, oW) return self.nOutputPlane, oT, oH, oW end,
   fargs = function(self)
      return self.dT, self.dW, self.dH, self.padT, self.padW, self.padH, self.adjT, self.adjW, self.adjH
   end,
   bargs = function(self) return self.dT, self.dW, self.dH, self.padT, self.padW, self.padH end,
   optbias = true,
})

function M:__tostring__()
   local s = S.vconv_tostring(self)
   if (self.adjT or self.adjW or self.adjH) and (self.adjT ~= 0 or self.adjW ~= 0 or self.adjH ~= 0) then
      s = s .. ', ' .. self.adjT .. ',' .. self.adjW .. ',' .. self.adjH
   end
   return s .. ')'
end
