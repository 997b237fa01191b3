-- nn.OneHot(outputSize): 1-based class indices -> one-hot rows (a new last dimension)
local OneHot, parent = torch.class('nn.OneHot', 'nn.Module')

function OneHot:__init(outputSize)
   parent.__init(self)
   self.outputSize = outputSize
end

function OneHot:updateOutput(input)
   local size
   if type(input) == 'number' then
      self._single = self._single or torch.LongTensor():resize(1)
      self._single[1] = input
      input = self._single
      size = {}
   elseif torch.isTensor(input) then
      size = input:size():totable()
   else
      error(string.format('nn.OneHot: input should be a number or a Tensor (got %s)', torch.type(input)), 2)
   end
   if input:nElement() > 0 and (input:min() < 1 or input:max() > self.outputSize or
                                input:clone():double():floor():ne(input:clone():double()):sum() > 0) then
      error(string.format('nn.OneHot: indices should be integers from 1 to %d', self.outputSize), 2)
   end
   table.insert(size, self.outputSize)
   self.output:resize(unpack(size)):zero()
   size[#size] = 1
   self._input = self._input or torch.LongTensor()
   self._input:resize(input:size()):copy(input)
   local input_ = self._input:view(unpack(size))
   self.output:scatter(self.output:dim(), input_, 1)
   return self.output
end

function OneHot:updateGradInput(input, gradOutput)
   if type(input) == 'number' then
      return 0
   else
      self.gradInput:resize(input:size()):zero()
      return self.gradInput
   end
end

function OneHot:clearState()
   self._single = nil
   self._input = nil
   return parent.clearState(self)
end

function OneHot:type(type, typecache)
   self:clearState()
   return parent.type(self, type, typecache)
end

return nn.OneHot
