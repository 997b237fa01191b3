-- nn.Index(dim): input {t, indices} -> t:index(dim, indices)
local Index, parent = torch.class('nn.Index', 'nn.Module')

function Index:__init(dimension)
   parent.__init(self)
   self.dimension = dimension
   self.gradInput = {self.gradInput, self.gradInput.new()}
end

local function check(self, input)
   if type(input) ~= 'table' or not torch.isTensor(input[1]) or not torch.isTensor(input[2]) then
      error('nn.Index: input should be a table {tensor, LongTensor of indices}', 3)
   end
   local t, index = input[1], input[2]
   if self.dimension < 1 or self.dimension > t:dim() then
      error(string.format('nn.Index: dimension %d out of range of %dD input (%s)', self.dimension, t:dim(), torch._size_str(t)), 3)
   end
   if index:nElement() > 0 and (index:min() < 1 or index:max() > t:size(self.dimension)) then
      error(string.format('nn.Index: index out of range (indices must be 1 to %d)', t:size(self.dimension)), 3)
   end
end

function Index:updateOutput(input)
   check(self, input)
   local t, index = input[1], input[2]
   self.output:index(t, self.dimension, index:long())
   return self.output
end

function Index:updateGradInput(input, gradOutput)
   local t, index = input[1], input[2]
   local gradInput = self.gradInput[1]
   gradInput:resizeAs(t):zero()
   gradInput:indexAdd(self.dimension, index:long(), gradOutput)
   self.gradInput[2]:resize(index:size()):zero()
   return self.gradInput
end

function Index:clearState()
   self.gradInput[1]:set()
   self.gradInput[2]:set()
   self.output:set()
   return self
end

return nn.Index
