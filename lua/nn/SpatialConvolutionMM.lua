-- nn.SpatialConvolutionMM: SpatialConvolution with the weight stored as the matrix
-- nOutputPlane x (nInputPlane*kH*kW) that the im2col matmul uses.
local S = require 'nn._spatial'
local SpatialConvolutionMM, parent = torch.class('nn.SpatialConvolutionMM', 'nn.Module')

function SpatialConvolutionMM:__init(nInputPlane, nOutputPlane, kW, kH, dW, dH, padW, padH)
   parent.__init(self)
   self.nInputPlane = nInputPlane
   self.nOutputPlane = nOutputPlane
   self.kW = kW
   self.kH = kH
   self.dW = dW or 1
   self.dH = dH or 1
   self.padW = padW or 0
   self.padH = padH or self.padW
   self.weight = torch.Tensor(nOutputPlane, nInputPlane * kH * kW)
   self.bias = torch.Tensor(nOutputPlane)
   self.gradWeight = torch.Tensor(nOutputPlane, nInputPlane * kH * kW)
   self.gradBias = torch.Tensor(nOutputPlane)
   self:reset()
end

function SpatialConvolutionMM:noBias() return S.noBias(self) end

function SpatialConvolutionMM:reset(stdv)
   if stdv then
      stdv = stdv * math.sqrt(3)
   else
      stdv = 1 / math.sqrt(self.kW * self.kH * self.nInputPlane)
   end
   self.weight:uniform(-stdv, stdv)
   if self.bias then self.bias:uniform(-stdv, stdv) end
end

SpatialConvolutionMM.updateOutput = S.conv_updateOutput
SpatialConvolutionMM.updateGradInput = S.conv_updateGradInput
SpatialConvolutionMM.accGradParameters = S.conv_accGradParameters

function SpatialConvolutionMM:type(type, tensorCache)
   return S.conv_type(self, parent, type, tensorCache)
end

function SpatialConvolutionMM:__tostring__()
   return S.conv_tostring(self) .. ')'
end

function SpatialConvolutionMM:clearState()
   if nn.utils and nn.utils.clear then nn.utils.clear(self, 'finput', 'fgradInput', '_input', '_gradOutput') end
   return parent.clearState(self)
end
