-- optim.adadelta: Zeiler 2012 (http://arxiv.org/abs/1212.5701).
function optim.adadelta(opfunc, x, config, state)
   if config == nil and state == nil then
      print('no state table, ADADELTA initializing')
   end
   local config = config or {}
   local state = state or config
   local rho = config.rho or 0.9
   local eps = config.eps or 1e-6
   local wd = config.weightDecay or 0
   state.evalCounter = state.evalCounter or 0

   local fx, dfdx = opfunc(x)
   optim._check_grad('adadelta', dfdx)

   if wd ~= 0 then
      dfdx:add(wd, x)
   end

   if not state.paramVariance then
      state.paramVariance = torch.Tensor():typeAs(x):resizeAs(dfdx):zero()
      state.paramStd = torch.Tensor():typeAs(x):resizeAs(dfdx):zero()
      state.delta = torch.Tensor():typeAs(x):resizeAs(dfdx):zero()
      state.accDelta = torch.Tensor():typeAs(x):resizeAs(dfdx):zero()
   end
   state.paramVariance:mul(rho):addcmul(1 - rho, dfdx, dfdx)
   state.paramStd:resizeAs(state.paramVariance):copy(state.paramVariance):add(eps):sqrt()
   state.delta:resizeAs(state.paramVariance):copy(state.accDelta):add(eps):sqrt():cdiv(state.paramStd):cmul(dfdx)
   x:add(-1, state.delta)
   state.accDelta:mul(rho):addcmul(1 - rho, state.delta, state.delta)

   state.evalCounter = state.evalCounter + 1
   return x, {fx}
end
