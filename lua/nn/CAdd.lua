-- nn.CAdd(size...): y = x + b with a learnable b of the given size (expanded over a batch)
local CAdd, parent = torch.class('nn.CAdd', 'nn.Module')
-- size arguments, reset, and the expand/reduce plumbing shared with nn.CMul
local P = require 'nn._cparam'

function CAdd:__init(...)
   parent.__init(self)
   self.size = P.size(...)
   self.bias = torch.Tensor(self.size)
   self.gradBias = torch.Tensor(self.size)
   self.output:resize(self.size)
   self:reset()
end

function CAdd:reset(stdv)
   P.reset(self.bias, stdv)
end

function CAdd:updateOutput(input)
   if not torch.isTensor(input) then error('nn.CAdd: input should be a Tensor', 2) end
   self.output:resizeAs(input):copy(input)
   local o, p = P.align(self.output, self.bias, 'nn.CAdd', 'bias')
   o:add(p)
   return self.output
end

function CAdd:updateGradInput(input, gradOutput)
   if not self.gradInput then return end
   self.gradInput:resizeAs(input):copy(gradOutput)
   return self.gradInput
end

function CAdd:accGradParameters(input, gradOutput, scale)
   scale = scale or 1
   local g, _, mode = P.align(gradOutput:contiguous():view(input:size()), self.bias, 'nn.CAdd', 'bias')
   self.gradBias:add(scale, P.reduce_to(g:clone(), self.bias, mode):viewAs(self.gradBias))
end

return nn.CAdd
