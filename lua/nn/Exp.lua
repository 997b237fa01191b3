-- nn.Exp: y = exp(x)
local Exp, parent = torch.class('nn.Exp', 'nn.Module')

function Exp:updateOutput(input)
   return self.output:resizeAs(input):copy(input):exp()
end

function Exp:updateGradInput(input, gradOutput)
   return self.gradInput:resizeAs(self.output):copy(self.output):cmul(gradOutput)
end

return nn.Exp
