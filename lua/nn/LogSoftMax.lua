-- nn.LogSoftMax: log of SoftMax, computed stably
local P = require 'nn._pointwise'
local LogSoftMax, _ = torch.class('nn.LogSoftMax', 'nn.Module')

function LogSoftMax:updateOutput(input)
   return P.softmax_forward(self, input, true, false)
end

function LogSoftMax:updateGradInput(input, gradOutput)
   return P.softmax_backward(self, input, gradOutput, true, false)
end

return LogSoftMax
