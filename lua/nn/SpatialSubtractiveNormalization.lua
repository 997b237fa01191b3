-- nn.SpatialSubtractiveNormalization(nInputPlane, kernel): subtracts from every
-- plane the local mean over all planes (averaging kernel, 2-D or separable 1-D,
-- zero padded, border-corrected by the mean of a constant image).
local S = require 'nn._spatial'
local M, parent = torch.class('nn.SpatialSubtractiveNormalization', 'nn.Module')

function M:__init(nInputPlane, kernel)
   parent.__init(self)
   S.norm_init(self, nInputPlane, kernel, 'SpatialSubtractiveNormalization')
   -- torch7's fields (see S.norm_estimator): unused here, kept for saved files
   self.meanestimator = S.norm_estimator(self)
   S.norm_set_estimator(self, self.meanestimator)
   self.subtractor = nn.CSubTable()
   self.divider = nn.CDivTable()
   self.coef = torch.Tensor(1, 1, 1)
end

function M:updateOutput(input)
   local batch = S.norm_check(self, input)
   self.output:resizeAs(input)
   S.K.subnorm_forward(S.np(input), S.norm_kernel2d(self, input), S.np(self.output), batch)
   return self.output
end

function M:updateGradInput(input, gradOutput)
   local batch = S.norm_check(self, input)
   S.check_gradOutput(self, gradOutput, self.output)
   self.gradInput:resizeAs(input)
   S.K.subnorm_backward(S.np(input), S.norm_kernel2d(self, input), S.np(gradOutput),
      S.np(self.gradInput), batch)
   return self.gradInput
end
