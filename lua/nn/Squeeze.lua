-- nn.Squeeze(dim, numInputDims): remove singleton dimensions (all, or the given one)
local Squeeze, parent = torch.class('nn.Squeeze', 'nn.Module')

function Squeeze:__init(dim, numInputDims)
   parent.__init(self)
   self.dim = dim
   self:setNumInputDims(numInputDims)
end

function Squeeze:setNumInputDims(numInputDims)
   self.numInputDims = numInputDims
   return self
end

function Squeeze:updateOutput(input)
   if not torch.isTensor(input) then
      error('nn.Squeeze: Squeeze only works on tensors', 2)
   end
   local dim = self.dim
   local addone = false
   if self.numInputDims and input:dim() == (self.numInputDims + 1) then
      if dim then
         dim = dim + 1
      elseif input:size(1) == 1 then
         addone = true -- in case of minibatch of size 1.
      end
   end
   if dim and (dim < 1 or dim > input:dim()) then
      error(string.format('nn.Squeeze: dimension %d out of range of %dD input (%s)', dim, input:dim(), torch._size_str(input)), 2)
   end
   self.output:set(dim and input:squeeze(dim) or input:squeeze())
   if addone then
      local s = self.output:size():totable()
      table.insert(s, 1, 1)
      self.output:set(self.output:view(torch.LongStorage(s)))
   end
   return self.output
end

function Squeeze:updateGradInput(input, gradOutput)
   assert(input:nElement() == gradOutput:nElement())
   self.gradInput:set(gradOutput:contiguous():view(input:size()))
   return self.gradInput
end

return nn.Squeeze
