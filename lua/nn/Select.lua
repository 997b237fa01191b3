-- nn.Select(dim, index): input:select(dim, index) (negative dim/index count from the end)
local Select, parent = torch.class('nn.Select', 'nn.Module')

function Select:__init(dimension, index)
   parent.__init(self)
   self.dimension = dimension
   self.index = index
end

local function resolve(self, input)
   if not torch.isTensor(input) then
      error(string.format('nn.Select: input should be a Tensor (got %s)', torch.type(input)), 3)
   end
   local dim = self.dimension < 0 and input:dim() + self.dimension + 1 or self.dimension
   if dim < 1 or dim > input:dim() then
      error(string.format('nn.Select: dimension %d out of range of %dD input (%s)', self.dimension, input:dim(), torch._size_str(input)), 3)
   end
   local index = self.index < 0 and input:size(dim) + self.index + 1 or self.index
   if index < 1 or index > input:size(dim) then
      error(string.format('nn.Select: index %d out of range for dimension %d of input (%s)', self.index, dim, torch._size_str(input)), 3)
   end
   return dim, index
end

function Select:updateOutput(input)
   local dim, index = resolve(self, input)
   local output = input:select(dim, index)
   self.output:resizeAs(output)
   return self.output:copy(output)
end

function Select:updateGradInput(input, gradOutput)
   local dim, index = resolve(self, input)
   self.gradInput:resizeAs(input)
   self.gradInput:zero()
   self.gradInput:select(dim, index):copy(gradOutput)
   return self.gradInput
end

return nn.Select
