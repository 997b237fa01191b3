-- nn.SpatialDilatedMaxPooling: SpatialMaxPooling whose windows sample every
-- dilationW-th column and dilationH-th row.
local S = require 'nn._spatial'
local SpatialDilatedMaxPooling, parent = torch.class('nn.SpatialDilatedMaxPooling', 'nn.SpatialMaxPooling')

function SpatialDilatedMaxPooling:__init(kW, kH, dW, dH, padW, padH, dilationW, dilationH)
   parent.__init(self, kW, kH, dW, dH, padW, padH)
   self.dilationW = dilationW or 1
   self.dilationH = dilationH or 1
end

function SpatialDilatedMaxPooling:__tostring__()
   return S.pool2d_tostring(self) .. ', ' .. self.dilationW .. ',' .. self.dilationH .. ')'
end
