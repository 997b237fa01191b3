-- nn.ZipTableOneToMany: {v, {x1, x2, ...}} -> {{v, x1}, {v, x2}, ...}
local ZipTableOneToMany, parent = torch.class('nn.ZipTableOneToMany', 'nn.Module')

function ZipTableOneToMany:__init()
   parent.__init(self)
   self.output = {}
   self.gradInput = {}
   -- gradient wrt the shared element
   self.gradInputEl = torch.Tensor()
end

function ZipTableOneToMany:updateOutput(input)
   if type(input) ~= 'table' or #input ~= 2 or type(input[2]) ~= 'table' then
      error('nn.ZipTableOneToMany: input should be a table {element, {x1, x2, ...}}', 2)
   end
   local inputEl, inputTable = input[1], input[2]
   self.output = {}
   for i, v in ipairs(inputTable) do
      self.output[i] = {inputEl, v}
   end
   return self.output
end

function ZipTableOneToMany:updateGradInput(input, gradOutput)
   local inputEl, inputTable = input[1], input[2]
   self.gradInputEl = self.gradInputEl:typeAs(inputEl)
   self.gradInputEl:resizeAs(inputEl):zero()
   local gradInputTable = {}
   for i, gradV in ipairs(gradOutput) do
      self.gradInputEl:add(gradV[1])
      gradInputTable[i] = gradV[2]
   end
   self.gradInput = {self.gradInputEl, gradInputTable}
   return self.gradInput
end

return nn.ZipTableOneToMany
