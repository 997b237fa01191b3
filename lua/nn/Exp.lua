-- nn.Exp: y = exp(x)
local Exp, parent = torch.class('nn.Exp', 'nn.Module')

function Exp:updateOutput(input)
   if not torch.isTensor(input) then
      error(string.format('nn.Exp: input should be a Tensor (got %s)', torch.type(input)), 2)
   end
   return self.output:resizeAs(input):copy(input):exp()
end

function Exp:updateGradInput(input, gradOutput)
   return self.gradInput:resizeAs(self.output):copy(self.output):cmul(gradOutput)
end

return nn.Exp
