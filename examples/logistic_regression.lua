----------------------------------------------------------------------
-- Multinomial logistic regression, after torch/demos
-- logistic-regression/example-logistic-regression.lua: Linear(2,3) + LogSoftMax,
-- ClassNLLCriterion, trained with optim.sgd one sample at a time, then again
-- from model:reset() with full-batch optim.lbfgs (lineSearch = optim.lswolfe,
-- verbose). Changes: the UCLA brand-preference CSV (read with the csv package)
-- is replaced by 200 records drawn from the text's fitted model, and the final
-- comparison table is shortened to a few ages.
----------------------------------------------------------------------

require 'nn'
require 'optim'

cmd = torch.CmdLine()
cmd:option('-epochs', 100, 'SGD epochs, and L-BFGS iterations')
cmd:option('-n', 200, 'number of records')
opt = cmd:parse(arg or {})
torch.manualSeed(1)

print('')
print('============================================================')
print('Constructing dataset')
print('')

-- the text's model: Prob(brand=b)/Prob(brand=1) = exp(logit_b)
function textProbs(age, female)
   local u1 = 1
   local u2 = math.exp(-11.774655 + 0.523814 * female + 0.368206 * age)
   local u3 = math.exp(-22.721396 + 0.465941 * female + 0.685908 * age)
   local z = u1 + u2 + u3
   return u1/z, u2/z, u3/z
end

loaded = {brand = {}, female = {}, age = {}}
for i = 1, opt.n do
   local female = torch.random(0, 1)
   local age = torch.random(24, 38)
   local p1, p2, p3 = textProbs(age, female)
   local r = torch.uniform()
   loaded.brand[i] = (r < p1 and 1) or (r < p1 + p2 and 2) or 3
   loaded.female[i] = female
   loaded.age[i] = age
end

brands = torch.Tensor(loaded.brand)
females = torch.Tensor(loaded.female)
ages = torch.Tensor(loaded.age)

dataset_inputs = torch.Tensor( (#brands)[1],2 )
dataset_inputs[{ {},1 }] = females
dataset_inputs[{ {},2 }] = ages

dataset_outputs = brands

numberOfBrands = torch.max(dataset_outputs) - torch.min(dataset_outputs) + 1

function summarizeData()
   function p(name,value)
      print(string.format('%20s %f', name, value) )
   end
   p('number of brands', numberOfBrands)
   p('min brand', torch.min(brands))
   p('max brand', torch.max(brands))
   p('min female', torch.min(females))
   p('max female', torch.max(females))
   p('min age', torch.min(ages))
   p('max age', torch.max(ages))
end
summarizeData()

linLayer = nn.Linear(2,3)
softMaxLayer = nn.LogSoftMax()
model = nn.Sequential()
model:add(linLayer)
model:add(softMaxLayer)

criterion = nn.ClassNLLCriterion()

x, dl_dx = model:getParameters()

feval = function(x_new)
   if x ~= x_new then
      x:copy(x_new)
   end
   _nidx_ = (_nidx_ or 0) + 1
   if _nidx_ > (#dataset_inputs)[1] then _nidx_ = 1 end
   local inputs = dataset_inputs[_nidx_]
   local target = dataset_outputs[_nidx_]
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

epochs = opt.epochs

print('')
print('============================================================')
print('Training with SGD')
print('')

for i = 1,epochs do
   current_loss = 0
   for i = 1,(#dataset_inputs)[1] do
      _,fs = optim.sgd(feval,x,sgd_params)
      current_loss = current_loss + fs[1]
   end
   current_loss = current_loss / (#dataset_inputs)[1]
   print('epoch = ' .. i ..
	 ' of ' .. epochs ..
	 ' current loss = ' .. current_loss)
end

model:reset()

feval = function(x_new)
   if x ~= x_new then
      x:copy(x_new)
   end
   dl_dx:zero()
   local loss_x = 0
   for i = 1,(#dataset_inputs)[1] do
      _nidx_ = (_nidx_ or 0) + 1
      if _nidx_ > (#dataset_inputs)[1] then _nidx_ = 1 end
      local inputs = dataset_inputs[_nidx_]
      local target = dataset_outputs[_nidx_]
      loss_x = loss_x + criterion:forward(model:forward(inputs), target)
      model:backward(inputs, criterion:backward(model.output, target))
   end
   loss_x = loss_x / (#dataset_inputs)[1]
   dl_dx = dl_dx:div( (#dataset_inputs)[1] )
   return loss_x, dl_dx
end

lbfgs_params = {
   lineSearch = optim.lswolfe,
   maxIter = epochs,
   verbose = true
}

print('')
print('============================================================')
print('Training with L-BFGS')
print('')

_,fs = optim.lbfgs(feval,x,lbfgs_params)

print('history of L-BFGS evaluations:')
print(fs)

print('')
print('============================================================')
print('Testing the model')
print('')

function maxIndex(a,b,c)
   if a >=b and a >= c then return 1
   elseif b >= a and b >= c then return 2
   else return 3 end
end

function predictText(age, female)
   local prob1, prob2, prob3 = textProbs(age, female)
   return maxIndex(prob1, prob2, prob3), prob1, prob2, prob3
end

function predictOur(age, female)
   local input = torch.Tensor(2)
   input[1] = female
   input[2] = age
   local logProbs = model:forward(input)
   local probs = torch.exp(logProbs)
   local prob1, prob2, prob3 = probs[1], probs[2], probs[3]
   return maxIndex(prob1, prob2, prob3), prob1, prob2, prob3
end

print('    age female  text  our')
local agree = 0
for _, age in ipairs{24, 28, 32, 36} do
   for female = 0, 1 do
      local t = predictText(age, female)
      local o = predictOur(age, female)
      if t == o then agree = agree + 1 end
      print(string.format('%7d %6d %5d %4d', age, female, t, o))
   end
end
print('predictions agreeing with the text: ' .. agree .. ' of 8')
