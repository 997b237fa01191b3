-- Shared body of nn.Jacobian and nn.SparseJacobian (not a class): the backward/forward Jacobians
-- and the three testJacobian* checks. define(J, sparse) adds them to the table J. sparse = false
-- is nn.Jacobian (derivatives with respect to every element of input or param, perturbation
-- argument, 1e-6 by default); sparse = true is nn.SparseJacobian (the input is nnz x 2
-- {index, value} pairs and derivatives are taken with respect to the values, column 2, only;
-- the step is always 1e-6; backwardUpdate zeroes the gradients before each step).

-- central differences of module's output, one row of jacobian per element of sin (a 1-D view of
-- what is perturbed); update: store sin[i] - d output / d sin[i] instead (forwardUpdate)
local function central(module, input, sin, jacobian, perturbation, update)
   local outa = torch.Tensor(jacobian:size(2))
   local outb = torch.Tensor(jacobian:size(2))
   for i = 1, sin:nElement() do
      local orig = sin[i]
      sin[i] = orig - perturbation
      outa:copy(module:forward(input))
      sin[i] = orig + perturbation
      outb:copy(module:forward(input))
      sin[i] = orig
      outb:add(-1, outa):div(2 * perturbation)
      if update then
         jacobian:select(1, i):copy(outb):mul(-1):add(sin[i])
      else
         jacobian:select(1, i):copy(outb)
      end
   end
   return jacobian
end

return function(J, sparse)
   -- d output / d param (or d output / d input, values only when sparse) as a
   -- (#param x #output) matrix from the module's backward
   function J.backward(module, input, param, dparam)
      local doparam = param ~= nil
      if not sparse then param = param or input end
      module:forward(input)
      local dout = module.output.new():resizeAs(module.output)
      local sdout = module.output.new(dout:storage(), 1, dout:nElement())
      local jacobian
      if sparse and not doparam then
         jacobian = torch.Tensor(input:size(1), dout:nElement()):zero()
      else
         jacobian = torch.Tensor(param:nElement(), dout:nElement()):zero()
      end
      for i = 1, sdout:nElement() do
         dout:zero()
         sdout[i] = 1
         module:zeroGradParameters()
         local din = module:updateGradInput(input, dout)
         module:accGradParameters(input, dout)
         if doparam then
            jacobian:select(2, i):copy(dparam)
         elseif sparse then
            jacobian:select(2, i):copy(din:select(2, 2))
         else
            jacobian:select(2, i):copy(din)
         end
      end
      return jacobian
   end

   -- parameters after one accUpdateGradParameters(lr = 1) step for each output unit
   function J.backwardUpdate(module, input, param)
      module:forward(input)
      local dout = module.output.new():resizeAs(module.output)
      local sdout = module.output.new(dout:storage(), 1, dout:nElement())
      local jacobian = torch.Tensor(param:nElement(), dout:nElement()):zero()
      local params = module:parameters()
      local orig = {}
      for j = 1, #params do orig[j] = params[j]:clone() end
      for i = 1, sdout:nElement() do
         for j = 1, #params do params[j]:copy(orig[j]) end
         dout:zero()
         sdout[i] = 1
         if sparse then module:zeroGradParameters() end
         module:updateGradInput(input, dout)
         module:accUpdateGradParameters(input, dout, 1)
         jacobian:select(2, i):copy(param)
      end
      for j = 1, #params do params[j]:copy(orig[j]) end
      return jacobian
   end

   -- d output / d param (or input, values only when sparse) by central differences
   function J.forward(module, input, param, perturbation)
      if sparse then perturbation = nil end
      perturbation = perturbation or 1e-6
      local sin
      if sparse and param == nil then
         sin = input.new(input):select(2, 2)
      else
         param = param or input
         sin = param.new(param):resize(param:nElement())
      end
      local jacobian = torch.Tensor():resize(sin:nElement(), module:forward(input):nElement())
      return central(module, input, sin, jacobian, perturbation, false)
   end

   -- param - d output / d param, by central differences
   function J.forwardUpdate(module, input, param, perturbation)
      if sparse then perturbation = nil end
      perturbation = perturbation or 1e-6
      local sin = param.new(param):resize(param:nElement())
      local jacobian = torch.Tensor():resize(param:nElement(), module:forward(input):nElement())
      return central(module, input, sin, jacobian, perturbation, true)
   end

   local function randomize(t, minval, maxval)
      t:copy(torch.rand(t:nElement()):mul(maxval - minval):add(minval))
   end

   -- what testJacobian* perturb in the input: all of it, or the values when sparse
   local function randomize_input(input, minval, maxval)
      if sparse then
         randomize(input:select(2, 2), minval, maxval)
      else
         randomize(input, minval, maxval)
      end
   end

   function J.testJacobian(module, input, minval, maxval, perturbation)
      minval = minval or -2
      maxval = maxval or 2
      randomize_input(input, minval, maxval)
      local jac_fprop = J.forward(module, input, (not sparse) and input or nil, perturbation)
      local jac_bprop = J.backward(module, input)
      return (jac_fprop - jac_bprop):abs():max()
   end

   function J.testJacobianParameters(module, input, param, dparam, minval, maxval, perturbation)
      minval = minval or -2
      maxval = maxval or 2
      randomize_input(input, minval, maxval)
      randomize(param, minval, maxval)
      local jac_bprop = J.backward(module, input, param, dparam)
      local jac_fprop = J.forward(module, input, param, perturbation)
      return (jac_fprop - jac_bprop):abs():max()
   end

   function J.testJacobianUpdateParameters(module, input, param, minval, maxval, perturbation)
      minval = minval or -2
      maxval = maxval or 2
      randomize_input(input, minval, maxval)
      randomize(param, minval, maxval)
      local params_bprop = J.backwardUpdate(module, input, param)
      local params_fprop = J.forwardUpdate(module, input, param, perturbation)
      return (params_fprop - params_bprop):abs():max()
   end
end
