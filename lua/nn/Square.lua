-- nn.Square: y = x^2
local Square, parent = torch.class('nn.Square', 'nn.Module')

function Square:__init(args)
   parent.__init(self)
end

function Square:updateOutput(input)
   self.output:resizeAs(input):copy(input):cmul(input)
   return self.output
end

function Square:updateGradInput(input, gradOutput)
   self.gradInput:resizeAs(input):copy(input):mul(2):cmul(gradOutput)
   return self.gradInput
end

return nn.Square
