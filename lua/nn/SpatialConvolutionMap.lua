-- nn.SpatialConvolutionMap(connTable, kW, kH, dW, dH): 2-D convolution where row
-- k = {i, o} of the connection table (see nn.tables) adds input plane i
-- correlated with weight[k] to output plane o.
local S = require 'nn._spatial'
local M, parent = torch.class('nn.SpatialConvolutionMap', 'nn.Module')

function M:__init(conMatrix, kW, kH, dW, dH)
   parent.__init(self)
   self.kW = kW
   self.kH = kH
   self.dW = dW or 1
   self.dH = dH or 1
   self.connTable = conMatrix
   self.nInputPlane = self.connTable:select(2, 1):max()
   self.nOutputPlane = self.connTable:select(2, 2):max()
   self.weight = torch.Tensor(self.connTable:size(1), kH, kW)
   self.bias = torch.Tensor(self.nOutputPlane)
   self.gradWeight = torch.Tensor(self.connTable:size(1), kH, kW)
   self.gradBias = torch.Tensor(self.nOutputPlane)
   self:reset()
end

-- valid correlation: floor((iH - kH) / dH) + 1 (and W alike)
local function outsize(self, iH, iW)
   local oH = math.floor((iH - self.kH) / self.dH) + 1
   local oW = math.floor((iW - self.kW) / self.dW) + 1
   if oH < 1 or oW < 1 then
      S.fail(self, 'Given input size: (%dx%dx%d). Calculated output size: (%dx%dx%d). Output size is too small',
         self.nInputPlane, iH, iW, self.nOutputPlane, oH, oW)
   end
   return oH, oW
end

-- reset and the nn methods, shared with nn.SpatialFullConvolutionMap
require('nn._convmap')(M, outsize, 'convmap')
