-- nn.Sqrt(eps): y = sqrt(x + eps)
local Sqrt, parent = torch.class('nn.Sqrt', 'nn.Module')

function Sqrt:__init(b)
   parent.__init(self)
   self.eps = b or 0
end

function Sqrt:updateOutput(input)
   if not torch.isTensor(input) then
      error(string.format('nn.Sqrt: input should be a Tensor (got %s)', torch.type(input)), 2)
   end
   self.eps = self.eps or 0
   self.output:resizeAs(input):copy(input):add(self.eps):sqrt()
   return self.output
end

function Sqrt:updateGradInput(input, gradOutput)
   -- 0.5 * gradOutput / output, and 0 where output is 0
   self.gradInput:resizeAs(input):copy(gradOutput):mul(0.5):cdiv(self.output)
   self.gradInput[torch.eq(self.output, 0)] = 0
   return self.gradInput
end

return nn.Sqrt
