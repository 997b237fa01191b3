-- nn.Transpose({d1, d2}, {d3, d4}, ...): apply the transpositions in order (a copy)
local Transpose, parent = torch.class('nn.Transpose', 'nn.Module')

function Transpose:__init(...)
   parent.__init(self)
   self.permutations = {...}
   self.numInputDims = nil
end

function Transpose:setNumInputDims(numInputDims)
   self.numInputDims = numInputDims
   return self
end

local function check(self, input, offset)
   for _, perm in ipairs(self.permutations) do
      local a, b = perm[1] + offset, perm[2] + offset
      if a < 1 or b < 1 or a > input:dim() or b > input:dim() then
         error(string.format('nn.Transpose: cannot transpose dimensions %d and %d of a %dD input (%s)',
            a, b, input:dim(), torch._size_str(input)), 3)
      end
   end
end

function Transpose:updateOutput(input)
   if not torch.isTensor(input) then
      error(string.format('nn.Transpose: input should be a Tensor (got %s)', torch.type(input)), 2)
   end
   local offset = self.numInputDims and input:nDimension() - self.numInputDims or 0
   check(self, input, offset)
   for _, perm in ipairs(self.permutations) do
      input = input:transpose(perm[1] + offset, perm[2] + offset)
   end
   self.output:resizeAs(input):copy(input)
   return self.output
end

function Transpose:updateGradInput(input, gradOutput)
   local offset = self.numInputDims and input:nDimension() - self.numInputDims or 0
   for i = #self.permutations, 1, -1 do
      local perm = self.permutations[i]
      gradOutput = gradOutput:transpose(perm[1] + offset, perm[2] + offset)
   end
   self.gradInput:resizeAs(gradOutput):copy(gradOutput)
   return self.gradInput
end

return nn.Transpose
