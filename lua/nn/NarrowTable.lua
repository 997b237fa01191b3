-- nn.NarrowTable(offset, length): the sub-table input[offset .. offset+length-1]
-- (a negative length counts from the end: -1 = up to the last entry)
local NarrowTable, parent = torch.class('nn.NarrowTable', 'nn.Module')

function NarrowTable:__init(offset, length)
   parent.__init(self)
   self.offset = offset
   self.length = length or 1
   if not offset then
      error('nn.NarrowTable(offset, length)', 2)
   end
   self.output = {}
   self.gradInput = {}
end

local function len(self, input)
   if type(input) ~= 'table' then
      error(string.format('nn.NarrowTable: input should be a table (got %s)', torch.type(input)), 3)
   end
   local length = self.length
   if length < 0 then
      length = #input - self.offset + length + 2
   end
   if self.offset < 1 or length < 0 or self.offset + length - 1 > #input then
      error(string.format('nn.NarrowTable: offset %d and length %d out of range for a table of %d entries',
         self.offset, self.length, #input), 3)
   end
   return length
end

function NarrowTable:updateOutput(input)
   local length = len(self, input)
   for k, v in ipairs(self.output) do self.output[k] = nil end
   for i = 1, length do
      self.output[i] = input[self.offset + i - 1]
   end
   return self.output
end

function NarrowTable:updateGradInput(input, gradOutput)
   local length = len(self, input)
   for i = 1, #gradOutput do
      self.gradInput[self.offset + i - 1] = gradOutput[i]
   end
   for i = 1, #input do
      if (i < self.offset) or (i >= self.offset + length) then
         self.gradInput[i] = nn.utils.recursiveResizeAs(self.gradInput[i], input[i])
         nn.utils.recursiveFill(self.gradInput[i], 0)
      end
   end
   for i = #input + 1, #self.gradInput do self.gradInput[i] = nil end
   return self.gradInput
end

function NarrowTable:type(type, tensorCache)
   self.output = {}
   self.gradInput = {}
   return parent.type(self, type, tensorCache)
end

return nn.NarrowTable
