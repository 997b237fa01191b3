----------------------------------------------------------------------
-- The torch/tutorials 2_supervised pipeline (1_data, 2_model, 3_loss, 4_train,
-- 5_test, doall) in one script, on synthetic data instead of SVHN: each of the
-- 10 classes is a fixed random 3x32x32 pattern plus noise, written to and read
-- back from ascii .t7 files laid out like the tutorial's SVHN files. Defaults are small
-- (few samples, 2 epochs) so that it runs in seconds; the code paths are the
-- tutorial's: CmdLine, RGB -> YUV, per-channel normalization with [{}] slicing,
-- local contrastive normalization, the linear / mlp / convnet models (convnet_mp:
-- the later max-pooling variant), LogSoftMax + ClassNLLCriterion, getParameters +
-- feval + optim.sgd (or asgd/cg/lbfgs), ConfusionMatrix, Logger, xlua.progress,
-- torch.save of the model.
----------------------------------------------------------------------

require 'torch'
require 'image'
require 'nn'
require 'xlua'
require 'optim'

----------------------------------------------------------------------
print '==> processing options'
cmd = torch.CmdLine()
cmd:text()
cmd:text('SVHN Loss Function (synthetic data)')
cmd:text()
cmd:text('Options:')
-- global:
cmd:option('-seed', 1, 'fixed input seed for repeatable experiments')
cmd:option('-threads', 2, 'number of threads')
-- data:
cmd:option('-trsize', 200, 'number of training samples')
cmd:option('-tesize', 100, 'number of test samples')
cmd:option('-noise', 0.5, 'noise level of the synthetic samples')
cmd:option('-localnorm', false, 'normalize every channel locally (SpatialContrastiveNormalization)')
-- model:
cmd:option('-model', 'mlp', 'type of model to construct: linear | mlp | convnet | convnet_mp')
-- loss:
cmd:option('-loss', 'nll', 'type of loss function to minimize: nll | mse | margin')
-- training:
cmd:option('-save', 'results', 'subdirectory to save/log experiments in')
cmd:option('-plot', false, 'live plot')
cmd:option('-optimization', 'SGD', 'optimization method: SGD | ASGD | CG | LBFGS')
cmd:option('-learningRate', 1e-2, 'learning rate at t=0')
cmd:option('-batchSize', 10, 'mini-batch size (1 = pure stochastic)')
cmd:option('-weightDecay', 0, 'weight decay (SGD only)')
cmd:option('-momentum', 0.9, 'momentum (SGD only)')
cmd:option('-t0', 1, 'start averaging at t0 (ASGD only), in nb of epochs')
cmd:option('-maxIter', 2, 'maximum nb of iterations for CG and LBFGS')
cmd:option('-type', 'double', 'type: double | float')
cmd:option('-epochs', 2, 'number of epochs')
cmd:text()
opt = cmd:parse(arg or {})

if opt.type == 'float' then
   print('==> switching to floats')
   torch.setdefaulttensortype('torch.FloatTensor')
end
torch.setnumthreads(opt.threads)
torch.manualSeed(opt.seed)

----------------------------------------------------------------------
-- 1_data.lua
-- Instead of downloading train_32x32.t7 / test_32x32.t7, write synthetic files of
-- the same layout (X: N x 3 x 32 x 32 ByteTensor stored with the last two
-- dimensions swapped, y: 1 x N labels) in torch's ascii format, then load them
-- the tutorial's way.
train_file = paths.concat(opt.save, 'train_32x32.t7')
test_file = paths.concat(opt.save, 'test_32x32.t7')
trsize = opt.trsize
tesize = opt.tesize

print '==> generating synthetic dataset'
local prototypes = torch.rand(10, 3, 32, 32):mul(255)
local function makeSet(n, file)
   local X = torch.ByteTensor(n, 3, 32, 32)
   local y = torch.Tensor(1, n)
   for i = 1, n do
      local c = (i - 1) % 10 + 1
      y[1][i] = c
      local sample = prototypes[c]:clone():add(opt.noise * 64, torch.randn(3, 32, 32)):clamp(0, 255)
      X[i]:copy(sample:transpose(2, 3))
   end
   os.execute('mkdir -p ' .. opt.save)
   torch.save(file, {X = X, y = y}, 'ascii')
