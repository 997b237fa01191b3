-- nn.Contiguous: the input itself when contiguous, else a contiguous copy
local Contiguous, parent = torch.class('nn.Contiguous', 'nn.Module')

function Contiguous:updateOutput(input)
   if not torch.isTensor(input) then
      error(string.format('nn.Contiguous: input should be a Tensor (got %s)', torch.type(input)), 2)
   end
   if not input:isContiguous() then
      if self.output:storage() == input:storage() then self.output = self.output:clone() end
      self.output:resizeAs(input):copy(input)
   else
      self.output:set(input)
   end
   return self.output
end

function Contiguous:updateGradInput(input, gradOutput)
   if not gradOutput:isContiguous() then
      self.gradInput:resizeAs(gradOutput):copy(gradOutput)
   else
      self.gradInput:set(gradOutput)
   end
   return self.gradInput
end

return nn.Contiguous
