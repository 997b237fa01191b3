-- nn.PReLU([nOutputPlane]): y = x (x > 0), w x otherwise, with one learnt slope per
-- plane (or a single shared slope when nOutputPlane is 0 / absent); slopes start at 0.25
local P = require 'nn._pointwise'
local PReLU, parent = torch.class('nn.PReLU', 'nn.Module')

function PReLU:__init(nOutputPlane)
   parent.__init(self)
   self.nOutputPlane = nOutputPlane or 0
   self.weight = torch.Tensor(nOutputPlane or 1):fill(0.25)
   self.gradWeight = torch.Tensor(nOutputPlane or 1)
end

-- 0-based numpy axis of the planes (-1: shared slope), as THNN picks it
local function axis(self, input)
   local n = self.nOutputPlane
   if n == 0 then return -1 end
   local d = input:dim()
   local ax = (d == 1 or d == 3) and 0 or ((d == 2 or d == 4) and 1 or nil)
   if not ax then
      error(string.format('%s: expected 1D, 2D, 3D or 4D input with %d planes, got %dD', tostring(self), n, d), 4)
   end
   if input:size(ax + 1) ~= n then
      error(string.format('%s: wrong number of input planes: expected %d, got %d (input size %s)',
         tostring(self), n, input:size(ax + 1), torch._size_str and torch._size_str(input) or ''), 4)
   end
   return ax
end

function PReLU:updateOutput(input)
   P.check(self, input)
   local ax = axis(self, input)
   self.output:resizeAs(input)
   P.kernels().prelu_forward(torch._C.np(input), torch._C.np(self.weight), torch._C.np(self.output), ax)
   return self.output
end

function PReLU:updateGradInput(input, gradOutput)
   P.check(self, input, gradOutput)
   local ax = axis(self, input)
   self.gradInput:resizeAs(input)
   local g = gradOutput:isSameSizeAs(input) and gradOutput or gradOutput:contiguous():view(input:size())
   P.kernels().prelu_backward(torch._C.np(input), torch._C.np(self.weight), torch._C.np(g),
      torch._C.np(self.gradInput), ax)
   return self.gradInput
end

function PReLU:accGradParameters(input, gradOutput, scale)
   local ax = axis(self, input)
   local g = gradOutput:isSameSizeAs(input) and gradOutput or gradOutput:contiguous():view(input:size())
   P.kernels().prelu_accgrad(torch._C.np(input), torch._C.np(g), torch._C.np(self.gradWeight), ax, scale or 1)
   return self.gradWeight
end

function PReLU:clearState()
   nn.utils.clear(self, 'gradWeightBuf', 'gradWeightBuf2')
   return parent.clearState(self)
end

return PReLU
