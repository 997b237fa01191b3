-- nn.FlattenTable: a nested table of tensors -> a flat table (depth-first order)
local FlattenTable, parent = torch.class('nn.FlattenTable', 'nn.Module')

function FlattenTable:__init()
   parent.__init(self)
   self.output = {}
   self.input_map = {}
   self.gradInput = {}
end

-- input_map has the input's structure and holds, at each leaf, the index in output
local function flatten(output, input)
   local input_map
   if type(input) == 'table' then
      input_map = {}
      for i = 1, #input do
         input_map[#input_map + 1] = flatten(output, input[i])
      end
   else
      output[#output + 1] = input
      input_map = #output
   end
   return input_map
end

local function checkMapping(output, input, input_map)
   if input_map == nil or output == nil or input == nil then
      return false
   end
   if type(input) == 'table' then
      if type(input_map) ~= 'table' then return false end
      if #input ~= #input_map then return false end
      for i = 1, #input do
         if not checkMapping(output, input[i], input_map[i]) then return false end
      end
      return true
   else
      if type(input_map) ~= 'number' or output[input_map] ~= input then return false end
      return true
   end
end

local function inverseFlatten(gradOutput, input_map)
   if type(input_map) == 'table' then
      local gradInput = {}
      for i = 1, #input_map do
         gradInput[#gradInput + 1] = inverseFlatten(gradOutput, input_map[i])
      end
      return gradInput
   else
      return gradOutput[input_map]
   end
end

function FlattenTable:updateOutput(input)
   if type(input) ~= 'table' then
      error(string.format('nn.FlattenTable: input must be a table (got %s)', torch.type(input)), 2)
   end
   -- rebuild the flat table only when the input structure changed
   if not checkMapping(self.output, input, self.input_map) then
      self.output = {}
      self.input_map = flatten(self.output, input)
   end
   return self.output
end

function FlattenTable:updateGradInput(input, gradOutput)
   if type(input) ~= 'table' then error('nn.FlattenTable: input must be a table', 2) end
   if type(gradOutput) ~= 'table' then error('nn.FlattenTable: gradOutput must be a table', 2) end
   if not checkMapping(gradOutput, self.gradInput, self.input_map) then
      self.gradInput = inverseFlatten(gradOutput, self.input_map)
   end
   return self.gradInput
end

function FlattenTable:type(type, tensorCache)
   -- only references are stored: nothing to convert, just empty the tables
   self:clearState()
   return self
end

function FlattenTable:clearState()
   self.input_map = {}
   self.output = {}
   self.gradInput = {}
   return self
end

return nn.FlattenTable
