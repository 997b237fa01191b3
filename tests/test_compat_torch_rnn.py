"""The pieces of jcjohnson/torch-rnn's pipeline, in our own small script: a character file turned into
an HDF5 file of uint8 indices and a JSON vocabulary (what its scripts/preprocess.py writes with h5py and
json), read back with require 'hdf5' / require 'cjson', cut into (N, T) batches, a whole-sequence RNN
module with remembered states, per-timestep gemm/pointwise work on row slices, nn.View with
setNumInputDims/resetSize, CrossEntropyCriterion on views, optim.adam with gradient clipping, a JSON
checkpoint and a torch.save'd model that samples after torch.load."""
import json

import numpy as np
import pytest

from conftest import run_cli

h5py = pytest.importorskip("h5py")

SCRIPT = r"""
require 'torch'
require 'nn'
require 'optim'
require 'hdf5'
local cjson = require 'cjson'

local cmd = torch.CmdLine()
cmd:option('-h5', '')
cmd:option('-json', '')
cmd:option('-out', '')
local opt = cmd:parse(arg)
torch.manualSeed(11)

-- vocabulary: JSON object keys are strings
local f = io.open(opt.json); local vocab = cjson.decode(f:read('*a')); f:close()
local itos, V = {}, 0
for k, v in pairs(vocab.idx_to_token) do itos[tonumber(k)] = v; V = V + 1 end

-- data: the whole train split, cut into N streams of T-step batches
local h = hdf5.open(opt.h5, 'r')
local data = h:read('/train'):all()
print(torch.type(data), data:dim(), h:read('/train'):dataspaceSize()[1] == data:nElement())
h:close()
local N, T, H = 4, 8, 24
local usable = math.floor((data:nElement() - 1) / (N * T)) * N * T
local xs = data[{{1, usable}}]:view(N, -1, T):transpose(1, 2):clone()
local ys = data[{{2, usable + 1}}]:view(N, -1, T):transpose(1, 2):clone()
print(xs:size(1) > 10, torch.type(xs))

-- a tanh RNN over whole (N, T, D) sequences, remembering the last hidden state between batches
local RNN, parent = torch.class('nn.SeqTanh', 'nn.Module')
function RNN:__init(D, H)
  parent.__init(self)
  self.D, self.H = D, H
  self.weight = torch.Tensor(D + H, H):normal(0, 1 / math.sqrt(D + H))
  self.gradWeight = torch.Tensor(D + H, H):zero()
  self.bias = torch.Tensor(H):zero()
  self.gradBias = torch.Tensor(H):zero()
  self.h0 = torch.Tensor()
  self.grad = torch.Tensor()
end
function RNN:updateOutput(x)
  local n, t = x:size(1), x:size(2)
  if self.h0:nElement() == 0 then self.h0:resize(n, self.H):zero()
  else self.h0:copy(self.output[{{}, self.output:size(2)}]) end
  local Wx, Wh = self.weight[{{1, self.D}}], self.weight[{{self.D + 1, self.D + self.H}}]
  self.output:resize(n, t, self.H)
  local prev = self.h0
  for s = 1, t do
    local cur = self.output[{{}, s}]
    cur:copy(self.bias:view(1, self.H):expand(n, self.H))
    cur:addmm(x[{{}, s}], Wx):addmm(prev, Wh):tanh()
    prev = cur
  end
  return self.output
end
function RNN:backward(x, gout)
  local n, t = x:size(1), x:size(2)
  local Wx, Wh = self.weight[{{1, self.D}}], self.weight[{{self.D + 1, self.D + self.H}}]
  self.gradInput:resizeAs(x):zero()
  local gnext = self.grad:resize(n, self.H):zero()
  for s = t, 1, -1 do
    local cur = self.output[{{}, s}]
    local prev = s == 1 and self.h0 or self.output[{{}, s - 1}]
    gnext:add(gout[{{}, s}])
    local da = torch.cmul(cur, cur):mul(-1):add(1):cmul(gnext)
    self.gradInput[{{}, s}]:mm(da, Wx:t())
    self.gradWeight[{{1, self.D}}]:addmm(x[{{}, s}]:t(), da)
    self.gradWeight[{{self.D + 1, self.D + self.H}}]:addmm(prev:t(), da)
    self.gradBias:add(da:sum(1))
    gnext:mm(da, Wh:t())
  end
  return self.gradInput
end
function RNN:resetStates() self.h0:set() end

local view1 = nn.View(1, 1, -1):setNumInputDims(3)
local view2 = nn.View(1, -1):setNumInputDims(2)
local rnn = nn.SeqTanh(16, H)
local net = nn.Sequential():add(nn.LookupTable(V, 16)):add(rnn):add(view1):add(nn.Linear(H, V)):add(view2)
net:float()
local crit = nn.CrossEntropyCriterion():float()
local params, grads = net:getParameters()
local config = {learningRate = 1e-2}
local hist = {}
local function step(i)
  local x, y = xs[(i - 1) % xs:size(1) + 1]:float(), ys[(i - 1) % xs:size(1) + 1]:float()
  local _, l = optim.adam(function()
    grads:zero()
    view1:resetSize(N * T, -1); view2:resetSize(N, T, -1)
    local scores = net:forward(x)
    local loss = crit:forward(scores:view(N * T, -1), y:view(N * T))
    net:backward(x, crit:backward(scores:view(N * T, -1), y:view(N * T)):view(N, T, -1))
    grads:clamp(-5, 5)
    return loss, grads
  end, params, config)
  hist[#hist + 1] = l[1]
end
for i = 1, 120 do step(i) end
local first = (hist[1] + hist[2] + hist[3]) / 3
local last = (hist[118] + hist[119] + hist[120]) / 3
print(string.format('first %.3f last %.3f', first, last), last < first - 0.5)

-- checkpoints: JSON (opt cloned through torch.serialize) and the model
local o = torch.deserialize(torch.serialize(opt))
local js = io.open(opt.out .. '.json', 'w')
js:write(cjson.encode({opt = o, train_loss_history = hist, memory_usage = {}}))
js:close()
net:clearState()
torch.save(opt.out .. '.t7', {model = net, itos = itos})
local ck = torch.load(opt.out .. '.t7')
local m = ck.model
m:evaluate()
m.modules[2]:resetStates()
m.modules[3]:resetSize(1, -1); m.modules[5]:resetSize(1, 1, -1)
local x = torch.FloatTensor{{1}}
local s = {}
for i = 1, 30 do
  local p = m:forward(x):double():exp():squeeze()
  p:div(p:sum())
  local c = torch.multinomial(p, 1)[1]
  s[#s + 1] = ck.itos[c]
  x[1][1] = c
end
print(#table.concat(s))
"""


