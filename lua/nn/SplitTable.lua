-- nn.SplitTable(dim, nInputDims): a table of the slices of the input along dim
local SplitTable, parent = torch.class('nn.SplitTable', 'nn.Module')

function SplitTable:__init(dimension, nInputDims)
   parent.__init(self)
   self.dimension = dimension
   self.nInputDims = nInputDims
end

function SplitTable:_getPositiveDimension(input)
   if not torch.isTensor(input) then
      error(string.format('nn.SplitTable: input should be a Tensor (got %s)', torch.type(input)), 3)
   end
   local dimension = self.dimension
   if dimension < 0 then
      dimension = input:dim() + dimension + 1
   elseif self.nInputDims and input:dim() == (self.nInputDims + 1) then
      dimension = dimension + 1
   end
   if dimension < 1 or dimension > input:dim() then
      error(string.format('nn.SplitTable: dimension %d out of range of %dD input (%s)', dimension, input:dim(),
         torch._size_str(input)), 3)
   end
   return dimension
end

function SplitTable:updateOutput(input)
   local dimension = self:_getPositiveDimension(input)
   local slices = input:size(dimension)
   local currentOutput = {}
   for i = 1, slices do
      currentOutput[#currentOutput + 1] = input:select(dimension, i)
   end
   self.output = currentOutput
   return self.output
end

function SplitTable:updateGradInput(input, gradOutput)
   local dimension = self:_getPositiveDimension(input)
   local slices = input:size(dimension)
   if self.gradInput then
      self.gradInput:resizeAs(input)
      for i = 1, slices do
         local currentGradInput = gradOutput[i]
         self.gradInput:select(dimension, i):copy(currentGradInput)
      end
   end
   return self.gradInput
end

return nn.SplitTable
