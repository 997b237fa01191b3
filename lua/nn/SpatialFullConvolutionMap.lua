-- nn.SpatialFullConvolutionMap(connTable, kW, kH, dW, dH): transposed convolution
-- where row k = {i, o} of the connection table spreads input plane i with weight[k]
-- into output plane o; output (iH - 1) * dH + kH (and W alike).
local S = require 'nn._spatial'
local M, parent = torch.class('nn.SpatialFullConvolutionMap', 'nn.Module')

function M:__init(conMatrix, kW, kH, dW, dH)
   parent.__init(self)
   self.kW, self.kH = kW, kH
   self.dW, self.dH = dW or 1, dH or 1
   self.connTable = conMatrix
   self.nInputPlane = self.connTable:select(2, 1):max()
   self.nOutputPlane = self.connTable:select(2, 2):max()
   self.weight = torch.Tensor(self.connTable:size(1), kH, kW)
   self.gradWeight = torch.Tensor(self.connTable:size(1), kH, kW)
   self.bias = torch.Tensor(self.nOutputPlane)
   self.gradBias = torch.Tensor(self.nOutputPlane)
   self:reset()
end

-- transposed: (iH - 1) * dH + kH (and W alike)
local function outsize(self, iH, iW)
   return (iH - 1) * self.dH + self.kH, (iW - 1) * self.dW + self.kW
end

-- reset and the nn methods, shared with nn.SpatialConvolutionMap
require('nn._convmap')(M, outsize, 'fullmap')
