-- nn.SpatialDivisiveNormalization(nInputPlane, kernel, threshold, thresval):
-- divides every plane by the local standard deviation over all planes
-- (border-corrected; values <= threshold replaced by thresval).
local S = require 'nn._spatial'
local M, parent = torch.class('nn.SpatialDivisiveNormalization', 'nn.Module')

function M:__init(nInputPlane, kernel, threshold, thresval)
   parent.__init(self)
   S.norm_init(self, nInputPlane, kernel, 'SpatialDivisiveNormalization', true)
   self.threshold = threshold or 1e-4
   self.thresval = thresval or threshold or 1e-4
   -- torch7's fields (see S.norm_estimator): unused here, kept for saved files
   self.meanestimator = S.norm_estimator(self)
   self.stdestimator = S.norm_estimator(self, true)
   S.norm_set_estimator(self, self.meanestimator)
   S.norm_set_estimator(self, self.stdestimator)
   self.normalizer = nn.CDivTable()
   self.divider = nn.CDivTable()
   self.thresholder = nn.Threshold(self.threshold, self.thresval)
   self.coef = torch.Tensor(1, 1, 1)
end

function M:updateOutput(input)
   local batch = S.norm_check(self, input)
   self.output:resizeAs(input)
   S.K.divnorm_forward(S.np(input), S.norm_kernel2d(self, input), S.np(self.output), batch,
      self.threshold, self.thresval)
   return self.output
end

function M:updateGradInput(input, gradOutput)
   local batch = S.norm_check(self, input)
   S.check_gradOutput(self, gradOutput, self.output)
   self.gradInput:resizeAs(input)
   S.K.divnorm_backward(S.np(input), S.norm_kernel2d(self, input), S.np(gradOutput),
      S.np(self.gradInput), batch, self.threshold, self.thresval)
   return self.gradInput
end
