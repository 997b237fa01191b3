-- nn.SparseLinear(inputSize, outputSize, doGradInput): Linear on sparse inputs given
-- as nnz x 2 tensors of {index, value} (one sample), a batch x nnz x 2 tensor, or a
-- table of nnz x 2 tensors (a batch with different nnz per sample).
local S = require 'nn._spatial'
local SparseLinear, parent = torch.class('nn.SparseLinear', 'nn.Module')

function SparseLinear:__init(inputSize, outputSize, doGradInput)
   parent.__init(self)
   self.weightDecay = 0
   self.doGradInput = doGradInput or false
   self.weight = torch.Tensor(outputSize, inputSize):zero()
   self.bias = torch.Tensor(outputSize):zero()
   self.gradWeight = torch.Tensor(outputSize, inputSize):zero()
   self.gradBias = torch.Tensor(outputSize):zero()
   assert(type(self.doGradInput) == type(true))
   self.lastInput = nil
   self.sparseUpdate = 0
   self:reset()
end

function SparseLinear:reset(stdv)
   if stdv then
      stdv = stdv * math.sqrt(3)
   else
      stdv = 1 / math.sqrt(self.weight:size(2))
   end
   self.weight:uniform(-stdv, stdv)
   self.bias:uniform(-stdv, stdv):mul(0.000001)
end

-- the samples as a Lua array of nnz x 2 tensors, and whether it was a batch
local function samples(self, input)
   if type(input) == 'table' then
      for i, t in ipairs(input) do S.tensor(self, t, 'input[' .. i .. ']') end
      return input, true
   end
   S.tensor(self, input)
   if input:dim() == 2 then
      if input:size(2) ~= 2 then
         S.fail(self, 'sparse input must be nnz x 2 (index, value), got %s', S.sz(input))
      end
      return {input}, false
   elseif input:dim() == 3 then
      if input:size(3) ~= 2 then
         S.fail(self, 'sparse input must be batch x nnz x 2 (index, value), got %s', S.sz(input))
      end
      local r = {}
      for i = 1, input:size(1) do r[i] = input[i] end
      return r, true
   end
   S.fail(self, 'input must be a nnz x 2 tensor, a batch x nnz x 2 tensor or a table of nnz x 2 tensors, got %s',
      S.sz(input))
end

local function arrays(list)
   local r = {}
   for i, t in ipairs(list) do r[i] = S.np(t:type() == 'torch.DoubleTensor' and t or t:double()) end
   return r
end

function SparseLinear:updateOutput(input)
   local list, batch = samples(self, input)
   if batch then
      self.output:resize(#list, self.weight:size(1))
   else
      self.output:resize(self.weight:size(1))
   end
   local bad = S.K.sparse_linear_forward(S.np(self.weight), S.np(self.bias), S.np(self.output),
      unpack(arrays(list)))
   if bad ~= 0 then
      S.fail(self, 'index %d out of range: the input size is %d', bad, self.weight:size(2))
   end
   self.lastInput = input
   return self.output
end

function SparseLinear:accGradParameters(input, gradOutput, scale)
   local list = samples(self, input)
   S.tensor(self, gradOutput, 'gradOutput')
   if gradOutput:nElement() ~= #list * self.weight:size(1) then
      S.fail(self, 'gradOutput should have %d x %d elements, got %s', #list, self.weight:size(1), S.sz(gradOutput))
   end
   S.K.sparse_linear_acc(S.np(self.gradWeight), S.np(self.gradBias), S.np(gradOutput), scale or 1,
      unpack(arrays(list)))
   if self.weightDecay ~= 0 then
      self.gradWeight:add(self.weightDecay, self.weight)
   end
end

function SparseLinear:updateGradInput(input, gradOutput)
   if not self.doGradInput then return self.gradInput end
   local list, batch = samples(self, input)
   local gis = {}
   if type(input) == 'table' then
      if type(self.gradInput) ~= 'table' then self.gradInput = {} end
      for i, t in ipairs(list) do
         self.gradInput[i] = self.gradInput[i] or t.new()
         self.gradInput[i]:resizeAs(t)
         gis[i] = self.gradInput[i]
      end
      for i = #list + 1, #self.gradInput do self.gradInput[i] = nil end
   else
      if type(self.gradInput) == 'table' then self.gradInput = input.new() end
      self.gradInput:resizeAs(input)
      if batch then
         for i = 1, input:size(1) do gis[i] = self.gradInput[i] end
      else
         gis[1] = self.gradInput
      end
   end
   local args = {}
   for i, g in ipairs(gis) do args[i] = S.np(g) end
   for i, t in ipairs(list) do args[#gis + i] = S.np(t) end
   S.K.sparse_linear_grad_input(S.np(self.weight), S.np(gradOutput), unpack(args))
   return self.gradInput
end

function SparseLinear:__tostring__()
   return torch.type(self) .. string.format('(%d -> %d)', self.weight:size(2), self.weight:size(1))
end