def test_torch_rnn_pipeline(tmp_path):
    text = ("It is the mark of an educated mind to be able to entertain a thought without accepting it. "
            "We are what we repeatedly do. Excellence, then, is not an act, but a habit.\n") * 25
    tokens = {}
    for ch in text:
        tokens.setdefault(ch, len(tokens) + 1)
    arr = np.array([tokens[c] for c in text], dtype=np.uint8)
    with h5py.File(tmp_path / "d.h5", "w") as f:
        f.create_dataset("train", data=arr)
    with open(tmp_path / "d.json", "w") as f:
        json.dump({"token_to_idx": tokens, "idx_to_token": {v: k for k, v in tokens.items()}}, f)
    (tmp_path / "rnn.lua").write_text(SCRIPT)
    r = run_cli("rnn.lua", "-h5", str(tmp_path / "d.h5"), "-json", str(tmp_path / "d.json"),
                "-out", str(tmp_path / "ck"), cwd=str(tmp_path), timeout=300)
    assert r.returncode == 0, r.stdout + r.stderr
    lines = r.stdout.splitlines()
    assert lines[0] == "torch.ByteTensor\t1\ttrue\t"
    assert lines[1] == "true\ttorch.ByteTensor\t"
    assert lines[2].endswith("\ttrue\t"), lines[2]
    assert lines[3] == "30\t"
    ck = json.loads((tmp_path / "ck.json").read_text())
    assert len(ck["train_loss_history"]) == 120 and ck["memory_usage"] == {}
    assert ck["opt"]["h5"].endswith("d.h5")
