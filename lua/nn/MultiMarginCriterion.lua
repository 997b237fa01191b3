-- nn.MultiMarginCriterion(p, weights, margin): multi-class hinge loss (1-based targets)
local MultiMarginCriterion, parent = torch.class('nn.MultiMarginCriterion', 'nn.Criterion')
local H = require 'nn._helpers'
local K, np = H.KC, H.np

function MultiMarginCriterion:__init(p, weights, margin)
   assert(p == nil or p == 1 or p == 2, 'only p=1 and p=2 supported')
   self.p = p or 1
   self.margin = margin or 1.0
   parent.__init(self)
   self.sizeAverage = true
   if weights then
      assert(torch.isTensor(weights) and weights:dim() == 1, "weights input should be 1-D Tensor")
      self.weights = weights
   end
end

local function check(self, input, target)
   H.tensor(self, input)
   if type(target) == 'number' then
      self._target = self._target or torch.LongTensor(1)
      self._target[1] = target
      target = self._target
   elseif not torch.isTensor(target) then
      H.err(self, 'target should be a number or a Tensor (got %s)', torch.type(target))
   end
   local nd = input:dim()
   if nd ~= 1 and nd ~= 2 then H.err(self, 'vector or matrix expected (input is %s)', H.size(input)) end
   local nbatch = nd == 1 and 1 or input:size(1)
   if target:nElement() ~= nbatch then
      H.err(self, 'inconsistent target size: input is %s, target is %s', H.size(input), H.size(target))
   end
   local dim = input:size(nd)
   if self.weights and self.weights:nElement() ~= dim then
      H.err(self, 'weights has %d elements but input has %d classes', self.weights:nElement(), dim)
   end
   local bad = K.classnll_check(np(target), dim, -math.huge)
   if bad then H.err(self, 'target %d is out of range: classes are 1 to %d', bad, dim) end
   return target
end

function MultiMarginCriterion:updateOutput(input, target)
   target = check(self, input, target)
   self.output = K.multimargin_out(np(input), np(target), self.p, self.weights and np(self.weights) or nil,
                                   self.margin, self.sizeAverage)
   return self.output
end

function MultiMarginCriterion:updateGradInput(input, target)
   target = check(self, input, target)
   self.gradInput:resizeAs(input)
   K.multimargin_grad(np(input), np(target), self.p, self.weights and np(self.weights) or nil,
                      self.margin, self.sizeAverage, np(self.gradInput))
   return self.gradInput
end

return nn.MultiMarginCriterion