end
makeSet(trsize, train_file)
makeSet(tesize, test_file)

print '==> loading dataset'
loaded = torch.load(train_file,'ascii')
trainData = {
   data = loaded.X:transpose(3,4),
   labels = loaded.y[1],
   size = function() return trsize end
}
loaded = torch.load(test_file,'ascii')
testData = {
   data = loaded.X:transpose(3,4),
   labels = loaded.y[1],
   size = function() return tesize end
}

print '==> preprocessing data'
trainData.data = trainData.data:float()
testData.data = testData.data:float()

print '==> preprocessing data: colorspace RGB -> YUV'
for i = 1,trainData:size() do
   trainData.data[i] = image.rgb2yuv(trainData.data[i])
end
for i = 1,testData:size() do
   testData.data[i] = image.rgb2yuv(testData.data[i])
end

channels = {'y','u','v'}
print '==> preprocessing data: normalize each feature (channel) globally'
mean = {}
std = {}
for i,channel in ipairs(channels) do
   mean[i] = trainData.data[{ {},i,{},{} }]:mean()
   std[i] = trainData.data[{ {},i,{},{} }]:std()
   trainData.data[{ {},i,{},{} }]:add(-mean[i])
   trainData.data[{ {},i,{},{} }]:div(std[i])
end
for i,channel in ipairs(channels) do
   testData.data[{ {},i,{},{} }]:add(-mean[i])
   testData.data[{ {},i,{},{} }]:div(std[i])
end

if opt.localnorm then
   print '==> preprocessing data: normalize all channels locally'
   neighborhood = image.gaussian1D(13)
   normalization = nn.SpatialContrastiveNormalization(1, neighborhood, 1e-3):float()
   for c in ipairs(channels) do
      for i = 1,trainData:size() do
         trainData.data[{ i,{c},{},{} }] = normalization:forward(trainData.data[{ i,{c},{},{} }])
      end
      for i = 1,testData:size() do
         testData.data[{ i,{c},{},{} }] = normalization:forward(testData.data[{ i,{c},{},{} }])
      end
   end
end

print '==> verify statistics'
for i,channel in ipairs(channels) do
   trainMean = trainData.data[{ {},i }]:mean()
   trainStd = trainData.data[{ {},i }]:std()
   testMean = testData.data[{ {},i }]:mean()
   testStd = testData.data[{ {},i }]:std()
   print('training data, '..channel..'-channel, mean: ' .. string.format('%.4f', trainMean))
   print('training data, '..channel..'-channel, standard deviation: ' .. string.format('%.4f', trainStd))
   print('test data, '..channel..'-channel, mean: ' .. string.format('%.4f', testMean))
   print('test data, '..channel..'-channel, standard deviation: ' .. string.format('%.4f', testStd))
end

----------------------------------------------------------------------
-- 2_model.lua
print '==> define parameters'
noutputs = 10
nfeats = 3
width = 32
height = 32
ninputs = nfeats*width*height
nhiddens = 64
nstates = {8,16,32}
filtsize = 5
poolsize = 2
normkernel = image.gaussian1D(7)

print '==> construct model'
if opt.model == 'linear' then
   model = nn.Sequential()
   model:add(nn.Reshape(ninputs))
   model:add(nn.Linear(ninputs,noutputs))
elseif opt.model == 'mlp' then
   model = nn.Sequential()
   model:add(nn.Reshape(ninputs))
   model:add(nn.Linear(ninputs,nhiddens))
   model:add(nn.Tanh())
   model:add(nn.Linear(nhiddens,noutputs))
