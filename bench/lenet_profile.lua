-- Per-module profile of the LeNet step (bench/README.md, LeNet section): fastest of 40 os.clock
-- timings of each module's updateOutput / updateGradInput / accGradParameters.
--   OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 python -m luann.cli bench/lenet_profile.lua Float|Double
require 'nn'
torch.setdefaulttensortype('torch.' .. (arg[1] or 'Float') .. 'Tensor')
torch.manualSeed(1)
local net = nn.Sequential()
net:add(nn.SpatialConvolution(1, 6, 5, 5)); net:add(nn.ReLU()); net:add(nn.SpatialMaxPooling(2, 2, 2, 2))
net:add(nn.SpatialConvolution(6, 16, 5, 5)); net:add(nn.ReLU()); net:add(nn.SpatialMaxPooling(2, 2, 2, 2))
net:add(nn.View(16 * 5 * 5)); net:add(nn.Linear(16 * 5 * 5, 120)); net:add(nn.ReLU())
net:add(nn.Linear(120, 84)); net:add(nn.ReLU()); net:add(nn.Linear(84, 10)); net:add(nn.LogSoftMax())
local crit = nn.ClassNLLCriterion()
local x = torch.randn(64, 1, 32, 32); local y = torch.LongTensor(64):random(1, 10)
local best = {}
local function tick(name, f, ...)
  local t0 = os.clock(); local r = f(...); local dt = os.clock() - t0
  best[name] = math.min(best[name] or 1, dt); return r
end
local m = net.modules
for it = 1, 40 do
  local h = x
  for i = 1, #m do h = tick(string.format('f%02d %s', i, torch.type(m[i])), m[i].updateOutput, m[i], h) end
  crit:forward(h, y); local g = crit:backward(h, y)
  net:zeroGradParameters()
  for i = #m, 1, -1 do
    local inp = i == 1 and x or m[i-1].output
    local go = g
    g = tick(string.format('b%02d %s gi', i, torch.type(m[i])), m[i].updateGradInput, m[i], inp, go)
    tick(string.format('b%02d %s acc', i, torch.type(m[i])), m[i].accGradParameters, m[i], inp, go, 1)
  end
  net:updateParameters(0.01)
end
local ks, tot = {}, 0 for k, v in pairs(best) do ks[#ks+1] = k; tot = tot + v end
table.sort(ks, function(a, b) return best[a] > best[b] end)
for i = 1, math.min(#ks, 16) do print(string.format('%-36s %8.0f us', ks[i], best[ks[i]] * 1e6)) end
print('sum', tot * 1e6)
