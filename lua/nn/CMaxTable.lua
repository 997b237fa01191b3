-- nn.CMaxTable: elementwise maximum of the tensors of the input table (ties go to the first)
local CMaxTable, parent = torch.class('nn.CMaxTable', 'nn.Module')
local T = require 'nn._table'

function CMaxTable:__init()
   parent.__init(self)
   self.gradInput = {}
   self.maxIdx = torch.Tensor()
   self.mask = torch.ByteTensor()
end

function CMaxTable:updateOutput(input)
   T.check_same(self, input)
   self.output:resizeAs(input[1]):copy(input[1])
   self.maxIdx = self.maxIdx:typeAs(input[1])
   self.maxIdx:resizeAs(input[1]):fill(1)
   for i = 2, #input do
      local x = input[i]:contiguous():viewAs(self.output)
      self.mask = torch.gt(x, self.output)
      self.maxIdx:maskedFill(self.mask, i)
      self.output:maskedCopy(self.mask, x:maskedSelect(self.mask))
   end
   return self.output
end

function CMaxTable:updateGradInput(input, gradOutput)
   for i = 1, #input do
      self.gradInput[i] = self.gradInput[i] or input[i].new()
      self.gradInput[i]:resizeAs(input[i]):fill(0.0)
      local mask = torch.eq(self.maxIdx, i)
      local g = self.gradInput[i]:viewAs(self.maxIdx)
      g:maskedCopy(mask, gradOutput:contiguous():viewAs(self.maxIdx):maskedSelect(mask))
   end
   for i = #input + 1, #self.gradInput do
      self.gradInput[i] = nil
   end
   return self.gradInput
end

return nn.CMaxTable
