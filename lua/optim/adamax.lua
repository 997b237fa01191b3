-- optim.adamax: Adam with the infinity norm (Kingma & Ba, section 7).
function optim.adamax(opfunc, x, config, state)
   local config = config or {}
   local state = state or config
   local lr = config.learningRate or 0.002
   local beta1 = config.beta1 or 0.9
   local beta2 = config.beta2 or 0.999
   local epsilon = config.epsilon or 1e-38
   local wd = config.weightDecay or 0

   local fx, dfdx = opfunc(x)
   optim._check_grad('adamax', dfdx)

   if wd ~= 0 then
      dfdx:add(wd, x)
   end

   state.t = state.t or 0
   state.m = state.m or x.new(dfdx:size()):zero()
   state.u = state.u or x.new(dfdx:size()):zero()
   state.max = state.max or x.new(2, unpack(dfdx:size():totable())):zero()

   state.t = state.t + 1

   state.m:mul(beta1):add(1 - beta1, dfdx)
   state.max[1]:copy(state.u):mul(beta2)
   state.max[2]:copy(dfdx):abs():add(epsilon)
   state.u:max(state.max, 1)

   local biasCorrection1 = 1 - beta1 ^ state.t
   local stepSize = lr / biasCorrection1
   x:addcdiv(-stepSize, state.m, state.u)

   return x, {fx}
end
