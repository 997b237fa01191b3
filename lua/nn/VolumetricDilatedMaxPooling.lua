-- nn.VolumetricDilatedMaxPooling: VolumetricMaxPooling with dilated windows.
local S = require 'nn._spatial'
local M, parent = torch.class('nn.VolumetricDilatedMaxPooling', 'nn.VolumetricMaxPooling')

function M:__init(kT, kW, kH, dT, dW, dH, padT, padW, padH, dilationT, dilationW, dilationH)
   parent.__init(self, kT, kW, kH, dT, dW, dH, padT, padW, padH)
   self.dilationT = dilationT or 1
   self.dilationW = dilationW or 1
   self.dilationH = dilationH or 1
end

function M:__tostring__()
   return S.vpool_tostring(self) .. ', ' .. self.dilationT .. ',' .. self.dilationW .. ','
      .. self.dilationH .. ')'
end
