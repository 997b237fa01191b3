-- nn.SpatialConvolution: 2-D convolution over (N x) nInputPlane x H x W inputs,
-- weight nOutputPlane x nInputPlane x kH x kW (im2col + one BLAS matmul, numpy).
local S = require 'nn._spatial'
local SpatialConvolution, parent = torch.class('nn.SpatialConvolution', 'nn.Module')

function SpatialConvolution:__init(nInputPlane, nOutputPlane, kW, kH, dW, dH, padW, padH)
   parent.__init(self)
   self.nInputPlane = nInputPlane
   self.nOutputPlane = nOutputPlane
   self.kW = kW
   self.kH = kH
   self.dW = dW or 1
   self.dH = dH or 1
   self.padW = padW or 0
   self.padH = padH or self.padW
   self.weight = torch.Tensor(nOutputPlane, nInputPlane, kH, kW)
   self.bias = torch.Tensor(nOutputPlane)
   self.gradWeight = torch.Tensor(nOutputPlane, nInputPlane, kH, kW)
   self.gradBias = torch.Tensor(nOutputPlane)
   self:reset()
end

function SpatialConvolution:noBias() return S.noBias(self) end

function SpatialConvolution:reset(stdv)
   if stdv then
      stdv = stdv * math.sqrt(3)
   else
      stdv = 1 / math.sqrt(self.kW * self.kH * self.nInputPlane)
   end
   self.weight:uniform(-stdv, stdv)
   if self.bias then self.bias:uniform(-stdv, stdv) end
end

SpatialConvolution.updateOutput = S.conv_updateOutput
SpatialConvolution.updateGradInput = S.conv_updateGradInput
SpatialConvolution.accGradParameters = S.conv_accGradParameters

function SpatialConvolution:type(type, tensorCache)
   return S.conv_type(self, parent, type, tensorCache)
end

function SpatialConvolution:__tostring__()
   return S.conv_tostring(self) .. ')'
end

function SpatialConvolution:clearState()
   if nn.utils and nn.utils.clear then nn.utils.clear(self, 'finput', 'fgradInput', '_input', '_gradOutput') end
   return parent.clearState(self)
end
