----------------------------------------------------------------------
-- Linear regression with nn + optim, after torch/demos
-- linear-regression/example-linear-regression.lua: the corn / fertilizer /
-- insecticide data of Schaum's Outline (p 157), a Linear(2,1) model, MSE loss
-- and optim.sgd one sample at a time. Changes: -epochs (default 2000 instead of
-- 1e4 cycles) and the loss is printed every 200 epochs instead of every epoch.
----------------------------------------------------------------------

require 'torch'
require 'optim'
require 'nn'

cmd = torch.CmdLine()
cmd:option('-epochs', 2000, 'cycles over the training data')
cmd:option('-seed', 1, 'random seed')
opt = cmd:parse(arg or {})
torch.manualSeed(opt.seed)

-- 1. the training data: {corn, fertilizer, insecticide}
data = torch.Tensor{
   {40,  6,  4},
   {44, 10,  4},
   {46, 12,  5},
   {48, 14,  7},
   {52, 16,  9},
   {58, 18, 12},
   {60, 22, 14},
   {68, 24, 20},
   {74, 26, 21},
   {80, 32, 24}
}

-- 2. the model
model = nn.Sequential()
ninputs = 2; noutputs = 1
model:add(nn.Linear(ninputs, noutputs))

-- 3. the loss
criterion = nn.MSECriterion()

-- 4. training
x, dl_dx = model:getParameters()

feval = function(x_new)
   if x ~= x_new then
      x:copy(x_new)
   end

   -- select a new training sample
   _nidx_ = (_nidx_ or 0) + 1
   if _nidx_ > (#data)[1] then _nidx_ = 1 end

   local sample = data[_nidx_]
   local target = sample[{ {1} }]      -- this funny looking syntax allows
   local inputs = sample[{ {2,3} }]    -- slicing of arrays.

   dl_dx:zero()

   local loss_x = criterion:forward(model:forward(inputs), target)
   model:backward(inputs, criterion:backward(model.output, target))

   return loss_x, dl_dx
end

sgd_params = {
   learningRate = 1e-3,
   learningRateDecay = 1e-4,
   weightDecay = 0,
   momentum = 0
}

for i = 1,opt.epochs do
   current_loss = 0
   for i = 1,(#data)[1] do
      _,fs = optim.sgd(feval,x,sgd_params)
      current_loss = current_loss + fs[1]
   end
   current_loss = current_loss / (#data)[1]
   if i == 1 or i % 200 == 0 then
      print('current loss = ' .. current_loss)
   end
   first_loss = first_loss or current_loss
end

-- 5. test: the text solves the model exactly:
--   corn = 31.98 + 0.65 * fertilizer + 1.11 * insecticides
text = {40.32, 42.92, 45.33, 48.85, 52.37, 57, 61.82, 69.78, 72.19, 79.42}

print('id  approx   text')
local maxdiff = 0
for i = 1,(#data)[1] do
   local myPrediction = model:forward(data[i][{{2,3}}])
   print(string.format("%2d  %6.2f %6.2f", i, myPrediction[1], text[i]))
   maxdiff = math.max(maxdiff, math.abs(myPrediction[1] - text[i]))
end

-- the least-squares solution with torch.gels, for comparison
local A = torch.ones(10, 3)
A[{ {},{2,3} }] = data[{ {},{2,3} }]
local sol = torch.gels(data[{ {},{1} }]:clone(), A)
print(string.format('least squares: corn = %.2f + %.2f * fertilizer + %.2f * insecticides',
      sol[1][1], sol[2][1], sol[3][1]))
print(string.format('loss went from %.4f to %.4f; max |approx - text| = %.2f', first_loss, current_loss, maxdiff))
