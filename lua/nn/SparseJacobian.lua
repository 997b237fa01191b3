-- nn.SparseJacobian: finite-difference checks for modules whose input is sparse
-- (torch7 nn/SparseJacobian.lua): the input is nnz x 2 {index, value} pairs (SparseLinear's
-- format); derivatives are taken with respect to the values (column 2) only.
nn.SparseJacobian = rawget(nn, 'SparseJacobian') or {}
local SJ = nn.SparseJacobian

-- d output / d (values or param) from the module's backward, (#param x #output)
function SJ.backward(module, input, param, dparam)
   local doparam = param ~= nil
   module:forward(input)
   local dout = module.output.new():resizeAs(module.output)
   local sdout = module.output.new(dout:storage(), 1, dout:nElement())
   local jacobian
   if doparam then
      jacobian = torch.Tensor(param:nElement(), dout:nElement()):zero()
   else
      jacobian = torch.Tensor(input:size(1), dout:nElement()):zero()
   end
   for i = 1, sdout:nElement() do
      dout:zero()
      sdout[i] = 1
      module:zeroGradParameters()
      local din = module:updateGradInput(input, dout)
      module:accGradParameters(input, dout)
      if doparam then
         jacobian:select(2, i):copy(dparam)
      else
         jacobian:select(2, i):copy(din:select(2, 2))
      end
   end
   return jacobian
end

-- parameters after one accUpdateGradParameters(lr = 1) step per output unit
function SJ.backwardUpdate(module, input, param)
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
      module:zeroGradParameters()
      module:updateGradInput(input, dout)
      module:accUpdateGradParameters(input, dout, 1)
      jacobian:select(2, i):copy(param)
   end
   for j = 1, #params do params[j]:copy(orig[j]) end
   return jacobian
end

-- central differences (step 1e-6) with respect to the values or to param
function SJ.forward(module, input, param)
   local doparam = param ~= nil
   local small = 1e-6
   local sin
   if doparam then
      sin = param.new(param):resize(param:nElement())
   else
      sin = input.new(input):select(2, 2)
   end
   local out = module:forward(input)
   local jacobian
   if doparam then
      jacobian = torch.Tensor():resize(param:nElement(), out:nElement())
   else
      jacobian = torch.Tensor():resize(input:size(1), out:nElement())
   end
   local outa = torch.Tensor(jacobian:size(2))
   local outb = torch.Tensor(jacobian:size(2))
   for i = 1, sin:nElement() do
      local v = sin[i]
      sin[i] = v - small
      outa:copy(module:forward(input))
      sin[i] = v + small
      outb:copy(module:forward(input))
      sin[i] = v
      outb:add(-1, outa):div(2 * small)
      jacobian:select(1, i):copy(outb)
   end
   return jacobian
end

function SJ.forwardUpdate(module, input, param)
   local small = 1e-6
   local sin = param.new(param):resize(param:nElement())
   local jacobian = torch.Tensor():resize(param:nElement(), module:forward(input):nElement())
   local outa = torch.Tensor(jacobian:size(2))
   local outb = torch.Tensor(jacobian:size(2))
   for i = 1, sin:nElement() do
      local v = sin[i]
      sin[i] = v - small
      outa:copy(module:forward(input))
      sin[i] = v + small
      outb:copy(module:forward(input))
      sin[i] = v
      outb:add(-1, outa):div(2 * small)
      jacobian:select(1, i):copy(outb):mul(-1):add(sin[i])
   end
   return jacobian
end

local function randomize_values(input, minval, maxval)
   minval = minval or -2
   maxval = maxval or 2
   input:select(2, 2):copy(torch.rand(input:size(1)):mul(maxval - minval):add(minval))
   return minval, maxval
end

function SJ.testJacobian(module, input, minval, maxval)
   randomize_values(input, minval, maxval)
   local jac_fprop = SJ.forward(module, input)
   local jac_bprop = SJ.backward(module, input)
   return (jac_fprop - jac_bprop):abs():max()
end

function SJ.testJacobianParameters(module, input, param, dparam, minval, maxval)
   minval, maxval = randomize_values(input, minval, maxval)
   param:copy(torch.rand(param:nElement()):mul(maxval - minval):add(minval))
   local jac_bprop = SJ.backward(module, input, param, dparam)
   local jac_fprop = SJ.forward(module, input, param)
   return (jac_fprop - jac_bprop):abs():max()
end

function SJ.testJacobianUpdateParameters(module, input, param, minval, maxval)
   minval, maxval = randomize_values(input, minval, maxval)
   param:copy(torch.rand(param:nElement()):mul(maxval - minval):add(minval))
   local params_bprop = SJ.backwardUpdate(module, input, param)
   local params_fprop = SJ.forwardUpdate(module, input, param)
   return (params_fprop - params_bprop):abs():max()
end

-- the same outputs and gradients after a write/read round trip
SJ.testIO = function(module, input, minval, maxval)
   return nn.Jacobian.testIO(module, input, minval, maxval)
end

SJ.testAllUpdate = function(module, input, weight, gradWeight)
   return nn.Jacobian.testAllUpdate(module, input, weight, gradWeight)
end

return SJ
