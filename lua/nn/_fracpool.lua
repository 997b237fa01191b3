-- Shared body of nn.SpatialFractionalMaxPooling and nn.VolumetricFractionalMaxPooling (not a
-- class): the methods that do not depend on the number of pooled dimensions.
-- define(cls, parent, batchdim) adds them to cls, a torch.class of parent; batchdim is the
-- input's number of dimensions when it holds a batch (4 for Spatial, 5 for Volumetric).
local S = require 'nn._spatial'

return function(cls, parent, batchdim)
   -- turn off (or back on) drawing new pooling regions on every updateOutput
   function cls:fixPoolingRegions(val)
      if val == nil then val = true end
      self.newRandomPool = val
      return self
   end

   function cls:updateGradInput(input, gradOutput)
      assert(self.randomSamples ~= nil, 'must call updateOutput/forward first')
      S.check_gradOutput(self, gradOutput, self.output)
      self.gradInput:resizeAs(input)
      S.K.max_pool_backward(S.np(gradOutput), S.np(self.indices), S.np(self.gradInput), input:dim() == batchdim, true)
      return self.gradInput
   end

   function cls:empty()
      self:clearState()
   end

   function cls:clearState()
      if self.indices then self.indices:set() end
      self.randomSamples = nil
      return parent.clearState(self)
   end
end
