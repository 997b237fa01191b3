-- nn.SpatialReflectionPadding(pad_l, pad_r, pad_t, pad_b): pads the last two dims of a
-- (N x) C x H x W input ('reflect' padding).
local S = require 'nn._spatial'
local M, parent = torch.class('nn.SpatialReflectionPadding', 'nn.Module')

function M:__init(pad_l, pad_r, pad_t, pad_b)
   parent.__init(self)
   S.pad_init(self, pad_l, pad_r, pad_t, pad_b)
end

function M:updateOutput(input)
   return S.pad_updateOutput(self, input, 'reflect')
end

function M:updateGradInput(input, gradOutput)
   return S.pad_updateGradInput(self, input, gradOutput, 'reflect')
end

function M:__tostring__()
   return S.pad_tostring(self)
end
