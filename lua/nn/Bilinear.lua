-- nn.Bilinear(inputSize1, inputSize2, outputSize, bias): y_k = x1' W_k x2 + b_k on a batch {x1, x2}
local Bilinear, parent = torch.class('nn.Bilinear', 'nn.Module')

local function isint(x) return type(x) == 'number' and x == math.floor(x) end

local function fail(msg) error('nn.Bilinear: ' .. msg, 4) end

function Bilinear:__assertInput(input)
   if not (input and type(input) == 'table' and #input == 2 and torch.isTensor(input[1]) and torch.isTensor(input[2])) then
      fail('input should be a table containing two data Tensors')
   end
   if not (input[1]:nDimension() == 2 and input[2]:nDimension() == 2) then
      fail(string.format('input Tensors should be two-dimensional (got %s and %s)', torch._size_str(input[1]), torch._size_str(input[2])))
   end
   if input[1]:size(1) ~= input[2]:size(1) then
      fail('input Tensors should have the same number of rows (instances)')
   end
   if input[1]:size(2) ~= self.weight:size(2) then
      fail(string.format('dimensionality of first input is erroneous (got %d, expected %d)', input[1]:size(2), self.weight:size(2)))
   end
   if input[2]:size(2) ~= self.weight:size(3) then
      fail(string.format('dimensionality of second input is erroneous (got %d, expected %d)', input[2]:size(2), self.weight:size(3)))
   end
end

function Bilinear:__assertInputGradOutput(input, gradOutput)
   if input[1]:size(1) ~= gradOutput:size(1) then fail('number of rows in gradOutput does not match input') end
   if gradOutput:size(2) ~= self.weight:size(1) then fail('number of columns in gradOutput does not output size of layer') end
end

function Bilinear:__init(inputSize1, inputSize2, outputSize, bias)
   assert(inputSize1 and inputSize2 and outputSize, 'should specify inputSize1 and inputSize2 and outputSize')
   assert(isint(inputSize1) and isint(inputSize2) and isint(outputSize),
      'inputSize1 and inputSize2 and outputSize should be integer numbers')
   assert(inputSize1 > 0 and inputSize2 > 0 and outputSize > 0,
      'inputSize1 and inputSize2 and outputSize should be positive numbers')
   parent.__init(self)
   local bias = ((bias == nil) and true) or bias
   self.weight = torch.Tensor(outputSize, inputSize1, inputSize2)
   self.gradWeight = torch.Tensor(outputSize, inputSize1, inputSize2)
   if bias then
      self.bias = torch.Tensor(outputSize)
      self.gradBias = torch.Tensor(outputSize)
   end
   self.gradInput = {torch.Tensor(), torch.Tensor()}
   self:reset()
end

function Bilinear:reset(stdv)
   if stdv then
      assert(type(stdv) == 'number' and stdv > 0, 'standard deviation should be a positive number')
      stdv = stdv * math.sqrt(3)
   else
      stdv = 1 / math.sqrt(self.weight:size(2))
   end
   self.weight:uniform(-stdv, stdv)
   if self.bias then self.bias:uniform(-stdv, stdv) end
   return self
end

function Bilinear:updateOutput(input)
   self:__assertInput(input)
   self.buff2 = self.buff2 or input[1].new()
   self.buff2:resizeAs(input[2])
   self.output:resize(input[1]:size(1), self.weight:size(1))
   for k = 1, self.weight:size(1) do
      torch.mm(self.buff2, input[1], self.weight[k])
      self.buff2:cmul(input[2])
      self.output:narrow(2, k, 1):copy(self.buff2:sum(2))
   end
   if self.bias then
      self.output:add(self.bias:reshape(1, self.bias:nElement()):expandAs(self.output))
   end
   return self.output
end

function Bilinear:updateGradInput(input, gradOutput)
   if not self.gradInput then return end
   self:__assertInput(input)
   self:__assertInputGradOutput(input, gradOutput)
   if #self.gradInput == 0 then
      for i = 1, 2 do self.gradInput[i] = input[1].new() end
   end
   local g1, g2 = self.gradInput[1], self.gradInput[2]
   g1:resizeAs(input[1]):zero()
   g2:resizeAs(input[2]):zero()
   self.buff1 = self.buff1 or input[1].new()
   self.buff2 = self.buff2 or input[1].new()
   for k = 1, self.weight:size(1) do
      local gk = gradOutput:narrow(2, k, 1)
      self.buff1:resizeAs(input[1]):mm(input[2], self.weight[k]:t())
      self.buff1:cmul(gk:expand(g1:size(1), g1:size(2)))
      g1:add(self.buff1)
      self.buff2:resizeAs(input[2]):mm(input[1], self.weight[k])
      self.buff2:cmul(gk:expand(g2:size(1), g2:size(2)))
      g2:add(self.buff2)
   end
   return self.gradInput
end

function Bilinear:accGradParameters(input, gradOutput, scale)
   scale = scale or 1
   self:__assertInputGradOutput(input, gradOutput)
   self.buff1 = self.buff1 or input[1].new()
   self.buff1:resizeAs(input[1])
   for k = 1, self.weight:size(1) do
      torch.cmul(self.buff1, input[1], gradOutput:narrow(2, k, 1):expandAs(input[1]))
      self.gradWeight[k]:addmm(scale, self.buff1:t(), input[2])
   end
   if self.bias then self.gradBias:add(scale, gradOutput:sum(1)) end
end

-- no need to accumulate parameters when sharing
function Bilinear:sharedAccUpdateGradParameters(input, gradOutput, lr)
   self:defaultAccUpdateGradParameters(input, gradOutput, lr)
end

function Bilinear:__tostring__()
   return torch.type(self) ..
      string.format('(%dx%d -> %d) %s', self.weight:size(2), self.weight:size(3), self.weight:size(1),
         (self.bias == nil and ' without bias' or ''))
end

function Bilinear:clearState()
   if self.buff2 then self.buff2:set() end
   if self.buff1 then self.buff1:set() end
   return parent.clearState(self)
end

return nn.Bilinear
