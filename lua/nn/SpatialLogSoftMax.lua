-- nn.SpatialLogSoftMax: LogSoftMax across the planes at every pixel of (N x) C x H x W.
local S = require 'nn._spatial'
local M, parent = torch.class('nn.SpatialLogSoftMax', 'nn.Module')

function M:updateOutput(input)
   return S.softmax_updateOutput(self, input, true)
end

function M:updateGradInput(input, gradOutput)
   return S.softmax_updateGradInput(self, input, gradOutput, true)
end
