-- nn's (dimension, nInputDims) convention (not a class), shared by nn.Sum/Mean, nn.Max/Min,
-- nn.SplitTable and nn.JoinTable: a negative dimension counts from the last one; with nInputDims
-- set, an input of nInputDims + 1 dimensions is a batch and the dimension moves one to the right.
local Dim = {}

-- the 1-based dimension of an input of nd dimensions (not range-checked)
function Dim.resolve(dimension, nInputDims, nd)
   if dimension < 0 then
      dimension = nd + dimension + 1
   elseif nInputDims and nd == (nInputDims + 1) then
      dimension = dimension + 1
   end
   return dimension
end

-- a _getPositiveDimension(self, input) method for a module that takes one Tensor: resolves
-- self.dimension / self.nInputDims, checks the input and the range; errors start with name
-- ('nn.Max') and point at the caller of the module method that calls it.
function Dim.method(name)
   return function(self, input)
      if not torch.isTensor(input) then
         error(string.format('%s: input should be a Tensor (got %s)', name, torch.type(input)), 3)
      end
      local dimension = Dim.resolve(self.dimension, self.nInputDims, input:dim())
      if input:dim() < dimension or dimension < 1 then
         error(string.format('%s: dimension %d out of range of %dD input (%s)', name, dimension, input:dim(),
            torch._size_str(input)), 3)
      end
      return dimension
   end
end

return Dim
