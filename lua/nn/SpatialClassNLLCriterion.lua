-- nn.SpatialClassNLLCriterion(weights, sizeAverage, ignoreIndex): ClassNLL at every
-- pixel: input N x C x H x W log-probabilities, target N x H x W classes (1-based).
local S = require 'nn._spatial'
local M, parent = torch.class('nn.SpatialClassNLLCriterion', 'nn.Criterion')

function M:__init(weights, sizeAverage, ignoreIndex)
   parent.__init(self)
   if sizeAverage ~= nil then self.sizeAverage = sizeAverage else self.sizeAverage = true end
   self.ignoreIndex = ignoreIndex or -100
   if weights then
      assert(weights:dim() == 1, 'weights input should be 1-D Tensor')
      self.weights = weights
   end
   self.output_tensor = torch.zeros(1)
   self.total_weight_tensor = torch.ones(1)
end

local function check(self, input, target)
   S.tensor(self, input)
   S.tensor(self, target, 'target')
   if target:dim() ~= 3 then
      S.fail(self, 'only batches of spatial targets supported (3D tensors) but got targets of dimension: %d', target:dim())
   end
   if input:dim() ~= 4 then
      S.fail(self, 'only batches of spatial inputs supported (4D tensors), got %s', S.sz(input))
   end
   if input:size(1) ~= target:size(1) or input:size(3) ~= target:size(2) or input:size(4) ~= target:size(3) then
      S.fail(self, 'input and target should be of same size: input %s, target %s', S.sz(input), S.sz(target))
   end
   if self.weights and self.weights:nElement() ~= input:size(2) then
      S.fail(self, 'weight tensor should be defined either for all or no classes (%d weights, %d classes)',
         self.weights:nElement(), input:size(2))
   end
end

function M:updateOutput(input, target)
   check(self, input, target)
   local loss, total = S.K.spatial_nll_forward(S.np(input), S.np(target),
      self.weights and S.np(self.weights) or nil, true, self.sizeAverage, self.ignoreIndex)
   if loss == nil then
      S.fail(self, 'target %d is out of range: classes are 1 to %d', total, input:size(2))
   end
   self.output_tensor[1] = loss
   self.total_weight_tensor[1] = total
   self.output = loss
   return self.output
end

function M:updateGradInput(input, target)
   check(self, input, target)
   self.gradInput:resizeAs(input)
   S.K.spatial_nll_backward(S.np(input), S.np(target), self.weights and S.np(self.weights) or nil,
      S.np(self.gradInput), true, self.sizeAverage, self.ignoreIndex, self.total_weight_tensor[1])
   return self.gradInput
end
