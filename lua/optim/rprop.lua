-- optim.rprop: resilient backpropagation (Riedmiller); niter evaluations per call.
function optim.rprop(opfunc, x, config, state)
   if config == nil and state == nil then
      print('no state table RPROP initializing')
   end
   local config = config or {}
   local state = state or config
   local stepsize = config.stepsize or 0.1
   local etaplus = config.etaplus or 1.2
   local etaminus = config.etaminus or 0.5
   local stepsizemax = config.stepsizemax or 50.0
   local stepsizemin = config.stepsizemin or 1E-06
   local niter = config.niter or 1

   local hfx = {}
   for i = 1, niter do
      local fx, dfdx = opfunc(x)
      optim._check_grad('rprop', dfdx)

      if not state.delta then
         state.delta    = dfdx.new(dfdx:size()):zero()
         state.stepsize = dfdx.new(dfdx:size()):fill(stepsize)
         state.sign     = dfdx.new(dfdx:size())
         state.psign    = torch.ByteTensor(dfdx:size())
         state.nsign    = torch.ByteTensor(dfdx:size())
         state.zsign    = torch.ByteTensor(dfdx:size())
         state.dminmax  = torch.ByteTensor(dfdx:size())
      end

      -- sign of the gradient change since the last step
      torch.cmul(state.sign, dfdx, state.delta)
      torch.sign(state.sign, state.sign)

      state.sign.gt(state.psign, state.sign, 0)
      state.sign.lt(state.nsign, state.sign, 0)
      state.sign.eq(state.zsign, state.sign, 0)

      state.sign[state.psign] = etaplus
      state.sign[state.nsign] = etaminus
      state.sign[state.zsign] = 1

      state.stepsize:cmul(state.sign)

      state.stepsize.gt(state.dminmax, state.stepsize, stepsizemax)
      state.stepsize[state.dminmax] = stepsizemax
      state.stepsize.lt(state.dminmax, state.stepsize, stepsizemin)
      state.stepsize[state.dminmax] = stepsizemin

      -- where the gradient changed sign, take no step this time
      dfdx[state.nsign] = 0
      torch.sign(state.sign, dfdx)

      x:addcmul(-1, state.sign, state.stepsize)

      state.delta:copy(dfdx)
      table.insert(hfx, fx)
   end
   return x, hfx
end
