-- nn.VolumetricDilatedConvolution: VolumetricConvolution with kernel taps
-- dilationT / dilationH / dilationW apart.
local S = require 'nn._spatial'
local M, parent = torch.class('nn.VolumetricDilatedConvolution', 'nn.VolumetricConvolution')

function M:__init(nInputPlane, nOutputPlane, kT, kW, kH, dT, dW, dH, padT, padW, padH,
                  dilationT, dilationW, dilationH)
   parent.__init(self, nInputPlane, nOutputPlane, kT, kW, kH, dT, dW, dH, padT, padW, padH)
   self.dilationT = dilationT or 1
   self.dilationW = dilationW or 1
   self.dilationH = dilationH or 1
end

function M:__tostring__()
   return S.vconv_tostring(self) .. ', ' .. self.dilationT .. ',' .. self.dilationW .. ','
      .. self.dilationH .. S.conv_close(self)
end
