-- optim.nag: SGD with Nesterov's accelerated gradient (Sutskever et al. 2013).
function optim.nag(opfunc, x, config, state)
   local config = config or {}
   local state = state or config
   local lr = config.learningRate or 1e-3
   local lrd = config.learningRateDecay or 0
   local wd = config.weightDecay or 0
   local mom = config.momentum or 0.9
   local damp = config.dampening or mom
   local lrs = config.learningRates
   state.evalCounter = state.evalCounter or 0
   local nevals = state.evalCounter

   if mom <= 0 then
      error('Momentum must be positive for Nesterov Accelerated Gradient')
   end

   -- (1) look ahead along the momentum, then evaluate there
   if not state.x_copy then
      state.x_copy = x:clone()
   else
      state.x_copy:resizeAs(x):copy(x)
   end
   if state.dfdx then
      x:add(mom, state.dfdx)
   end
   local fx, dfdx = opfunc(x)
   optim._check_grad('nag', dfdx)

   -- (2) weight decay
   if wd ~= 0 then
      dfdx:add(wd, x)
   end

   -- (3) annealed learning rate
   local clr = lr / (1 + nevals * lrd)

   -- (4) momentum
   if not state.dfdx then
      state.dfdx = torch.Tensor():typeAs(dfdx):resizeAs(dfdx):fill(0)
   else
      state.dfdx:mul(mom)
   end

   -- (5) step
   if lrs then
      state.deltaParameters = state.deltaParameters or torch.Tensor():typeAs(x):resizeAs(dfdx)
      state.deltaParameters:copy(lrs):cmul(dfdx)
      state.dfdx:add(-clr, state.deltaParameters)
   else
      state.dfdx:add(-clr, dfdx)
   end
   state.x_copy:add(state.dfdx)
   x:copy(state.x_copy)

   state.evalCounter = state.evalCounter + 1
   return x, {fx}
end
