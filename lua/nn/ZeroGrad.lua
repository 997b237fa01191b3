-- nn.ZeroGrad: identity forward, zero gradient
local ZeroGrad, parent = torch.class('nn.ZeroGrad', 'nn.Module')

function ZeroGrad:updateOutput(input)
   if not torch.isTensor(input) then
      error(string.format('nn.ZeroGrad: input should be a Tensor (got %s)', torch.type(input)), 2)
   end
   self.output:set(input)
   return self.output
end

-- the gradient is simply zeroed; useful when you don't want to backpropagate through a branch
function ZeroGrad:updateGradInput(input, gradOutput)
   self.gradInput:resizeAs(input):zero()
   return self.gradInput
end

return nn.ZeroGrad
