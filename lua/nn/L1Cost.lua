-- nn.L1Cost: sum |x| (no target, no sizeAverage)
local L1Cost, parent = torch.class('nn.L1Cost', 'nn.Criterion')
local H = require 'nn._helpers'
local K, np = H.KC, H.np

function L1Cost:__init()
   parent.__init(self)
end

function L1Cost:updateOutput(input)
   H.tensor(self, input)
   self.output = K.l1cost_out(np(input))
   return self.output
end

function L1Cost:updateGradInput(input)
   H.tensor(self, input)
   self.gradInput:resizeAs(input)
   K.l1cost_grad(np(input), np(self.gradInput))
   return self.gradInput
end

return nn.L1Cost
