-- Shared body of nn.SpatialConvolution and nn.SpatialConvolutionMM (not a class): 2-D
-- convolution via im2col + one BLAS matmul (nn._spatial's conv_* methods).
-- define(cls, parent, mm) adds the methods to cls, a torch.class of parent; mm selects the
-- weight layout: false keeps nOutputPlane x nInputPlane x kH x kW, true the matrix
-- nOutputPlane x (nInputPlane*kH*kW) that the im2col matmul uses.
local S = require 'nn._spatial'

-- the sizes of weight and gradWeight in either layout
local function weight_size(mm, nInputPlane, nOutputPlane, kW, kH)
   if mm then return nOutputPlane, nInputPlane * kH * kW end
   return nOutputPlane, nInputPlane, kH, kW
end

return function(cls, parent, mm)
   function cls:__init(nInputPlane, nOutputPlane, kW, kH, dW, dH, padW, padH)
      parent.__init(self)
      S.conv2d_init(self, nInputPlane, nOutputPlane, kW, kH, dW, dH, padW, padH)
      self.weight = torch.Tensor(weight_size(mm, nInputPlane, nOutputPlane, kW, kH))
      self.bias = torch.Tensor(nOutputPlane)
      self.gradWeight = torch.Tensor(weight_size(mm, nInputPlane, nOutputPlane, kW, kH))
      self.gradBias = torch.Tensor(nOutputPlane)
      self:reset()
   end

   function cls:noBias() return S.noBias(self) end

   function cls:reset(stdv)
      S.conv_reset(self, stdv, self.kW, self.kH, self.nInputPlane)
   end

   cls.updateOutput = S.conv_updateOutput
   cls.updateGradInput = S.conv_updateGradInput
   cls.accGradParameters = S.conv_accGradParameters

   function cls:type(type, tensorCache)
      return S.conv_type(self, parent, type, tensorCache)
   end

   function cls:__tostring__()
      return S.conv_tostring(self) .. S.conv_close(self)
   end

   function cls:clearState()
      if nn.utils and nn.utils.clear then nn.utils.clear(self, 'finput', 'fgradInput', '_input', '_gradOutput') end
      return parent.clearState(self)
   end
end
