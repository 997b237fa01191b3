-- nn.CMul(size...): y = x .* w with a learnable w of the given size (expanded over a batch)
local CMul, parent = torch.class('nn.CMul', 'nn.Module')
-- size arguments, reset, and the expand/reduce plumbing shared with nn.CAdd
local P = require 'nn._cparam'

function CMul:__init(...)
   parent.__init(self)
   self.size = P.size(...)
   self.weight = torch.Tensor(self.size)
   self.gradWeight = torch.Tensor(self.size)
   self.output:resize(self.size)
   self:reset()
end

function CMul:reset(stdv)
   P.reset(self.weight, stdv)
end

function CMul:updateOutput(input)
   if not torch.isTensor(input) then error('nn.CMul: input should be a Tensor', 2) end
   self.output:resizeAs(input):copy(input)
   local o, p = P.align(self.output, self.weight, 'nn.CMul', 'weight')
   o:cmul(p)
   return self.output
end

function CMul:updateGradInput(input, gradOutput)
   if not self.gradInput then return end
   self.gradInput:resizeAs(input):copy(gradOutput)
   local g, w = P.align(self.gradInput, self.weight, 'nn.CMul', 'weight')
   g:cmul(w)
   return self.gradInput
end

function CMul:accGradParameters(input, gradOutput, scale)
   scale = scale or 1
   local x, _, mode = P.align(input, self.weight, 'nn.CMul', 'weight')
   local g = P.align(gradOutput:contiguous():view(input:size()), self.weight, 'nn.CMul', 'weight')
   local prod = torch.cmul(x, g)
   self.gradWeight:add(scale, P.reduce_to(prod, self.weight, mode):viewAs(self.gradWeight))
end

return nn.CMul
