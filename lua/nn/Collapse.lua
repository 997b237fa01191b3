-- nn.Collapse(nInputDim): flatten all non-batch dimensions (a batch when input:dim() > nInputDim)
local Collapse, parent = torch.class('nn.Collapse', 'nn.Module')

function Collapse:__init(nInputDim)
   parent.__init(self)
   self.nInputDim = nInputDim
end

function Collapse:updateOutput(input)
   if not torch.isTensor(input) then
      error(string.format('nn.Collapse: input should be a Tensor (got %s)', torch.type(input)), 2)
   end
   if not input:isContiguous() then
      self._input = self._input or input.new()
      self._input:resize(input:size()):copy(input)
      input = self._input
   end
   if input:dim() > self.nInputDim then
      self.output:view(input, input:size(1), -1)
   else
      self.output:view(input, -1)
   end
   return self.output
end

function Collapse:updateGradInput(input, gradOutput)
   self.gradInput = self.gradInput or gradOutput.new()
   self.gradInput:view(gradOutput:contiguous(), input:size())
   return self.gradInput
end

function Collapse:clearState()
   self._input = nil
end

return nn.Collapse
