-- nn.Square: y = x^2
local Square, parent = torch.class('nn.Square', 'nn.Module')

function Square:__init(args)
   parent.__init(self)
end

function Square:updateOutput(input)
   if not torch.isTensor(input) then
      error(string.format('nn.Square: input should be a Tensor (got %s)', torch.type(input)), 2)
   end
   self.output:resizeAs(input):copy(input):cmul(input)
   return self.output
end

function Square:updateGradInput(input, gradOutput)
   self.gradInput:resizeAs(input):copy(input):mul(2):cmul(gradOutput)
   return self.gradInput
end

return nn.Square
