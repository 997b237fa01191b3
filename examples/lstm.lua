-- A character-level LSTM built with nngraph the way karpathy/char-rnn builds it
-- (model/LSTM.lua), unrolled over seq_length time steps with clones that share the
-- parameters, trained with optim.rmsprop on a tiny text.  The loss is printed and
-- goes down.
--
--   luann examples/lstm.lua [-iters 40] [-seed 123]
require 'nngraph'
require 'optim'

local cmd = torch.CmdLine()
cmd:option('-rnn_size', 24, 'size of the LSTM state')
cmd:option('-num_layers', 1, 'number of LSTM layers')
cmd:option('-seq_length', 8, 'number of time steps to unroll')
cmd:option('-batch_size', 4, 'number of sequences per batch')
cmd:option('-learning_rate', 2e-2, 'rmsprop learning rate')
cmd:option('-decay_rate', 0.95, 'rmsprop decay')
cmd:option('-grad_clip', 5, 'clip gradients at this value')
cmd:option('-dropout', 0, 'dropout between layers (0 = none)')
cmd:option('-checkpoint', '', 'if set, save {protos, opt, vocab} there at the end (torch.save)')
cmd:option('-iters', 40, 'number of training iterations')
cmd:option('-seed', 123, 'random seed')
local opt = cmd:parse(arg or {})
torch.manualSeed(opt.seed)

