-- nn.SpatialSoftMax: SoftMax across the planes at every pixel of (N x) C x H x W.
local S = require 'nn._spatial'
local M, parent = torch.class('nn.SpatialSoftMax', 'nn.Module')

function M:updateOutput(input)
   return S.softmax_updateOutput(self, input, false)
end

function M:updateGradInput(input, gradOutput)
   return S.softmax_updateGradInput(self, input, gradOutput, false)
end
