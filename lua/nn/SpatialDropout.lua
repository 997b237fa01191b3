-- nn.SpatialDropout(p): zeroes whole feature maps with probability p while training
-- (no rescaling; evaluation multiplies by 1 - p, as torch7).
local S = require 'nn._spatial'
local M, parent = torch.class('nn.SpatialDropout', 'nn.Module')

function M:__init(p, stochasticInference)
   parent.__init(self)
   self.p = p or 0.5
   self.train = true
   self.stochastic_inference = stochasticInference or false
   self.noise = torch.Tensor()
end

function M:updateOutput(input)
   return S.dropout_updateOutput(self, input, 2)
end

function M:updateGradInput(input, gradOutput)
   return S.dropout_updateGradInput(self, input, gradOutput)
end

function M:setp(p)
   self.p = p
end

function M:__tostring__()
   return string.format('%s(%f)', torch.type(self), self.p)
end

function M:clearState()
   if self.noise then self.noise:set() end
   return parent.clearState(self)
end
