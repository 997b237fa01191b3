-- nn.Padding(dim, pad, nInputDim, value, index): add |pad| entries of `value` along dim,
-- after the data (pad > 0) or before it (pad < 0); index moves the insertion point
local Padding, parent = torch.class('nn.Padding', 'nn.Module')

function Padding:__init(dim, pad, nInputDim, value, index)
   self.value = value or 0
   self.index = index or 1
   self.dim = dim
   self.pad = pad
   self.nInputDim = nInputDim
   self.outputSize = torch.LongStorage()
   parent.__init(self)
end

local function geometry(self, input)
   if not torch.isTensor(input) then
      error(string.format('nn.Padding: input should be a Tensor (got %s)', torch.type(input)), 3)
   end
   local dim = self.dim
   if self.nInputDim and input:dim() ~= self.nInputDim then
      dim = dim + 1
   end
   if dim < 1 or dim > input:dim() then
      error(string.format('nn.Padding: dimension %d out of range of %dD input (%s)', dim, input:dim(), torch._size_str(input)), 3)
   end
   local index = self.index
   local pad = self.pad
   if pad > 0 then
      index = input:size(dim) - index + 2
   else
      pad = -pad
   end
   return dim, index, pad
end

function Padding:updateOutput(input)
   local dim, index, pad = geometry(self, input)
   self.outputSize:resize(input:dim())
   self.outputSize:copy(input:size())
   self.outputSize[dim] = self.outputSize[dim] + math.abs(self.pad)
   self.output:resize(self.outputSize)
   self.output:fill(self.value)
   local n = input:size(dim)
   if index == 1 then
      self.output:narrow(dim, 1 + pad, n):copy(input)
   elseif index == n + 1 then
      self.output:narrow(dim, 1, n):copy(input)
   else
      self.output:narrow(dim, 1, index - 1):copy(input:narrow(dim, 1, index - 1))
      self.output:narrow(dim, index + pad, n - (index - 1)):copy(input:narrow(dim, index, n - (index - 1)))
   end
   return self.output
end

function Padding:updateGradInput(input, gradOutput)
   local dim, index, pad = geometry(self, input)
   self.gradInput:resizeAs(input)
   local n = input:size(dim)
   if index == 1 then
      self.gradInput:copy(gradOutput:narrow(dim, 1 + pad, n))
   elseif index == n + 1 then
      self.gradInput:copy(gradOutput:narrow(dim, 1, n))
   else
      self.gradInput:narrow(dim, 1, index - 1):copy(gradOutput:narrow(dim, 1, index - 1))
      self.gradInput:narrow(dim, index, n - (index - 1)):copy(gradOutput:narrow(dim, index + pad, n - (index - 1)))
   end
   return self.gradInput
end

return nn.Padding
