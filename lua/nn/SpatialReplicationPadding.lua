-- nn.SpatialReplicationPadding(pad_l, pad_r, pad_t, pad_b): pads the last two dims of a
-- (N x) C x H x W input ('replicate' padding).
local S = require 'nn._spatial'
local M, parent = torch.class('nn.SpatialReplicationPadding', 'nn.Module')

function M:__init(pad_l, pad_r, pad_t, pad_b)
   parent.__init(self)
   S.pad_init(self, pad_l, pad_r, pad_t, pad_b)
end

function M:updateOutput(input)
   return S.pad_updateOutput(self, input, 'replicate')
end

function M:updateGradInput(input, gradOutput)
   return S.pad_updateGradInput(self, input, gradOutput, 'replicate')
end

function M:__tostring__()
   return S.pad_tostring(self)
end
