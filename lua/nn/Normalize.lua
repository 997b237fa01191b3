-- nn.Normalize(p, eps): y = x / ||x||_p for a vector or each row of a batch
local Normalize, parent = torch.class('nn.Normalize', 'nn.Module')
local H = require 'nn._helpers'
local K, np = H.KL, H.np

function Normalize:__init(p, eps)
   parent.__init(self)
   assert(p, 'p-norm not provided')
   assert(p > 0, p .. '-norm not supported')
   self.p = p
   self.eps = eps or 1e-10
end

local function check(self, input)
   H.tensor(self, input)
   if input:dim() > 2 or input:dim() < 1 then
      H.err(self, 'only 1d layer supported (input is %s)', H.size(input))
   end
end

function Normalize:updateOutput(input)
   check(self, input)
   self.output:resizeAs(input)
   K.normalize_out(np(input), self.p, self.eps, np(self.output))
   return self.output
end

function Normalize:updateGradInput(input, gradOutput)
   check(self, input)
   self.gradInput:resizeAs(input)
   K.normalize_grad(np(input), self.p, self.eps, np(gradOutput), np(self.gradInput))
   return self.gradInput
end

function Normalize:__tostring__()
   local s
   -- different prints if the norm is integer
   if self.p % 1 == 0 then
      s = '%s(%d)'
   else
      s = '%s(%f)'
   end
   return string.format(s, torch.type(self), self.p)
end

return nn.Normalize
