-- nn.Power(p): y = x^p
local Power, parent = torch.class('nn.Power', 'nn.Module')

function Power:__init(p)
   parent.__init(self)
   self.pow = p
   if not p then
      error('nn.Power(power)', 2)
   end
end

function Power:updateOutput(input)
   if not torch.isTensor(input) then
      error(string.format('nn.Power: input should be a Tensor (got %s)', torch.type(input)), 2)
   end
   self.output:resizeAs(input):copy(input)
   self.output:pow(self.pow)
   return self.output
end

function Power:updateGradInput(input, gradOutput)
   self.gradInput:resizeAs(input):copy(input)
   self.gradInput:pow(self.pow - 1)
   self.gradInput:cmul(gradOutput):mul(self.pow)
   return self.gradInput
end

return nn.Power
