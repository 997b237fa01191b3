-- nn.WeightedMSECriterion(w): MSE against target .* w (w broadcast over a batch)
local WeightedMSECriterion, parent = torch.class('nn.WeightedMSECriterion', 'nn.MSECriterion')
local H = require 'nn._helpers'

function WeightedMSECriterion:__init(w)
   parent.__init(self)
   if not torch.isTensor(w) then error('nn.WeightedMSECriterion: expects a weight Tensor', 2) end
   self.weight = w:clone()
   self.buffer = torch.Tensor()
end

local function weighted(self, input, target)
   H.same_nel(self, input, target)
   self.buffer = self.buffer:typeAs(input)
   self.buffer:resizeAs(input):copy(target)
   if input:dim() - 1 == self.weight:dim() then
      for i = 1, input:size(1) do self.buffer[i]:cmul(self.weight) end
   else
      if self.buffer:nElement() ~= self.weight:nElement() then
         H.err(self, 'weight (%s) does not match input (%s)', H.size(self.weight), H.size(input))
      end
      self.buffer:cmul(self.weight)
   end
   return self.buffer
end

function WeightedMSECriterion:updateOutput(input, target)
   return parent.updateOutput(self, input, weighted(self, input, target))
end

function WeightedMSECriterion:updateGradInput(input, target)
   return parent.updateGradInput(self, input, weighted(self, input, target))
end

return nn.WeightedMSECriterion
