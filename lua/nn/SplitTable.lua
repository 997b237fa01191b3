-- nn.SplitTable(dim, nInputDims): a table of the slices of the input along dim
local SplitTable, parent = torch.class('nn.SplitTable', 'nn.Module')

function SplitTable:__init(dimension, nInputDims)
   parent.__init(self)
   self.dimension = dimension
   self.nInputDims = nInputDims
end

-- self.dimension resolved for the input (negative: from the end; nInputDims: batch), range-checked
SplitTable._getPositiveDimension = require('nn._dim').method('nn.SplitTable')

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
