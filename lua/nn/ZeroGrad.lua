-- nn.ZeroGrad: identity forward, zero gradient
local ZeroGrad, parent = torch.class('nn.ZeroGrad', 'nn.Module')

function ZeroGrad:updateOutput(input)
   self.output:set(input)
   return self.output
end

-- the gradient is simply zeroed; useful when you don't want to backpropagate through a branch
function ZeroGrad:updateGradInput(input, gradOutput)
   self.gradInput:resizeAs(input):zero()
   return self.gradInput
end

return nn.ZeroGrad
