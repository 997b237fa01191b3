-- nn.StochasticGradient, after the example of torch/nn doc/training.md: a
-- dataset table with a size() method and dataset[i] = {input, target}, an XOR-like
-- problem (the sign of x1*x2), a 2-20-1 Tanh MLP and MSECriterion; then the
-- classic "manual training" loop of doc/training.md on the same data, the
-- hooks, learningRateDecay, and a ClassNLLCriterion variant.

require 'nn'
torch.manualSeed(42)

dataset = {}
function dataset:size() return 100 end -- 100 examples
for i = 1, dataset:size() do
   local input = torch.randn(2)      -- normally distributed example in 2d
   local output = torch.Tensor(1)
   if input[1] * input[2] > 0 then   -- calculate label for XOR function
      output[1] = -1
   else
      output[1] = 1
   end
   dataset[i] = {input, output}
end

mlp = nn.Sequential()                -- make a multi-layer perceptron
inputs = 2; outputs = 1; HUs = 20    -- parameters
mlp:add(nn.Linear(inputs, HUs))
mlp:add(nn.Tanh())
mlp:add(nn.Linear(HUs, outputs))

criterion = nn.MSECriterion()
trainer = nn.StochasticGradient(mlp, criterion)
trainer.learningRate = 0.01
trainer.maxIteration = 25
errors = {}
trainer.hookIteration = function(self, iteration, currentError)
   errors[iteration] = currentError
end
nexamples = 0
trainer.hookExample = function(self, example)
   nexamples = nexamples + 1
end
trainer:train(dataset)
print('hookExample calls: ' .. nexamples .. ', hookIteration calls: ' .. #errors)
print('error decreased: ' .. tostring(errors[#errors] < errors[1]))

-- test the network on the four quadrants
local correct = 0
for _, q in ipairs{{0.5, 0.5}, {0.5, -0.5}, {-0.5, 0.5}, {-0.5, -0.5}} do
   local x = torch.Tensor(q)
   local y = mlp:forward(x)[1]
   local expected = (q[1] * q[2] > 0) and -1 or 1
   if (y > 0) == (expected > 0) then correct = correct + 1 end
   print(string.format('x = (%4.1f,%4.1f)  expected %2d  got %7.4f', q[1], q[2], expected, y))
end
print('quadrants right: ' .. correct .. '/4')

-- the same, by hand (doc/training.md "manual training")
mlp2 = nn.Sequential():add(nn.Linear(2, 20)):add(nn.Tanh()):add(nn.Linear(20, 1))
local function avgError()
   local e = 0
   for i = 1, dataset:size() do
      e = e + criterion:forward(mlp2:forward(dataset[i][1]), dataset[i][2])
   end
   return e / dataset:size()
end
local before = avgError()
for epoch = 1, 25 do
   for i = 1, dataset:size() do
      local input, output = dataset[i][1], dataset[i][2]
      criterion:forward(mlp2:forward(input), output)
      mlp2:zeroGradParameters()
      mlp2:backward(input, criterion:backward(mlp2.output, output))
      mlp2:updateParameters(0.01)
   end
end
print(string.format('manual training: error %.4f -> %.4f', before, avgError()))

-- learningRateDecay, no shuffling, silent
trainer2 = nn.StochasticGradient(mlp2, criterion)
trainer2.learningRateDecay = 0.1
trainer2.shuffleIndices = false
trainer2.verbose = false
trainer2.maxIteration = 3
trainer2:train(dataset)

-- classification: targets are class indices, LogSoftMax + ClassNLLCriterion
cdata = {}
function cdata:size() return #self end
for i = 1, 100 do
   local x = torch.randn(2)
   cdata[i] = {x, (x[1] * x[2] > 0) and 1 or 2}
end
net = nn.Sequential():add(nn.Linear(2, 20)):add(nn.Tanh()):add(nn.Linear(20, 2)):add(nn.LogSoftMax())
t3 = nn.StochasticGradient(net, nn.ClassNLLCriterion())
t3.learningRate = 0.05
t3.maxIteration = 10
t3:train(cdata)
