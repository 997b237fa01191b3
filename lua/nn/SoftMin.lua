-- nn.SoftMin: SoftMax of -x
local P = require 'nn._pointwise'
local SoftMin, _ = torch.class('nn.SoftMin', 'nn.Module')

function SoftMin:updateOutput(input)
   return P.softmax_forward(self, input, false, true)
end

function SoftMin:updateGradInput(input, gradOutput)
   return P.softmax_backward(self, input, gradOutput, false, true)
end

return SoftMin
