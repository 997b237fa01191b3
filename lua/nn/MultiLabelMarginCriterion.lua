-- nn.MultiLabelMarginCriterion: multi-class multi-label hinge loss; target holds 1-based
-- class indices, padded with zeros (the first 0 ends the list)
local MultiLabelMarginCriterion, parent = torch.class('nn.MultiLabelMarginCriterion', 'nn.Criterion')
local H = require 'nn._helpers'
local K, np = H.KC, H.np

function MultiLabelMarginCriterion:__init()
   parent.__init(self)
   self.sizeAverage = true
   self.isTarget = torch.Tensor()
end

local function check(self, input, target)
   H.tensor(self, input)
   H.tensor(self, target, 'target')
   local nd = input:dim()
   if nd ~= 1 and nd ~= 2 then H.err(self, 'vector or matrix expected (input is %s)', H.size(input)) end
   if target:dim() ~= nd or target:nElement() ~= input:nElement() then
      H.err(self, 'inconsistent target size: input is %s, target is %s', H.size(input), H.size(target))
   end
   local dim = input:size(nd)
   local bad = K.multilabelmargin_check(np(target), dim)
   if bad then H.err(self, 'target %d is out of range: classes are 1 to %d (0 or a negative index ends the list)', bad, dim) end
end

function MultiLabelMarginCriterion:updateOutput(input, target)
   check(self, input, target)
   self.isTarget:resizeAs(input)
   self.output = K.multilabelmargin_out(np(input), np(target), self.sizeAverage, np(self.isTarget))
   return self.output
end

function MultiLabelMarginCriterion:updateGradInput(input, target)
   check(self, input, target)
   self.gradInput:resizeAs(input)
   K.multilabelmargin_grad(np(input), np(target), self.sizeAverage, np(self.gradInput))
   return self.gradInput
end

return nn.MultiLabelMarginCriterion
