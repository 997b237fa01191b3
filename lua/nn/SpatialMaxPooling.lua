-- nn.SpatialMaxPooling: max over kW x kH windows with stride dW, dH and padding;
-- `indices` (LongTensor) keeps each maximum's 1-based flat position in its plane.
local S = require 'nn._spatial'
local SpatialMaxPooling, parent = torch.class('nn.SpatialMaxPooling', 'nn.Module')

function SpatialMaxPooling:__init(kW, kH, dW, dH, padW, padH)
   parent.__init(self)
   self.kW = kW
   self.kH = kH
   self.dW = dW or kW
   self.dH = dH or kH
   self.padW = padW or 0
   self.padH = padH or 0
   self.ceil_mode = false
   self.indices = torch.LongTensor()
end

SpatialMaxPooling.ceil = S.pool_ceil
SpatialMaxPooling.floor = S.pool_floor

SpatialMaxPooling.updateOutput = S.maxpool2d_updateOutput
SpatialMaxPooling.updateGradInput = S.maxpool2d_updateGradInput

function SpatialMaxPooling:__tostring__()
   return S.pool2d_tostring(self) .. ')'
end

-- type() keeps indices a LongTensor, clearState() empties it, empty() = clearState()
S.indices_methods(SpatialMaxPooling, parent, true)
