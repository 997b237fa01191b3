-- nn.VolumetricConvolution: 3-D convolution over (N x) nInputPlane x T x H x W,
-- weight nOutputPlane x nInputPlane x kT x kH x kW.
local S = require 'nn._spatial'
local M, parent = torch.class('nn.VolumetricConvolution', 'nn.Module')

function M:__init(nInputPlane, nOutputPlane, kT, kW, kH, dT, dW, dH, padT, padW, padH)
   parent.__init(self)
   self.nInputPlane = nInputPlane
   self.nOutputPlane = nOutputPlane
   self.kT = kT
   self.kW = kW
   self.kH = kH
   self.dT = dT or 1
   self.dW = dW or 1
   self.dH = dH or 1
   self.padT = padT or 0
   self.padW = padW or self.padT
   self.padH = padH or self.padW
   self.weight = torch.Tensor(nOutputPlane, nInputPlane, kT, kH, kW)
   self.bias = torch.Tensor(nOutputPlane)
   self.gradWeight = torch.Tensor(nOutputPlane, nInputPlane, kT, kH, kW)
   self.gradBias = torch.Tensor(nOutputPlane)
   self:reset()
end

function M:reset(stdv)
   S.conv_reset(self, stdv, self.kT, self.kW, self.kH, self.nInputPlane)
end

function M:noBias() return S.noBias(self) end

M.updateOutput = S.vconv_updateOutput
M.updateGradInput = S.vconv_updateGradInput
M.accGradParameters = S.vconv_accGradParameters

function M:type(type, tensorCache)
   return S.conv_type(self, parent, type, tensorCache)
end

function M:__tostring__()
   return S.vconv_tostring(self) .. ')'
end
