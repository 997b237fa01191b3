-- Writing new modules, after torch/tutorials 5_newmodules (1_dropout.lua and
-- 0_test_dropout.lua): a user-defined nn.DropoutEx (DropoutEx.lua, found by
-- require in the current directory as in torch7: run this from examples/), its
-- effect on an image, and a finite-difference check of its backward pass with
-- nn.Jacobian. A second user module with parameters (nn.ScaleEx) is checked with
-- testJacobianParameters / testJacobianUpdateParameters / testIO.

require 'nn'
require 'DropoutEx'
require 'image'

torch.manualSeed(123)
math.randomseed(123)

print '==> the module'
n = nn.DropoutEx(0.5)
print(n)
print('is a nn.Module: ' .. tostring(torch.isTypeOf(n, 'nn.Module')))
print('type: ' .. torch.type(n) .. ', typename: ' .. torch.typename(n))

-- load an image, and process it:
i = image.lena()
result = n:forward(i)

-- display results:
if itorch then
   print('original image:')
   itorch.image(i)
   print('result image:')
   itorch.image(result)
end
print('kept fraction: ' .. string.format('%.2f', n.noise:mean()))
mse = i:dist(result)
print('mse between original image and dropout-processed image: ' .. string.format('%.4f', mse))

-- illegal percentage: the module's own error
local ok, err = pcall(nn.DropoutEx, 1.5)
print('nn.DropoutEx(1.5): ' .. tostring(err))

print '==> testing backprop with Jacobian (finite element)'

-- freeze the randomness: the Jacobian tester expects a deterministic output,
-- so the noise is drawn once for the whole test
function nn.DropoutEx.updateOutput(self, input)
   if self.noise:nElement() ~= input:nElement() then
      self.noise:resizeAs(input):bernoulli(1-self.p)
   end
   self.output:resizeAs(input):copy(input)
   self.output:cmul(self.noise)
   self.output:div(1-self.p)
   return self.output
end

local precision = 1e-5
local jac = nn.Jacobian

local ini = math.random(10,20)
local inj = math.random(10,20)
local ink = math.random(10,20)
local percentage = 0.5
local input = torch.Tensor(ini,inj,ink):zero()
local module = nn.DropoutEx(percentage)

local err = jac.testJacobian(module,input)
print('==> error: ' .. err)
if err<precision then
   print('==> module OK')
else
   print('==> error too large, incorrect implementation')
end

print '==> a module with parameters'
local ScaleEx, parent = torch.class('nn.ScaleEx', 'nn.Module')

function ScaleEx:__init(size)
   parent.__init(self)
   self.weight = torch.Tensor(size)
   self.gradWeight = torch.Tensor(size)
   self.bias = torch.Tensor(size)
   self.gradBias = torch.Tensor(size)
   self:reset()
end

function ScaleEx:reset(stdv)
   stdv = stdv or 1/math.sqrt(self.weight:size(1))
   self.weight:uniform(-stdv, stdv)
   self.bias:uniform(-stdv, stdv)
   return self
end

-- y = w .* x + b, x of size n or (batch x n)
function ScaleEx:updateOutput(input)
   self.output:resizeAs(input):copy(input)
   if input:dim() == 1 then
      self.output:cmul(self.weight):add(self.bias)
   else
      local n = input:size(1)
      self.output:cmul(self.weight:view(1, -1):expandAs(input))
      self.output:add(self.bias:view(1, -1):expandAs(input))
   end
   return self.output
end

function ScaleEx:updateGradInput(input, gradOutput)
   self.gradInput:resizeAs(gradOutput):copy(gradOutput)
   if input:dim() == 1 then
      self.gradInput:cmul(self.weight)
   else
      self.gradInput:cmul(self.weight:view(1, -1):expandAs(input))
   end
   return self.gradInput
end

function ScaleEx:accGradParameters(input, gradOutput, scale)
   scale = scale or 1
   if input:dim() == 1 then
      self.gradWeight:addcmul(scale, input, gradOutput)
      self.gradBias:add(scale, gradOutput)
   else
      self.gradWeight:add(scale, torch.cmul(input, gradOutput):sum(1):view(-1))
      self.gradBias:add(scale, gradOutput:sum(1):view(-1))
   end
end

function ScaleEx:__tostring__()
   return torch.type(self) .. '(' .. self.weight:size(1) .. ')'
end

local m = nn.ScaleEx(7)
print(m)
for _, x in ipairs{torch.randn(7), torch.randn(4, 7)} do
   local e1 = jac.testJacobian(m, x)
   local e2 = jac.testJacobianParameters(m, x, m.weight, m.gradWeight)
   local e3 = jac.testJacobianParameters(m, x, m.bias, m.gradBias)
   local e4 = jac.testJacobianUpdateParameters(m, x, m.weight)
   local e5 = jac.testJacobianUpdateParameters(m, x, m.bias)
   local fwd, bwd = jac.testIO(m, x)
   print(string.format('input dim %d: max error %s, io %s %s', x:dim(),
         tostring(math.max(e1, e2, e3, e4, e5) < precision), fwd, bwd))
end

-- it composes with the stock modules, and trains
local mlp = nn.Sequential():add(nn.ScaleEx(5)):add(nn.Tanh()):add(nn.Linear(5, 1))
print(mlp)
print('sequential jacobian error below precision: ' ..
      tostring(jac.testJacobian(mlp, torch.randn(3, 5)) < precision))
local crit = nn.MSECriterion()
local X, Y = torch.randn(20, 5), torch.randn(20, 1)
local first, last
for it = 1, 50 do
   mlp:zeroGradParameters()
   local l = crit:forward(mlp:forward(X), Y)
   mlp:backward(X, crit:backward(mlp.output, Y))
   mlp:updateParameters(0.1)
   first = first or l
   last = l
end
print('loss decreased: ' .. tostring(last < first))

-- save/load and clone keep the class
local f = os.tmpname()
torch.save(f, mlp)
local back = torch.load(f)
os.remove(f)
print('reloaded: ' .. torch.type(back:get(1)) .. ', same output: ' ..
      tostring(back:forward(X):clone():add(-1, mlp:forward(X)):abs():max() == 0))
print('clone: ' .. torch.type(mlp:clone():get(1)) .. ', float: ' .. torch.type(mlp:clone():float():get(1).weight))
