-- nn.Sum(dimension, nInputDims, sizeAverage, squeeze): sum (or mean) over one dimension
local Sum, parent = torch.class('nn.Sum', 'nn.Module')
local Dim = require 'nn._dim'

function Sum:__init(dimension, nInputDims, sizeAverage, squeeze)
   parent.__init(self)
   self.dimension = dimension or 1
   -- do not assign default value to nInputDims or it will break backward compatibility
   self.nInputDims = nInputDims
   self.sizeAverage = sizeAverage or false
   if squeeze ~= nil then
      assert(type(squeeze) == 'boolean', 'squeeze has to be true/false')
      self.squeeze = squeeze
   else
      self.squeeze = true
   end
end

function Sum:_getPositiveDimension(input)
   if not torch.isTensor(input) then
      error(string.format('%s: input should be a Tensor (got %s)', torch.typename(self), torch.type(input)), 3)
   end
   local dimension = Dim.resolve(self.dimension, self.nInputDims, input:dim())
   if input:dim() < dimension or dimension < 1 then
      error(string.format('%s: dimension exceeds input dimensions (dimension %d, input is %s)',
         torch.typename(self), dimension, torch._size_str(input)), 3)
   end
   return dimension
end

function Sum:updateOutput(input)
   local dimension = self:_getPositiveDimension(input)
   if type(self.output) == 'number' then
      self.output = input.new()
   end
   torch.sum(self.output, input, dimension)
   if self.sizeAverage then
      self.output:div(input:size(dimension))
   end
   if (self.squeeze == nil or self.squeeze) and self.output:nDimension() > 1 then
      self.output:set(self.output:select(dimension, 1))
   end
   return self.output
end

function Sum:updateGradInput(input, gradOutput)
   local dimension = self:_getPositiveDimension(input)
   -- zero-strides don't work with MKL/BLAS, so don't set self.gradInput to zero-stride tensor
   local size = input:size()
   size[dimension] = 1
   if not gradOutput:isContiguous() then
      self._gradOutput = self._gradOutput or gradOutput.new()
      self._gradOutput:resizeAs(gradOutput):copy(gradOutput)
      gradOutput = self._gradOutput
   end
   gradOutput = gradOutput:view(size)
   self.gradInput:resizeAs(input)
   self.gradInput:copy(gradOutput:expandAs(input))
   if self.sizeAverage then
      self.gradInput:div(input:size(dimension))
   end
   return self.gradInput
end

function Sum:clearState()
   nn.utils.clear(self, '_gradOutput')
   return parent.clearState(self)
end

return nn.Sum
