-- nn.IndexLinear(inputSize, outputSize, doGradInput, keysOffset, weight, bias, normalize):
-- a Linear layer over sparse inputs given as keys (feature indices, 1-based unless
-- keysOffset says otherwise) and values: {keys, values} for one sample,
-- {{keys...}, {values...}} or {flatKeys, flatValues, sizes} for a batch.  The weight is
-- inputSize x outputSize (zero at construction, as torch7); gradients are kept per
-- accumulated batch ("running") and applied to the touched rows by updateParameters.
-- The max-normalize mode of torch7 (normalize = true) is not supported.
local S = require 'nn._spatial'
local IndexLinear, parent = torch.class('nn.IndexLinear', 'nn.Module')

function IndexLinear:__init(inputSize, outputSize, doGradInput, keysOffset, weight, bias, normalize)
   parent.__init(self)
   if normalize then
      error('nn.IndexLinear: the max-normalize mode (normalize = true) is not supported by luann')
   end
   self.normalize = 0
   self.weight = weight or torch.Tensor(inputSize, outputSize):zero()
   self.bias = bias or torch.Tensor(outputSize):zero()
   self.inputSize = self.weight:size(1)
   self.outputSize = self.weight:size(2)
   self.gradWeight = torch.Tensor()
   self.gradBias = torch.Tensor(self.outputSize):zero()
   self.running = {cumSumSizes = {}, keys = {}, values = {}, sizes = {}, gradWeight = {}, counter = 1}
   self.weightDecay = 0
   self.doGradInput = doGradInput or false
   self.offset = keysOffset and keysOffset - 1 or -1
end

function IndexLinear:reset(stdv)
   if stdv then
      stdv = stdv * math.sqrt(3)
   else
      stdv = 1 / math.sqrt(self.weight:size(2))
   end
   self.weight:uniform(-stdv, stdv)
   self.bias:uniform(-stdv, stdv):mul(0.000001)
end

