-- nn.CReLU(nInputDims[, inplace]): concatenated ReLU, [ReLU(x), ReLU(-x)] along the
-- feature dimension, which doubles (torch7 builds it as a Sequential; the result is
-- computed directly here)
local CReLU, parent = torch.class('nn.CReLU', 'nn.Sequential')

function CReLU:__init(nInputDims, inplace)
   parent.__init(self)
   self.nInputDims = nInputDims
   self.inplace = inplace or false
end

local function flat(self, input)
   if not torch.isTensor(input) then
      error(string.format('%s: expected a tensor input, got %s', tostring(self), torch.type(input)), 3)
   end
   local batched = input:dim() == (self.nInputDims or input:dim()) + 1
   local b = batched and input:size(1) or 1
   return batched, b, input:nElement() / math.max(b, 1)
end

function CReLU:updateOutput(input)
   local batched, b, f = flat(self, input)
   local x = input:contiguous():view(b, f)
   self.output = torch.isTensor(self.output) and self.output or input.new()
   self.output:resize(b, 2 * f)
   self.output:narrow(2, 1, f):copy(x):cmax(0)
   self.output:narrow(2, f + 1, f):copy(x):mul(-1):cmax(0)
   local osize = input:size()
   if not batched then osize[1] = osize[1] * 2 else osize[2] = osize[2] * 2 end
   self.output:resize(osize)
   return self.output
end

function CReLU:updateGradInput(input, gradOutput)
   local batched, b, f = flat(self, input)
   local x = input:contiguous():view(b, f)
   local g = gradOutput:contiguous():view(b, 2 * f)
   self.gradInput = torch.isTensor(self.gradInput) and self.gradInput or input.new()
   self.gradInput:resize(b, f)
   local pos = torch.gt(x, 0):typeAs(x)
   local neg = torch.lt(x, 0):typeAs(x)
   self.gradInput:copy(g:narrow(2, 1, f)):cmul(pos)
   self.gradInput:add(-1, g:narrow(2, f + 1, f):clone():cmul(neg))
   self.gradInput:resizeAs(input)
   return self.gradInput
end

function CReLU:backward(input, gradOutput)
   return self:updateGradInput(input, gradOutput)
end

function CReLU:accGradParameters() end
function CReLU:parameters() return end

function CReLU:__tostring__()
   return 'CReLU()'
end

return CReLU
