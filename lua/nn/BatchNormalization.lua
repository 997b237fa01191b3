-- nn.BatchNormalization: y = (x - mean) / sqrt(var + eps) * weight + bias over
-- the features of an N x C batch (SpatialBatchNormalization: N x C x H x W, ...);
-- training uses batch statistics and updates running_mean / running_var
-- (momentum), evaluation uses the running statistics.
local S = require 'nn._spatial'
local BN, parent = torch.class('nn.BatchNormalization', 'nn.Module')

BN.__version = 2
BN.nDim = 2   -- expected dimension of input

function BN:__init(nOutput, eps, momentum, affine)
   parent.__init(self)
   assert(nOutput and type(nOutput) == 'number', 'Missing argument #1: dimensionality of input. ')
   assert(nOutput ~= 0, 'To set affine=false call BatchNormalization(nOutput,  eps, momentum, false) ')
   if affine ~= nil then
      assert(type(affine) == 'boolean', 'affine has to be true/false')
      self.affine = affine
   else
      self.affine = true
   end
   self.eps = eps or 1e-5
   self.train = true
   self.momentum = momentum or 0.1
   self.running_mean = torch.zeros(nOutput)
   self.running_var = torch.ones(nOutput)
   if self.affine then
      self.weight = torch.Tensor(nOutput)
      self.bias = torch.Tensor(nOutput)
      self.gradWeight = torch.Tensor(nOutput)
      self.gradBias = torch.Tensor(nOutput)
      self:reset()
   end
end

function BN:reset()
   if self.weight then self.weight:uniform() end
   if self.bias then self.bias:zero() end
   self.running_mean:zero()
   self.running_var:fill(1)
end

function BN:checkInputDim(input, what)
   S.tensor(self, input, what)
   local iDim = input:dim()
   if not (iDim == self.nDim or (iDim == self.nDim - 1 and self.train == false)) then
      S.fail(self, 'only mini-batch supported (%dD tensor), got %dD tensor instead', self.nDim, iDim)
   end
   local featDim = (iDim == self.nDim - 1) and 1 or 2
   if input:size(featDim) ~= self.running_mean:nElement() then
      S.fail(self, 'got %d-feature tensor, expected %d', input:size(featDim), self.running_mean:nElement())
   end
   return iDim == self.nDim
end

-- output / gradInput have the batch shape (a single sample gains a leading 1, as torch7)
local function batch_sizes(input, batch)
   local sz = input:size():totable()
   if not batch then table.insert(sz, 1, 1) end
   return torch.LongStorage(sz)
end

function BN:updateOutput(input)
   local batch = self:checkInputDim(input)
   S.sametype(self, input, self.weight or self.running_mean)
   self.output:resize(batch_sizes(input, batch))
   local sm = S.buf(self, 'save_mean', input):resize(self.running_mean:nElement())
   local ss = S.buf(self, 'save_std', input):resize(self.running_var:nElement())
   local np = S.np
   S.K.batchnorm_forward(np(input), np(self.output), self.weight and np(self.weight) or nil,
      self.bias and np(self.bias) or nil, np(self.running_mean), np(self.running_var),
      np(sm), np(ss), self.train ~= false, self.momentum, self.eps, batch)
   return self.output
end

local function backward(self, input, gradOutput, scale, gradInput, gradWeight, gradBias)
   local batch = self:checkInputDim(input)
   self:checkInputDim(gradOutput, 'gradOutput')
   if not (self.save_mean and self.save_std) then S.fail(self, 'must call :updateOutput() first') end
   if gradOutput:nElement() ~= input:nElement() then
      S.fail(self, 'gradOutput should be of size %s, got %s', S.sz(input), S.sz(gradOutput))
   end
   if gradInput then gradInput:resize(batch_sizes(input, batch)) end
   local np = S.np
   S.K.batchnorm_backward(np(input), np(gradOutput), gradInput and np(gradInput) or nil,
      gradWeight and np(gradWeight) or nil, gradBias and np(gradBias) or nil,
      self.weight and np(self.weight) or nil, np(self.running_mean), np(self.running_var),
      np(self.save_mean), np(self.save_std), self.train ~= false, scale or 1, self.eps, batch)
   return self.gradInput
end

function BN:backward(input, gradOutput, scale)
   return backward(self, input, gradOutput, scale, self.gradInput, self.gradWeight, self.gradBias)
end

function BN:updateGradInput(input, gradOutput)
   return backward(self, input, gradOutput, 1, self.gradInput)
end

function BN:accGradParameters(input, gradOutput, scale)
   return backward(self, input, gradOutput, scale, nil, self.gradWeight, self.gradBias)
end

function BN:read(file, version)
   parent.read(self, file)
   if version < 2 then
      if self.running_std then
         self.running_var = self.running_std:pow(-2):add(-self.eps)
         self.running_std = nil
      end
   end
end

function BN:clearState()
   for _, k in ipairs{'buffer', 'buffer2', 'centered', 'std', 'normalized', '_input',
                      '_gradOutput', 'save_mean', 'save_std'} do
      if torch.isTensor(self[k]) then self[k]:set() end
   end
   return parent.clearState(self)
end

function BN:__tostring__()
   return string.format('%s (%dD) (%d)', torch.type(self), self.nDim, self.running_mean:nElement())
end
