-- nn.MaskedSelect: input {t, mask (ByteTensor)} -> the 1-D tensor of t's elements where mask is 1
local MaskedSelect, parent = torch.class('nn.MaskedSelect', 'nn.Module')

function MaskedSelect:__init()
   parent.__init(self)
   self._maskIndices = torch.LongTensor()
   self._maskIndexBuffer = torch.LongTensor()
   self._maskIndexBufferCPU = torch.FloatTensor()
   self._gradBuffer = torch.Tensor()
   self._gradMask = torch.ByteTensor()
end

local function check(input)
   if type(input) ~= 'table' or not torch.isTensor(input[1]) or not torch.isTensor(input[2]) then
      error('nn.MaskedSelect: input should be a table {tensor, mask}', 3)
   end
   if input[1]:nElement() ~= input[2]:nElement() then
      error(string.format('nn.MaskedSelect: input (%s) and mask (%s) should have the same number of elements',
         torch._size_str(input[1]), torch._size_str(input[2])), 3)
   end
end

function MaskedSelect:updateOutput(input)
   check(input)
   local t, mask = input[1], input[2]
   self.output = t:maskedSelect(mask:byte())
   return self.output
end

function MaskedSelect:updateGradInput(input, gradOutput)
   local t, mask = input[1], input[2]
   self._gradBuffer = self._gradBuffer:typeAs(t)
   self._gradBuffer:resizeAs(t):zero()
   self._gradBuffer:maskedCopy(mask:byte(), gradOutput)
   self._gradMask:resizeAs(mask):zero()
   self.gradInput = {self._gradBuffer, self._gradMask}
   return self.gradInput
end

function MaskedSelect:type(type, tensorCache)
   if not type then
      return self._type
   end
   self._gradBuffer = self._gradBuffer:type(type)
   if torch.isTensor(self.gradInput) then self.gradInput = self.gradInput:type(type) end
   self.output = self.output:type(type)
   self._type = type
   return self
end

function MaskedSelect:clearState()
   return nn.utils.clear(self, {'output', 'gradInput', '_maskIndexBuffer', '_maskIndexBufferCPU',
                                '_maskIndices', '_gradBuffer', '_gradMask'})
end

return nn.MaskedSelect
