-- nn.SpatialCrossMapLRN(size, alpha, beta, k): local response normalisation
-- across `size` neighbouring planes: x / (k + alpha/size * sum x^2)^beta.
local S = require 'nn._spatial'
local M, parent = torch.class('nn.SpatialCrossMapLRN', 'nn.Module')

function M:__init(size, alpha, beta, k)
   parent.__init(self)
   self.size = size
   self.alpha = alpha or 0.0001
   self.beta = beta or 0.75
   self.k = k or 1
end

function M:updateOutput(input)
   S.tensor(self, input)
   local d = input:dim()
   if d ~= 3 and d ~= 4 then
      S.fail(self, 'Input must be 3D or 4D, got %dD tensor of size %s', d, S.sz(input))
   end
   self.scale = S.buf(self, 'scale', input)
   self.scale:resizeAs(input)
   self.output:resizeAs(input)
   S.K.lrn_forward(S.np(input), S.np(self.output), S.np(self.scale), d == 4, self.size,
      self.alpha, self.beta, self.k)
   return self.output
end

function M:updateGradInput(input, gradOutput)
   S.check_gradOutput(self, gradOutput, self.output)
   self.gradInput:resizeAs(input)
   local np = S.np
   S.K.lrn_backward(np(input), np(gradOutput), np(self.output), np(self.scale), np(self.gradInput),
      input:dim() == 4, self.size, self.alpha, self.beta, self.k)
   return self.gradInput
end

function M:clearState()
   if self.scale then self.scale:set() end
   return parent.clearState(self)
end
