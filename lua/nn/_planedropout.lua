-- Shared body of nn.SpatialDropout and nn.VolumetricDropout (not a class): zero whole feature
-- maps with probability p while training (no rescaling; evaluation multiplies by 1 - p, as
-- torch7). define(cls, parent, sdim) adds the methods to cls, a torch.class of parent; sdim is the
-- number of spatial dimensions of a feature map (2: h x w, 3: t x h x w).
local S = require 'nn._spatial'

return function(cls, parent, sdim)
   function cls:__init(p, stochasticInference)
      parent.__init(self)
      self.p = p or 0.5
      self.train = true
      self.stochastic_inference = stochasticInference or false
      self.noise = torch.Tensor()
   end

   function cls:updateOutput(input)
      return S.dropout_updateOutput(self, input, sdim)
   end

   function cls:updateGradInput(input, gradOutput)
      return S.dropout_updateGradInput(self, input, gradOutput)
   end

   function cls:setp(p)
      self.p = p
   end

   function cls:__tostring__()
      return string.format('%s(%f)', torch.type(self), self.p)
   end

   function cls:clearState()
      if self.noise then self.noise:set() end
      return parent.clearState(self)
   end
end
