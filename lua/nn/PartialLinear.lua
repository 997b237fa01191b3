-- nn.PartialLinear(inputsize, outputsize, bias): a Linear layer restricted to a set of output
-- columns (setPartition(indices)); resetPartition() makes it a full Linear again. As in torch7
-- the layer is a small network, Sequential{ParallelTable{Identity, LookupTable(outputsize,
-- inputsize)}, MM(false, true)}, fed {input, partition}: its fields (network, bias 1 x outputsize,
-- allcolumns, partition) are torch7's, so .t7 files go both ways.
local PartialLinear, parent = torch.class('nn.PartialLinear', 'nn.Module')

function PartialLinear:__init(inputsize, outputsize, bias)
   local bias = ((bias == nil) and true) or bias
   parent.__init(self)
   local pt = nn.ParallelTable()
   pt:add(nn.Identity()):add(nn.LookupTable(outputsize, inputsize))
   self.network = nn.Sequential():add(pt):add(nn.MM(false, true))
   if bias then
      self.bias = torch.Tensor(1, outputsize):zero()
      self.gradBias = torch.Tensor(1, outputsize):zero()
   end
   self.inputsize = inputsize
   self.outputsize = outputsize
   self.allcolumns = torch.range(1, self.outputsize)
   self:resetPartition()
end

function PartialLinear:setPartition(indices)
   self.partition = indices:type(self.allcolumns:type())
end

function PartialLinear:resetPartition()
   self.partition = self.allcolumns
end

local function lookup(self) return self.network:get(1):get(2) end

function PartialLinear:parameters()
   local lt = lookup(self)
   return {lt.weight, self.bias}, {lt.gradWeight, self.gradBias}
end

local function check(self, input)
   if not torch.isTensor(input) or input:dim() ~= 2 or input:size(2) ~= self.inputsize then
      error(string.format('nn.PartialLinear: input should be a batch (2D) of %d-element rows (got %s)',
         self.inputsize, torch.isTensor(input) and torch._size_str(input) or torch.type(input)), 3)
   end
end

function PartialLinear:updateOutput(input)
   check(self, input)
   self.output:set(self.network:forward{input, self.partition})
   if self.bias then
      self.output:add(self.bias:index(2, self.partition:long()):expandAs(self.output))
   end
   return self.output
end

function PartialLinear:updateGradInput(input, gradOutput)
   if self.gradInput then
      check(self, input)
      self.network:updateGradInput({input, self.partition}, gradOutput)
      self.gradInput:set(self.network.gradInput[1])
   end
   return self.gradInput
end

function PartialLinear:accGradParameters(input, gradOutput, scale)
   scale = scale or 1
   self.network:accGradParameters({input, self.partition}, gradOutput, scale)
   if self.bias then
      self.gradBias:indexAdd(2, self.partition:long(), gradOutput:sum(1):mul(scale))
   end
end

function PartialLinear:accUpdateGradParameters(input, gradOutput, lr)
   local lt = lookup(self)
   local gradWeight, gradBias = lt.gradWeight, self.gradBias
   lt.gradWeight, self.gradBias = lt.weight, self.bias
   self:accGradParameters(input, gradOutput, -lr)
   lt.gradWeight, self.gradBias = gradWeight, gradBias
end

-- we do not need to accumulate parameters when sharing
PartialLinear.sharedAccUpdateGradParameters = PartialLinear.accUpdateGradParameters

function PartialLinear:zeroGradParameters()
   self.network:zeroGradParameters()
   if self.gradBias then self.gradBias:zero() end
end

function PartialLinear:updateParameters(learningRate)
   self.network:updateParameters(learningRate)
   if self.bias then self.bias:add(-learningRate, self.gradBias) end
end

function PartialLinear:__tostring__()
   return torch.type(self) ..
      string.format('(%d -> %d)', self.inputsize, self.outputsize) ..
      (self.bias == nil and ' without bias' or '')
end

return nn.PartialLinear
