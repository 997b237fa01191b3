-- nn.VolumetricMaxPooling(kT, kW, kH, dT, dW, dH, padT, padW, padH): 3-D max
-- pooling; `indices` (LongTensor) holds 1-based flat positions in each T x H x W volume.
local S = require 'nn._spatial'
local M, parent = torch.class('nn.VolumetricMaxPooling', 'nn.Module')

function M:__init(kT, kW, kH, dT, dW, dH, padT, padW, padH)
   parent.__init(self)
   self.kT, self.kW, self.kH = kT, kW, kH
   self.dT, self.dW, self.dH = dT or kT, dW or kW, dH or kH
   self.padT, self.padW, self.padH = padT or 0, padW or 0, padH or 0
   self.ceil_mode = false
   self.indices = torch.LongTensor()
end

function M:ceil()
   self.ceil_mode = true
   return self
end

function M:floor()
   self.ceil_mode = false
   return self
end

M.updateOutput = S.vmaxpool_updateOutput
M.updateGradInput = S.vmaxpool_updateGradInput

function M:empty()
   self:clearState()
end

function M:type(type, tensorCache)
   parent.type(self, type, tensorCache)
   if self.indices and self.indices:type() ~= 'torch.LongTensor' then self.indices = torch.LongTensor() end
   return self
end

function M:clearState()
   if self.indices then self.indices:set() end
   return parent.clearState(self)
end

function M:__tostring__()
   return S.vpool_tostring(self) .. ')'
end