-- flat keys (Long), values (module type), sizes (Long) of the input
function IndexLinear:flattenInputs(input)
   if torch.type(input) ~= 'table' or (#input ~= 2 and #input ~= 3) then
      S.fail(self, 'input must be {keys, values}, {{keys...}, {values...}} or {keys, values, sizes}, got %s',
         torch.type(input))
   end
   local keys, values, sizes
   if #input == 3 then
      keys, values = input[1], input[2]
      sizes = torch.isTensor(input[3]) and input[3]:long() or torch.LongTensor({input[3]})
      if keys:nElement() ~= values:nElement() then S.fail(self, 'Keys and values should be of same size') end
      if keys:dim() ~= 1 then S.fail(self, 'Keys and values should be 1D') end
      self.isFlat, self.noBatch = true, false
   else
      local lkeys, lvalues
      if torch.type(input[1]) == 'table' and torch.type(input[2]) == 'table' then
         lkeys, lvalues = input[1], input[2]
         self.isFlat, self.noBatch = false, false
      elseif torch.isTensor(input[1]) and torch.isTensor(input[2]) then
         lkeys, lvalues = {input[1]}, {input[2]}
         self.isFlat, self.noBatch = false, true
      else
         S.fail(self, 'Wrong input format.')
      end
      sizes = torch.LongTensor(#lkeys)
      local total = 0
      for i = 1, #lkeys do
         if lkeys[i]:dim() ~= 1 or lvalues[i]:dim() ~= 1 or lkeys[i]:nElement() ~= lvalues[i]:nElement() then
            S.fail(self, 'keys and values should be 1D and of the same size (sample %d: %s and %s)', i,
               S.sz(lkeys[i]), S.sz(lvalues[i]))
         end
         sizes[i] = lkeys[i]:nElement()
         total = total + sizes[i]
      end
      keys = torch.LongTensor(total)
      values = self.weight.new(total)
      local p = 1
      for i = 1, #lkeys do
         local n = sizes[i]
         if n > 0 then
            keys:narrow(1, p, n):copy(lkeys[i])
            values:narrow(1, p, n):copy(lvalues[i])
            p = p + n
         end
      end
   end
   self.keys = keys:type() == 'torch.LongTensor' and keys:contiguous() or keys:long()
   self.values = values:type() == self.weight:type() and values:contiguous() or values:type(self.weight:type())
   self.sizes = sizes
end

function IndexLinear:updateOutput(input)
   self:flattenInputs(input)
   self.output:resize(self.sizes:nElement(), self.outputSize)
   local bad = S.K.index_linear_forward(S.np(self.keys), self.offset, S.np(self.values), S.np(self.sizes),
      S.np(self.weight), S.np(self.bias), S.np(self.output))
   if bad ~= 0 then
      S.fail(self, 'key %d out of range: keys must index 1..%d', bad, self.inputSize)
   end
   if self.noBatch then self.output:resize(self.outputSize) end
   return self.output
end

function IndexLinear:accGradParameters(input, gradOutput, scale)
   local c = self.running.counter
   local gw = self.running.gradWeight[c] or self.weight.new()
   gw:resize(self.keys:nElement(), self.outputSize)
   self.running.gradWeight[c] = gw
   self.running.keys[c] = self.keys:clone()
   S.K.index_linear_acc(S.np(self.keys), S.np(self.values), S.np(self.sizes), S.np(gradOutput),
      S.np(gw), S.np(self.gradBias), scale or 1)
   self.running.counter = c + 1
end

function IndexLinear:accUpdateGradParameters(input, gradOutput, lr)
   local gw = self.weight.new(self.keys:nElement(), self.outputSize)
   local gb = self.bias.new(self.outputSize):zero()
   S.K.index_linear_acc(S.np(self.keys), S.np(self.values), S.np(self.sizes), S.np(gradOutput),
      S.np(gw), S.np(gb), 1)
   S.K.index_linear_update(S.np(self.weight), S.np(self.keys), self.offset, S.np(gw), lr, self.weightDecay or 0)
   self.bias:add(-lr, gb)
end

function IndexLinear:updateGradInput(input, gradOutput)
   self.gradInput = {}
   if self.doGradInput then
      local ini = self.weight:size(1)
      local gi = gradOutput.new()
      if gradOutput:dim() == 1 then
         gi:resize(ini):mv(self.weight, gradOutput)
         gi:resize(1, ini)
      else
         gi:resize(gradOutput:size(1), ini):mm(gradOutput, self.weight:t())
      end
      local indices = torch.LongTensor(ini)
      for i = 1, ini do indices[i] = i end
      if self.isFlat then
         self.gradInput[1] = torch.LongTensor(gi:size(1), ini)
         for b = 1, gi:size(1) do self.gradInput[1][b]:copy(indices) end
         self.gradInput[2] = gi
      else
         self.gradInput[1], self.gradInput[2] = {}, {}
         for b = 1, gi:size(1) do
            self.gradInput[1][b] = indices:clone()
            self.gradInput[2][b] = gi[b]:clone()
         end
      end
      if self.noBatch then
         if self.isFlat then
            self.gradInput = {self.gradInput[1]:view(ini), self.gradInput[2]:view(ini)}
         else
            self.gradInput = {self.gradInput[1][1], self.gradInput[2][1]}
         end
      end
   end
   return self.gradInput
end

function IndexLinear:updateParameters(lr)
   if not lr then error('You must specify a learning rate') end
   for c = 1, self.running.counter - 1 do
      S.K.index_linear_update(S.np(self.weight), S.np(self.running.keys[c]), self.offset,
         S.np(self.running.gradWeight[c]), lr, c == 1 and (self.weightDecay or 0) or 0)
   end
   self.bias:add(-lr, self.gradBias)
end

function IndexLinear:zeroGradParameters()
   self.gradBias:zero()
   self.running.counter = 1
end

function IndexLinear:parameters()
   return {self.weight, self.bias}, {self.running, self.gradBias}
end

function IndexLinear:clearState()
   self.running.keys = {}
   self.running.gradWeight = {}
   self.running.counter = 1
   self.keys, self.values, self.sizes = nil, nil, nil
   return parent.clearState(self)
end
