-- nn.SpatialZeroPadding(pad_l, pad_r, pad_t, pad_b): pads the last two dims of a
-- (N x) C x H x W input ('constant' padding; negative pads crop).
local S = require 'nn._spatial'
local M, parent = torch.class('nn.SpatialZeroPadding', 'nn.Module')

function M:__init(pad_l, pad_r, pad_t, pad_b)
   parent.__init(self)
   S.pad_init(self, pad_l, pad_r, pad_t, pad_b)
end

function M:updateOutput(input)
   return S.pad_updateOutput(self, input, 'constant')
end

function M:updateGradInput(input, gradOutput)
   return S.pad_updateGradInput(self, input, gradOutput, 'constant')
end

function M:__tostring__()
   return S.pad_tostring(self)
end
