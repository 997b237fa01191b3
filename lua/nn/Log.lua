-- nn.Log: y = log(x)
local Log, parent = torch.class('nn.Log', 'nn.Module')

function Log:updateOutput(input)
   if not torch.isTensor(input) then
      error(string.format('nn.Log: input should be a Tensor (got %s)', torch.type(input)), 2)
   end
   self.output:resizeAs(input)
   self.output:copy(input)
   self.output:log()
   return self.output
end

function Log:updateGradInput(input, gradOutput)
   self.gradInput:resizeAs(input)
   self.gradInput:fill(1)
   self.gradInput:cdiv(input)
   self.gradInput:cmul(gradOutput)
   return self.gradInput
end

return nn.Log
