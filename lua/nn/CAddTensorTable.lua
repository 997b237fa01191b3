-- nn.CAddTensorTable: {t, {x1, x2, ...}} -> {t + x1, t + x2, ...}
local CAddTensorTable, parent = torch.class('nn.CAddTensorTable', 'nn.Module')

function CAddTensorTable:__init()
   parent.__init(self)
   self.gradInput = {}
end

function CAddTensorTable:updateOutput(input)
   if type(input) ~= 'table' or not torch.isTensor(input[1]) or type(input[2]) ~= 'table' then
      error('nn.CAddTensorTable: input should be a table {tensor, {tensors...}}', 2)
   end
   local currentOutput = {}
   for i = 1, #input[2] do
      if input[2][i]:nElement() ~= input[1]:nElement() then
         error(string.format('nn.CAddTensorTable: input[2][%d] (%s) and input[1] (%s) should have the same number of elements',
            i, torch._size_str(input[2][i]), torch._size_str(input[1])), 2)
      end
      currentOutput[i] = currentOutput[i] or input[1].new()
      currentOutput[i]:resizeAs(input[1])
      currentOutput[i]:copy(input[2][i])
      currentOutput[i]:add(input[1])
   end
   for i = #input[2] + 1, #currentOutput do
      currentOutput[i] = nil
   end
   self.output = currentOutput
   return self.output
end

function CAddTensorTable:updateGradInput(input, gradOutput)
   self.gradInput[1] = self.gradInput[1] or input[1].new()
   self.gradInput[1]:resizeAs(input[1])
   self.gradInput[1]:copy(gradOutput[1])
   for i = 2, #input[2] do
      self.gradInput[1]:add(gradOutput[i])
   end
   self.gradInput[2] = self.gradInput[2] or {}
   for i = 1, #input[2] do
      self.gradInput[2][i] = self.gradInput[2][i] or input[1].new()
      self.gradInput[2][i]:resizeAs(input[1])
      self.gradInput[2][i]:copy(gradOutput[i])
   end
   for i = #input[2] + 1, #self.gradInput[2] do
      self.gradInput[2][i] = nil
   end
   return self.gradInput
end

return nn.CAddTensorTable