elseif opt.model == 'convnet' then
   -- the tutorial's: L2 pooling and subtractive normalization
   model = nn.Sequential()
   -- stage 1 : filter bank -> squashing -> L2 pooling -> normalization
   model:add(nn.SpatialConvolutionMM(nfeats, nstates[1], filtsize, filtsize))
   model:add(nn.Tanh())
   model:add(nn.SpatialLPPooling(nstates[1],2,poolsize,poolsize,poolsize,poolsize))
   model:add(nn.SpatialSubtractiveNormalization(nstates[1], normkernel))
   -- stage 2 : filter bank -> squashing -> L2 pooling -> normalization
   model:add(nn.SpatialConvolutionMM(nstates[1], nstates[2], filtsize, filtsize))
   model:add(nn.Tanh())
   model:add(nn.SpatialLPPooling(nstates[2],2,poolsize,poolsize,poolsize,poolsize))
   model:add(nn.SpatialSubtractiveNormalization(nstates[2], normkernel))
   -- stage 3 : standard 2-layer neural network
   model:add(nn.Reshape(nstates[2]*filtsize*filtsize))
   model:add(nn.Linear(nstates[2]*filtsize*filtsize, nstates[3]))
   model:add(nn.Tanh())
   model:add(nn.Linear(nstates[3], noutputs))
elseif opt.model == 'convnet_mp' then
   model = nn.Sequential()
   -- stage 1 : filter bank -> squashing -> max pooling
   model:add(nn.SpatialConvolutionMM(nfeats, nstates[1], filtsize, filtsize))
   model:add(nn.Tanh())
   model:add(nn.SpatialMaxPooling(poolsize,poolsize,poolsize,poolsize))
   -- stage 2 : filter bank -> squashing -> max pooling
   model:add(nn.SpatialConvolutionMM(nstates[1], nstates[2], filtsize, filtsize))
   model:add(nn.Tanh())
   model:add(nn.SpatialMaxPooling(poolsize,poolsize,poolsize,poolsize))
   -- stage 3 : standard 2-layer neural network
   model:add(nn.View(nstates[2]*filtsize*filtsize))
   model:add(nn.Dropout(0.5))
   model:add(nn.Linear(nstates[2]*filtsize*filtsize, nstates[3]))
   model:add(nn.Tanh())
   model:add(nn.Linear(nstates[3], noutputs))
else
   error('unknown -model')
end

print '==> here is the model:'
print(model)

----------------------------------------------------------------------
-- 3_loss.lua
print '==> define loss'
if opt.loss == 'margin' then
   criterion = nn.MultiMarginCriterion()
elseif opt.loss == 'nll' then
   model:add(nn.LogSoftMax())
   criterion = nn.ClassNLLCriterion()
elseif opt.loss == 'mse' then
   model:add(nn.Tanh())
   criterion = nn.MSECriterion()
   criterion.sizeAverage = false
   -- targets as vectors
   local trlabels = torch.Tensor( trsize, noutputs ):fill(-1)
   for i = 1,trsize do trlabels[{ i,trainData.labels[i] }] = 1 end
   trainData.labels = trlabels
   local telabels = torch.Tensor( tesize, noutputs ):fill(-1)
   for i = 1,tesize do telabels[{ i,testData.labels[i] }] = 1 end
   testData.labels = telabels
else
   error('unknown -loss')
end
print '==> here is the loss function:'
print(criterion)

----------------------------------------------------------------------
-- 4_train.lua
if opt.type == 'double' then
   model:double()
   criterion:double()
end

print '==> defining some tools'
classes = {'1','2','3','4','5','6','7','8','9','0'}
confusion = optim.ConfusionMatrix(classes)
trainLogger = optim.Logger(paths.concat(opt.save, 'train.log'))
testLogger = optim.Logger(paths.concat(opt.save, 'test.log'))

if model then
   parameters,gradParameters = model:getParameters()
end
print('==> ' .. parameters:nElement() .. ' parameters')

losses = {}

