-- nn.SpatialDilatedConvolution: SpatialConvolution whose kernel taps are
-- dilationW / dilationH pixels apart.
local S = require 'nn._spatial'
local SpatialDilatedConvolution, parent = torch.class('nn.SpatialDilatedConvolution', 'nn.SpatialConvolution')

function SpatialDilatedConvolution:__init(nInputPlane, nOutputPlane, kW, kH, dW, dH, padW, padH,
                                          dilationW, dilationH)
   parent.__init(self, nInputPlane, nOutputPlane, kW, kH, dW, dH, padW, padH)
   self.dilationW = dilationW or 1
   self.dilationH = dilationH or 1
end

function SpatialDilatedConvolution:__tostring__()
   return S.conv_tostring(self) .. ', ' .. self.dilationW .. ',' .. self.dilationH .. S.conv_close(self)
end
