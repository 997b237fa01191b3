-- nn.Narrow(dim, offset, length): input:narrow(dim, offset, length); negative dim/offset count
-- from the end, a negative length keeps up to that many elements from the end (-1 = to the end)
local Narrow, parent = torch.class('nn.Narrow', 'nn.Module')

function Narrow:__init(dimension, offset, length)
   parent.__init(self)
   self.dimension = dimension
   self.index = offset
   self.length = length or 1
   if not dimension or not offset then
      error('nn.Narrow(dimension, offset, length)', 2)
   end
end

local function resolve(self, input)
   if not torch.isTensor(input) then
      error(string.format('nn.Narrow: input should be a Tensor (got %s)', torch.type(input)), 3)
   end
   local dim = self.dimension < 0 and input:dim() + self.dimension + 1 or self.dimension
   if dim < 1 or dim > input:dim() then
      error(string.format('nn.Narrow: dimension %d out of range of %dD input (%s)', self.dimension, input:dim(), torch._size_str(input)), 3)
   end
   local n = input:size(dim)
   local index = self.index < 0 and n + self.index + 1 or self.index
   local length = self.length
   if length < 0 then length = n - index + length + 2 end
   if index < 1 or length < 1 or index + length - 1 > n then
      error(string.format('nn.Narrow: offset %d and length %d out of range for dimension %d of input (%s)',
         self.index, self.length, dim, torch._size_str(input)), 3)
   end
   return dim, index, length
end

function Narrow:updateOutput(input)
   local dim, index, length = resolve(self, input)
   local output = input:narrow(dim, index, length)
   self.output = self.output:typeAs(output)
   self.output:resizeAs(output):copy(output)
   return self.output
end

function Narrow:updateGradInput(input, gradOutput)
   local dim, index, length = resolve(self, input)
   self.gradInput = self.gradInput:typeAs(input)
   self.gradInput:resizeAs(input):zero()
   self.gradInput:narrow(dim, index, length):copy(gradOutput)
   return self.gradInput
end

return nn.Narrow
