-- Shared body of nn.Max and nn.Min (not a class): reduce one dimension (which is removed) with
-- torch.max / torch.min, keeping the indices for the backward scatter.
-- define(cls, parent, op) adds the methods to cls, a torch.class of parent; op is 'max' or 'min'.
local Dim = require 'nn._dim'

return function(cls, parent, op)
   local name = 'nn.' .. op:sub(1, 1):upper() .. op:sub(2)

   function cls:__init(dimension, nInputDims)
      parent.__init(self)
      self.dimension = dimension or 1
      -- do not assign default value to nInputDims or it will break backward compatibility
      self.nInputDims = nInputDims
   end

   cls._getPositiveDimension = Dim.method(name)

   function cls:_lazyInit()
      self._output = self._output or self.output.new()
      if not self._indices then
         self._indices = torch.LongTensor()
      end
   end

   function cls:updateOutput(input)
      self:_lazyInit()
      local dimension = self:_getPositiveDimension(input)
      torch[op](self._output, self._indices, input, dimension)
      if input:dim() > 1 then
         self.output:set(self._output:select(dimension, 1))
      else
         self.output:set(self._output)
      end
      return self.output
   end

   function cls:updateGradInput(input, gradOutput)
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

   function cls:type(type, tensorCache)
      -- torch.max / torch.min expect a LongTensor as indices
      local indices = self._indices
      self._indices = nil
      parent.type(self, type, tensorCache)
      self._indices = indices and torch.LongTensor() or nil
      return self
   end

   function cls:clearState()
      nn.utils.clear(self, '_indices', '_output')
      return parent.clearState(self)
   end
end