print '==> defining training procedure'
function train()
   epoch = epoch or 1
   local time = sys.clock()
   model:training()
   shuffle = torch.randperm(trsize)
   local epochLoss, nbatches = 0, 0

   print('==> doing epoch on training data:')
   print("==> online epoch # " .. epoch .. ' [batchSize = ' .. opt.batchSize .. ']')
   for t = 1,trainData:size(),opt.batchSize do
      xlua.progress(t, trainData:size())

      local inputs = {}
      local targets = {}
      for i = t,math.min(t+opt.batchSize-1,trainData:size()) do
         local input = trainData.data[shuffle[i]]
         local target = trainData.labels[shuffle[i]]
         if opt.type == 'double' then input = input:double() end
         table.insert(inputs, input)
         table.insert(targets, target)
      end

      local feval = function(x)
                       if x ~= parameters then
                          parameters:copy(x)
                       end
                       gradParameters:zero()
                       local f = 0
                       for i = 1,#inputs do
                          local output = model:forward(inputs[i])
                          local err = criterion:forward(output, targets[i])
                          f = f + err
                          local df_do = criterion:backward(output, targets[i])
                          model:backward(inputs[i], df_do)
                          confusion:add(output, targets[i])
                       end
                       gradParameters:div(#inputs)
                       f = f/#inputs
                       return f,gradParameters
                    end

      local fs
      if opt.optimization == 'CG' then
         config = config or {maxIter = opt.maxIter}
         _, fs = optim.cg(feval, parameters, config)
      elseif opt.optimization == 'LBFGS' then
         config = config or {learningRate = opt.learningRate,
                             maxIter = opt.maxIter,
                             nCorrection = 10}
         _, fs = optim.lbfgs(feval, parameters, config)
      elseif opt.optimization == 'SGD' then
         config = config or {learningRate = opt.learningRate,
                             weightDecay = opt.weightDecay,
                             momentum = opt.momentum,
                             learningRateDecay = 5e-7}
         _, fs = optim.sgd(feval, parameters, config)
      elseif opt.optimization == 'ASGD' then
         config = config or {eta0 = opt.learningRate,
                             t0 = trsize * opt.t0}
         _, fs, average = optim.asgd(feval, parameters, config)
      else
         error('unknown optimization method')
      end
      epochLoss = epochLoss + fs[1]
      nbatches = nbatches + 1
   end

   time = sys.clock() - time
   time = time / trainData:size()
   print("\n==> time to learn 1 sample = " .. (time*1000) .. 'ms')

   losses[epoch] = epochLoss / nbatches
   print(string.format('==> epoch %d: average loss = %.6f', epoch, losses[epoch]))

   print(confusion)

   trainLogger:add{['% mean class accuracy (train set)'] = confusion.totalValid * 100}
   if opt.plot then
      trainLogger:style{['% mean class accuracy (train set)'] = '-'}
      trainLogger:plot()
   end

   local filename = paths.concat(opt.save, 'model.net')
   os.execute('mkdir -p ' .. sys.dirname(filename))
   print('==> saving model to '..filename)
   torch.save(filename, model)

   confusion:zero()
   epoch = epoch + 1
end

----------------------------------------------------------------------
-- 5_test.lua
print '==> defining test procedure'
function test()
   local time = sys.clock()
   model:evaluate()
   if average then
      cachedparams = parameters:clone()
      parameters:copy(average)
   end
   print('==> testing on test set:')
   for t = 1,testData:size() do
      xlua.progress(t, testData:size())
      local input = testData.data[t]
      if opt.type == 'double' then input = input:double() end
      local target = testData.labels[t]
      local pred = model:forward(input)
      confusion:add(pred, target)
   end
   time = sys.clock() - time
   time = time / testData:size()
   print("\n==> time to test 1 sample = " .. (time*1000) .. 'ms')
   print(confusion)
   testAccuracy = confusion.totalValid * 100
   testLogger:add{['% mean class accuracy (test set)'] = confusion.totalValid * 100}
   if opt.plot then
      testLogger:style{['% mean class accuracy (test set)'] = '-'}
      testLogger:plot()
   end
   if average then
      parameters:copy(cachedparams)
   end
   confusion:zero()
end

----------------------------------------------------------------------
print '==> training!'
for e = 1, opt.epochs do
   train()
   test()
end

print(string.format('==> first epoch loss %.6f, last epoch loss %.6f', losses[1], losses[#losses]))
print('==> loss decreased: ' .. tostring(losses[#losses] < losses[1]))
print(string.format('==> final test accuracy: %.2f%%', testAccuracy))

-- the saved model loads back and gives the same outputs
local loaded = torch.load(paths.concat(opt.save, 'model.net'))
loaded:evaluate()
local x = testData.data[1]
if opt.type == 'double' then x = x:double() end
print('==> reloaded model output matches: ' ..
      tostring(loaded:forward(x):clone():add(-1, model:forward(x)):abs():max() == 0))