-- one-hot encoding of character indices (char-rnn's util/OneHot.lua); a class
-- name without a dot makes the global constructor OneHot
local OneHotClass, parent = torch.class('OneHot', 'nn.Module')

function OneHotClass:__init(outputSize)
   parent.__init(self)
   self.outputSize = outputSize
   self._eye = torch.eye(outputSize)
end

function OneHotClass:updateOutput(input)
   self.output:resize(input:size(1), self.outputSize):zero()
   self.output:copy(self._eye:index(1, input:long()))
   return self.output
end

-- the model: inputs {x, prev_c[1], prev_h[1], ...}, outputs {next_c[1], next_h[1], ..., logprobs}
local function lstm(input_size, rnn_size, n, dropout)
   dropout = dropout or 0
   local inputs = {}
   table.insert(inputs, nn.Identity()())        -- x
   for L = 1, n do
      table.insert(inputs, nn.Identity()())     -- prev_c[L]
      table.insert(inputs, nn.Identity()())     -- prev_h[L]
   end
   local x, input_size_L
   local outputs = {}
   for L = 1, n do
      local prev_c = inputs[L * 2]
      local prev_h = inputs[L * 2 + 1]
      if L == 1 then
         x = OneHot(input_size)(inputs[1])
         input_size_L = input_size
      else
         x = outputs[(L - 1) * 2]
         if dropout > 0 then x = nn.Dropout(dropout)(x) end   -- apply dropout, if any
         input_size_L = rnn_size
      end
      -- all four gates' pre-activations at once
      local i2h = nn.Linear(input_size_L, 4 * rnn_size)(x):annotate{name = 'i2h_' .. L}
      local h2h = nn.Linear(rnn_size, 4 * rnn_size)(prev_h):annotate{name = 'h2h_' .. L}
      local all_input_sums = nn.CAddTable()({i2h, h2h})
      local reshaped = nn.Reshape(4, rnn_size)(all_input_sums)
      local n1, n2, n3, n4 = nn.SplitTable(2)(reshaped):split(4)
      local in_gate = nn.Sigmoid()(n1)
      local forget_gate = nn.Sigmoid()(n2)
      local out_gate = nn.Sigmoid()(n3)
      local in_transform = nn.Tanh()(n4)
      -- the new cell and hidden states
      local next_c = nn.CAddTable()({
         nn.CMulTable()({forget_gate, prev_c}),
         nn.CMulTable()({in_gate, in_transform})
      })
      local next_h = nn.CMulTable()({out_gate, nn.Tanh()(next_c)})
      table.insert(outputs, next_c)
      table.insert(outputs, next_h)
   end
   -- the decoder
   local top_h = outputs[#outputs]
   if dropout > 0 then top_h = nn.Dropout(dropout)(top_h) end
   local proj = nn.Linear(rnn_size, input_size)(top_h):annotate{name = 'decoder'}
   local logsoft = nn.LogSoftMax()(proj)
   table.insert(outputs, logsoft)
   return nn.gModule(inputs, outputs)
end

-- the data: a short text cut into batch_size streams
local text = 'hello world. the quick brown fox jumps over the lazy dog. hello again, world. '
local vocab, ivocab = {}, {}
for c in text:gmatch('.') do
   if not vocab[c] then
      ivocab[#ivocab + 1] = c
      vocab[c] = #ivocab
   end
end
local vocab_size = #ivocab
local data = torch.Tensor(#text)
for i = 1, #text do data[i] = vocab[text:sub(i, i)] end
-- batch b reads the text from offset (b-1) * stride, wrapping around
local stride = math.floor(#text / opt.batch_size)
local cursor = 0
local function nextBatch()
   local x = torch.Tensor(opt.seq_length, opt.batch_size)
   local y = torch.Tensor(opt.seq_length, opt.batch_size)
   for b = 1, opt.batch_size do
      for t = 1, opt.seq_length do
         local pos = ((b - 1) * stride + cursor + t - 1) % #text + 1
         x[t][b] = data[pos]
         y[t][b] = data[pos % #text + 1]
      end
   end
   cursor = (cursor + opt.seq_length) % #text
   return x, y
end

print(string.format('vocab size: %d, text length: %d', vocab_size, #text))

local protos = {}
protos.rnn = lstm(vocab_size, opt.rnn_size, opt.num_layers, opt.dropout)
protos.criterion = nn.ClassNLLCriterion()

-- one flat parameter vector; initialised as char-rnn does
local params, grad_params = protos.rnn:getParameters()
params:uniform(-0.08, 0.08)
-- forget gate biases start at 1 (the second quarter of the i2h bias)
for L = 1, opt.num_layers do
   for _, node in ipairs(protos.rnn.forwardnodes) do
      if node.data.annotations.name == 'i2h_' .. L then
         node.data.module.bias[{{opt.rnn_size + 1, 2 * opt.rnn_size}}]:fill(1.0)
      end
   end
end
print('number of parameters in the model: ' .. params:nElement())

-- clones for every time step share the parameters and their gradients
local clones = {rnn = {}, criterion = {}}
for t = 1, opt.seq_length do
   clones.rnn[t] = protos.rnn:clone('weight', 'bias', 'gradWeight', 'gradBias')
   clones.criterion[t] = protos.criterion:clone()
end

local function zeroState()
   local s = {}
   for L = 1, opt.num_layers do
      table.insert(s, torch.zeros(opt.batch_size, opt.rnn_size))   -- c
      table.insert(s, torch.zeros(opt.batch_size, opt.rnn_size))   -- h
   end
   return s
end
local init_state = zeroState()
local init_state_global = zeroState()

local function feval(p)
   if p ~= params then params:copy(p) end
   grad_params:zero()
   local x, y = nextBatch()

   -- forward through time
   local rnn_state = {[0] = init_state_global}
   local predictions = {}
   local loss = 0
   for t = 1, opt.seq_length do
      clones.rnn[t]:training()
      local lst = clones.rnn[t]:forward{x[t], unpack(rnn_state[t - 1])}
      rnn_state[t] = {}
      for i = 1, #init_state do table.insert(rnn_state[t], lst[i]) end
      predictions[t] = lst[#lst]
      loss = loss + clones.criterion[t]:forward(predictions[t], y[t])
   end
   loss = loss / opt.seq_length

   -- backward through time
   local drnn_state = {[opt.seq_length] = zeroState()}
   for t = opt.seq_length, 1, -1 do
      local doutput_t = clones.criterion[t]:backward(predictions[t], y[t])
      table.insert(drnn_state[t], doutput_t)
      local dlst = clones.rnn[t]:backward({x[t], unpack(rnn_state[t - 1])}, drnn_state[t])
      drnn_state[t - 1] = {}
      for k, v in pairs(dlst) do
         if k > 1 then drnn_state[t - 1][k - 1] = v end   -- k == 1 is the gradient for x
      end
   end

   -- carry the last state over to the next batch (truncated backpropagation)
   for i = 1, #init_state do init_state_global[i]:copy(rnn_state[#rnn_state][i]) end
   grad_params:clamp(-opt.grad_clip, opt.grad_clip)
   return loss, grad_params
end

local optim_state = {learningRate = opt.learning_rate, alpha = opt.decay_rate}
local first, last
for i = 1, opt.iters do
   local _, loss = optim.rmsprop(feval, params, optim_state)
   local l = loss[1]
   first = first or l
   last = l
   if i == 1 or i % 5 == 0 or i == opt.iters then
      print(string.format('iteration %3d, loss = %.4f', i, l))
   end
end
print(string.format('loss went from %.4f to %.4f', first, last))

-- greedy sampling from the trained model, primed with "h"
protos.rnn:evaluate()
local state = {}
for L = 1, opt.num_layers do
   table.insert(state, torch.zeros(1, opt.rnn_size))
   table.insert(state, torch.zeros(1, opt.rnn_size))
end
local prev = torch.Tensor{vocab['h']}
local out = {'h'}
for _ = 1, 40 do
   local lst = protos.rnn:forward{prev, unpack(state)}
   state = {}
   for i = 1, #init_state do table.insert(state, lst[i]:clone()) end
   local _, idx = lst[#lst]:max(2)
   prev = torch.Tensor{idx[1][1]}
   table.insert(out, ivocab[idx[1][1]])
end
print('sample: ' .. table.concat(out))

if opt.checkpoint ~= '' then
   protos.rnn:clearState()
   torch.save(opt.checkpoint, {protos = protos, opt = opt, vocab = vocab})
   local loaded = torch.load(opt.checkpoint)
   print('saved ' .. opt.checkpoint .. ', reloaded a ' .. torch.type(loaded.protos.rnn))
end
