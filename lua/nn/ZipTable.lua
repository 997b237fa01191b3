-- nn.ZipTable: {{a1, a2}, {b1, b2}} -> {{a1, b1}, {a2, b2}}
local ZipTable, parent = torch.class('nn.ZipTable', 'nn.Module')

function ZipTable:__init()
   parent.__init(self)
   self.output = {}
   self.gradInput = {}
end

function ZipTable:updateOutput(inputTable)
   if type(inputTable) ~= 'table' then
      error(string.format('nn.ZipTable: input should be a table of tables (got %s)', torch.type(inputTable)), 2)
   end
   self.output = {}
   for i, inTable in ipairs(inputTable) do
      if type(inTable) ~= 'table' then
         error(string.format('nn.ZipTable: input[%d] should be a table (got %s)', i, torch.type(inTable)), 2)
      end
      for j, input in ipairs(inTable) do
         local output = self.output[j] or {}
         output[i] = input
         self.output[j] = output
      end
   end
   return self.output
end

function ZipTable:updateGradInput(inputTable, gradOutputTable)
   self.gradInput = {}
   for i, gradOutTable in ipairs(gradOutputTable) do
      for j, gradOutput in ipairs(gradOutTable) do
         local gradInput = self.gradInput[j] or {}
         gradInput[i] = gradOutput
         self.gradInput[j] = gradInput
      end
   end
   return self.gradInput
end

return nn.ZipTable
