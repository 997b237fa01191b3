-- nn.GatedLinearUnit([dim]): splits the input in two halves a, b along dim (default:
-- the last) and returns a * sigmoid(b)
local P = require 'nn._pointwise'
local GLU, parent = torch.class('nn.GatedLinearUnit', 'nn.Module')

function GLU:__init(dim)
   parent.__init(self)
   self.dim = dim
end

local function geometry(self, input)
   local dim = self.dim or input:dim()
   if dim < 1 or dim > input:dim() then
      error(string.format('%s: dimension %d out of range for a %dD input', tostring(self), dim, input:dim()), 4)
   end
   local n = input:size(dim)
   if n % 2 ~= 0 then
      error(string.format('%s: halving dimension %d needs to be even, got size %d', tostring(self), dim, n), 4)
   end
   return dim, n / 2
end

function GLU:updateOutput(input)
   P.check(self, input)
   local dim, h = geometry(self, input)
   local sz = input:size()
   sz[dim] = h
   self.output:resize(sz)
   P.kernels().glu_forward(torch._C.np(input), torch._C.np(self.output), dim - 1)
   return self.output
end

function GLU:updateGradInput(input, gradOutput)
   P.check(self, input)
   local dim = geometry(self, input)
   if not torch.isTensor(gradOutput) or gradOutput:nElement() ~= self.output:nElement() then
      error(string.format('%s: gradOutput should have the size of the output', tostring(self)), 2)
   end
   local g = gradOutput:isSameSizeAs(self.output) and gradOutput or gradOutput:contiguous():view(self.output:size())
   self.gradInput:resizeAs(input)
   P.kernels().glu_backward(torch._C.np(input), torch._C.np(g), torch._C.np(self.gradInput), dim - 1)
   return self.gradInput
end

return GLU
