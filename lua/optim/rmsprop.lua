-- optim.rmsprop: steps scaled by a leaky mean of squared gradients.
function optim.rmsprop(opfunc, x, config, state)
   local config = config or {}
   local state = state or config
   local lr = config.learningRate or 1e-2
   local alpha = config.alpha or 0.99
   local epsilon = config.epsilon or 1e-8
   local wd = config.weightDecay or 0
   local mfill = config.initialMean or 0

   local fx, dfdx = opfunc(x)
   optim._check_grad('rmsprop', dfdx)

   if wd ~= 0 then
      dfdx:add(wd, x)
   end

   if not state.m then
      state.m = torch.Tensor():typeAs(x):resizeAs(dfdx):fill(mfill)
      state.tmp = torch.Tensor():typeAs(x):resizeAs(dfdx)
   end

   state.m:mul(alpha)
   state.m:addcmul(1.0 - alpha, dfdx, dfdx)

   state.tmp:sqrt(state.m):add(epsilon)
   x:addcdiv(-lr, dfdx, state.tmp)

   return x, {fx}
end
