-- nn.JoinTable(dim, nInputDims): concatenate the tensors of the input table along dim
local JoinTable, parent = torch.class('nn.JoinTable', 'nn.Module')
local T = require 'nn._table'
local Dim = require 'nn._dim'

function JoinTable:__init(dimension, nInputDims)
   parent.__init(self)
   self.size = torch.LongStorage()
   self.dimension = dimension
   self.gradInput = {}
   self.nInputDims = nInputDims
end

function JoinTable:_getPositiveDimension(input)
   return Dim.resolve(self.dimension, self.nInputDims, input[1]:dim())
end

function JoinTable:updateOutput(input)
   T.check_tensors(self, input)
   local dimension = self:_getPositiveDimension(input)
   local first = input[1]
   if dimension < 1 or dimension > first:dim() then
      error(string.format('nn.JoinTable: dimension %d out of range of %dD input[1] (%s)', dimension, first:dim(),
         torch._size_str(first)), 2)
   end
   for i = 1, #input do
      local currentOutput = input[i]
      if i == 1 then
         self.size:resize(currentOutput:dim()):copy(currentOutput:size())
      else
         local ok = currentOutput:dim() == first:dim()
         for d = 1, first:dim() do
            if ok and d ~= dimension and currentOutput:size(d) ~= first:size(d) then ok = false end
         end
         if not ok then
            error(string.format('nn.JoinTable: input[%d] (%s) does not match input[1] (%s) outside dimension %d',
               i, torch._size_str(currentOutput), torch._size_str(first), dimension), 2)
         end
         self.size[dimension] = self.size[dimension] + currentOutput:size(dimension)
      end
   end
   self.output:resize(self.size)
   local offset = 1
   for i = 1, #input do
      local currentOutput = input[i]
      self.output:narrow(dimension, offset, currentOutput:size(dimension)):copy(currentOutput)
      offset = offset + currentOutput:size(dimension)
   end
   return self.output
end

function JoinTable:updateGradInput(input, gradOutput)
   local dimension = self:_getPositiveDimension(input)
   for i = 1, #input do
      if self.gradInput[i] == nil then
         self.gradInput[i] = input[i].new()
      end
      self.gradInput[i]:resizeAs(input[i])
   end
   -- clear out invalid gradInputs
   for i = #input + 1, #self.gradInput do
      self.gradInput[i] = nil
   end
   local offset = 1
   for i = 1, #input do
      local currentOutput = input[i]
      local currentGradInput = gradOutput:narrow(dimension, offset, currentOutput:size(dimension))
      self.gradInput[i]:copy(currentGradInput)
      offset = offset + currentOutput:size(dimension)
   end
   return self.gradInput
end

function JoinTable:type(type, tensorCache)
   self.gradInput = {}
   return parent.type(self, type, tensorCache)
end

return nn.JoinTable
