-- nn.VolumetricMaxPooling(kT, kW, kH, dT, dW, dH, padT, padW, padH): 3-D max
-- pooling; `indices` (LongTensor) holds 1-based flat positions in each T x H x W volume.
local S = require 'nn._spatial'
local M, parent = torch.class('nn.VolumetricMaxPooling', 'nn.Module')

function M:__init(kT, kW, kH, dT, dW, dH, padT, padW, padH)
   parent.__init(self)
   S.vpool_init(self, kT, kW, kH, dT, dW, dH, padT, padW, padH)
   self.indices = torch.LongTensor()
end

M.ceil = S.pool_ceil
M.floor = S.pool_floor

M.updateOutput = S.vmaxpool_updateOutput
M.updateGradInput = S.vmaxpool_updateGradInput

function M:__tostring__()
   return S.vpool_tostring(self) .. ')'
end

-- type() keeps indices a LongTensor, clearState() empties it, empty() = clearState()
S.indices_methods(M, parent, true)
