-- nn.PartialLinear(inputsize, outputsize, bias): a Linear layer restricted to a set of output
-- columns (setPartition(indices)); resetPartition() makes it a full Linear again.
-- torch7 builds it from ParallelTable{Identity, LookupTable} + MM; this keeps the same
-- parameters (the LookupTable-style weight outputsize x inputsize, bias 1 x outputsize).
local PartialLinear, parent = torch.class('nn.PartialLinear', 'nn.Module')

function PartialLinear:__init(inputsize, outputsize, bias)
   local bias = ((bias == nil) and true) or bias
   parent.__init(self)
   self.weight = torch.Tensor(outputsize, inputsize)
   self.gradWeight = torch.Tensor(outputsize, inputsize):zero()
   if bias then
      self.bias = torch.Tensor(1, outputsize):zero()
      self.gradBias = torch.Tensor(1, outputsize):zero()
   end
   self.inputsize = inputsize
   self.outputsize = outputsize
   self.allcolumns = torch.range(1, self.outputsize)
   self:reset()
   self:resetPartition()
end

function PartialLinear:reset(stdv)
   self.weight:normal(0, stdv or 1)
end

function PartialLinear:setPartition(indices)
   self.partition = indices:type(self.allcolumns:type())
end

function PartialLinear:resetPartition()
   self.partition = self.allcolumns
end

function PartialLinear:parameters()
   if self.bias then
      return {self.weight, self.bias}, {self.gradWeight, self.gradBias}
   end
   return {self.weight}, {self.gradWeight}
end

local function check(self, input)
   if not torch.isTensor(input) or input:dim() ~= 2 or input:size(2) ~= self.inputsize then
      error(string.format('nn.PartialLinear: input should be a batch (2D) of %d-element rows (got %s)',
         self.inputsize, torch.isTensor(input) and torch._size_str(input) or torch.type(input)), 3)
   end
end

function PartialLinear:updateOutput(input)
   check(self, input)
   local idx = self.partition:long()
   self._w = self.weight:index(1, idx)
   self.output:resize(input:size(1), idx:nElement()):mm(input, self._w:t())
   if self.bias then
      self.output:add(self.bias:index(2, idx):expandAs(self.output))
   end
   return self.output
end

function PartialLinear:updateGradInput(input, gradOutput)
   if self.gradInput then
      check(self, input)
      local w = self.weight:index(1, self.partition:long())
      self.gradInput:resizeAs(input):mm(gradOutput, w)
   end
   return self.gradInput
end

function PartialLinear:accGradParameters(input, gradOutput, scale)
   scale = scale or 1
   local idx = self.partition:long()
   local gw = torch.mm(gradOutput:t(), input):mul(scale)
   self.gradWeight:indexAdd(1, idx, gw)
   if self.bias then
      local gb = gradOutput:sum(1):mul(scale)
      self.gradBias:indexAdd(2, idx, gb)
   end
end

function PartialLinear:accUpdateGradParameters(input, gradOutput, lr)
   local gradWeight, gradBias = self.gradWeight, self.gradBias
   self.gradWeight, self.gradBias = self.weight, self.bias
   self:accGradParameters(input, gradOutput, -lr)
   self.gradWeight, self.gradBias = gradWeight, gradBias
end

PartialLinear.sharedAccUpdateGradParameters = PartialLinear.accUpdateGradParameters

function PartialLinear:__tostring__()
   return torch.type(self) ..
      string.format('(%d -> %d)', self.inputsize, self.outputsize) ..
      (self.bias == nil and ' without bias' or '')
end

return nn.PartialLinear
