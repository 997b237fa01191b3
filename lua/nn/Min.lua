-- nn.Min(dimension, nInputDims): min over one dimension (which is removed)
local Min, parent = torch.class('nn.Min', 'nn.Module')

function Min:__init(dimension, nInputDims)
   parent.__init(self)
   self.dimension = dimension or 1
   -- do not assign default value to nInputDims or it will break backward compatibility
   self.nInputDims = nInputDims
end

function Min:_getPositiveDimension(input)
   if not torch.isTensor(input) then
      error(string.format('nn.Min: input should be a Tensor (got %s)', torch.type(input)), 3)
   end
   local dimension = self.dimension
   if dimension < 0 then
      dimension = input:dim() + dimension + 1
   elseif self.nInputDims and input:dim() == (self.nInputDims + 1) then
      dimension = dimension + 1
   end
   if input:dim() < dimension or dimension < 1 then
      error(string.format('nn.Min: dimension %d out of range of %dD input (%s)', dimension, input:dim(),
         torch._size_str(input)), 3)
   end
   return dimension
end

function Min:_lazyInit()
   self._output = self._output or self.output.new()
   if not self._indices then
      self._indices = torch.LongTensor()
   end
end

function Min:updateOutput(input)
   self:_lazyInit()
   local dimension = self:_getPositiveDimension(input)
   torch.min(self._output, self._indices, input, dimension)
   if input:dim() > 1 then
      self.output:set(self._output:select(dimension, 1))
   else
      self.output:set(self._output)
   end
   return self.output
end

function Min:updateGradInput(input, gradOutput)
   self:_lazyInit()
   local dimension = self:_getPositiveDimension(input)
   local gradOutputView
   if input:dim() > 1 then
      gradOutputView = nn.utils.addSingletonDimension(gradOutput, dimension)
   else
      gradOutputView = gradOutput
   end
   self.gradInput:resizeAs(input):zero():scatter(dimension, self._indices, gradOutputView)
   return self.gradInput
end

function Min:type(type, tensorCache)
   -- torch.min expects a LongTensor as indices
   local indices = self._indices
   self._indices = nil
   parent.type(self, type, tensorCache)
   self._indices = indices and torch.LongTensor() or nil
   return self
end

function Min:clearState()
   nn.utils.clear(self, '_indices', '_output')
   return parent.clearState(self)
end

return nn.Min
