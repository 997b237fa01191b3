-- nn.SoftMax: SoftMax over the last dim of 1-D/2-D input (planes for 3-D/4-D)
local P = require 'nn._pointwise'
local SoftMax, _ = torch.class('nn.SoftMax', 'nn.Module')

function SoftMax:updateOutput(input)
   return P.softmax_forward(self, input, false, false)
end

function SoftMax:updateGradInput(input, gradOutput)
   return P.softmax_backward(self, input, gradOutput, false, false)
end

return SoftMax
