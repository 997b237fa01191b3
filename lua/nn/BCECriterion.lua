-- nn.BCECriterion(weights, sizeAverage): binary cross-entropy on probabilities
local BCECriterion, parent = torch.class('nn.BCECriterion', 'nn.Criterion')
local H = require 'nn._helpers'
local K, np = H.KC, H.np

function BCECriterion:__init(weights, sizeAverage)
   parent.__init(self)
   if sizeAverage ~= nil then self.sizeAverage = sizeAverage else self.sizeAverage = true end
   if weights ~= nil then
      assert(torch.isTensor(weights) and weights:dim() == 1, "weights input should be 1-D Tensor")
      self.weights = weights
   end
end


local function weights_for(self, input, target)
   local w = self.weights
   if w == nil then return nil end
   if target:dim() ~= 1 then
      if w:nElement() ~= target:size(target:dim()) then
         H.err(self, 'weights (%d elements) do not match the last dimension of target (%s)', w:nElement(), H.size(target))
      end
      self._w = self._w or w.new()
      self._w:resize(target:nElement() / w:nElement(), w:nElement()):copy(
         w:view(1, w:nElement()):expand(target:nElement() / w:nElement(), w:nElement()))
      return np(self._w)
   end
   if w:nElement() ~= input:nElement() then
      H.err(self, 'weights (%d elements) and input (%s) size mismatch', w:nElement(), H.size(input))
   end
   return np(w)
end

function BCECriterion:updateOutput(input, target)
   H.same_nel(self, input, target)
   self.output = K.bce_out(np(input), np(target), weights_for(self, input, target), self.sizeAverage)
   return self.output
end

function BCECriterion:updateGradInput(input, target)
   H.same_nel(self, input, target)
   self.gradInput:resizeAs(input)
   K.bce_grad(np(input), np(target), weights_for(self, input, target), self.sizeAverage, np(self.gradInput))
   return self.gradInput
end

return nn.BCECriterion
