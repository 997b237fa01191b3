-- nn.SpatialSubSampling: per plane, bias[c] + weight[c] * (sum over each kW x kH window).
local S = require 'nn._spatial'
local M, parent = torch.class('nn.SpatialSubSampling', 'nn.Module')

function M:__init(nInputPlane, kW, kH, dW, dH)
   parent.__init(self)
   self.nInputPlane = nInputPlane
   self.kW = kW
   self.kH = kH
   self.dW = dW or 1
   self.dH = dH or 1
   self.weight = torch.Tensor(nInputPlane)
   self.bias = torch.Tensor(nInputPlane)
   self.gradWeight = torch.Tensor(nInputPlane)
   self.gradBias = torch.Tensor(nInputPlane)
   self:reset()
end

function M:reset(stdv)
   S.conv_reset_wb(self, stdv, self.kW, self.kH)
end

local function geometry(self, input)
   local batch = S.check_input(self, input, 2, self.nInputPlane)
   local d = input:dim()
   local iH, iW = input:size(d - 1), input:size(d)
   if iW < self.kW or iH < self.kH then
      S.fail(self, 'input image smaller than kernel size (input %s, kernel %dx%d)', S.sz(input), self.kW, self.kH)
   end
   local oH = math.floor((iH - self.kH) / self.dH) + 1
   local oW = math.floor((iW - self.kW) / self.dW) + 1
   return batch, batch and input:size(1) or 1, oH, oW
end

S.kernel_methods(M, 'subsampling', {
   geometry = geometry,
   outdims = function(self, oH, oW) return self.nInputPlane, oH, oW end,
   fargs = function(self) return self.kW, self.kH, self.dW, self.dH end,
   bargs = function(self) return self.kW, self.kH, self.dW, self.dH end,
})
