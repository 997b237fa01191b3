-- nn.Unsqueeze(pos, numInputDims): insert a singleton dimension at pos (shifted by a batch dim)
local Unsqueeze, parent = torch.class('nn.Unsqueeze', 'nn.Module')

local function _assertTensor(t)
   if not torch.isTensor(t) then
      error(string.format('nn.Unsqueeze: This module only works on tensor (got %s)', torch.type(t)), 3)
   end
end

function Unsqueeze:__init(pos, numInputDims)
   parent.__init(self)
   self.pos = pos or error('the position to insert singleton dim not specified', 2)
   self:setNumInputDims(numInputDims)
end

function Unsqueeze:setNumInputDims(numInputDims)
   self.numInputDims = numInputDims
   return self
end

function Unsqueeze:updateOutput(input)
   _assertTensor(input)
   local actualPos = self:_getActualPosition(input)
   nn.utils.addSingletonDimension(self.output, input, actualPos)
   return self.output
end

function Unsqueeze:updateGradInput(input, gradOutput)
   _assertTensor(input)
   _assertTensor(gradOutput)
   assert(input:nElement() == gradOutput:nElement())
   self.gradInput:view(gradOutput:contiguous(), input:size())
   return self.gradInput
end

function Unsqueeze:__tostring__()
   return torch.type(self) .. '(dim ' .. self.pos .. ')'
end

function Unsqueeze:_getActualPosition(input)
   -- get valid dimension offset for batchMode (if any)
   local inputDim = input:dim() -- data batch dim
   self.numInputDims = self.numInputDims or inputDim -- feature map dim
   local offsetDim = inputDim - self.numInputDims
   if offsetDim < 0 then
      error('nn.Unsqueeze: input feature map dim (numInputDims) must be <= input:dim()', 3)
   end
   local actualPos = self.pos + offsetDim
   if not (actualPos >= 1 and actualPos <= (inputDim + 1)) then
      error(("nn.Unsqueeze: Invalid position: %d. input:dim() is %d, input feature map dim (numInputDims) is %d.")
         :format(self.pos, inputDim, self.numInputDims), 3)
   end
   return actualPos
end

return nn.Unsqueeze
