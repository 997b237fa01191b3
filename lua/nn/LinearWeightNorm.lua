-- nn.LinearWeightNorm(inputSize, outputSize[, bias]) (torch7 nn/LinearWeightNorm.lua):
-- a Linear whose weight is g * v / ||v|| (row-wise); the parameters are v, g and bias.
local LinearWeightNorm, parent = torch.class('nn.LinearWeightNorm', 'nn.Linear')

function LinearWeightNorm:__init(inputSize, outputSize, bias)
   nn.Module.__init(self) -- not Linear's constructor
   if bias == nil then bias = true end
   self.outputSize = outputSize
   self.inputSize = inputSize
   self.v = torch.Tensor(outputSize, inputSize)
   self.gradV = torch.Tensor(outputSize, inputSize)
   self.weight = torch.Tensor(outputSize, inputSize)
   self.g = torch.Tensor(outputSize, 1)
   self.gradG = torch.Tensor(outputSize, 1)
   self.norm = torch.Tensor(outputSize, 1)
   self.scale = torch.Tensor(outputSize, 1)
   if bias then
      self.bias = torch.Tensor(outputSize)
      self.gradBias = torch.Tensor(outputSize)
   end
   self:reset()
end

function LinearWeightNorm.fromLinear(linear)
   local module = nn.LinearWeightNorm(linear.weight:size(2), linear.weight:size(1), linear.bias)
   module.g = linear.weight:norm(2, 2)
   module.v = torch.cdiv(linear.weight, module.g:expandAs(linear.weight))
   if linear.bias then module.bias:copy(linear.bias) end
   return module
end

function LinearWeightNorm:toLinear()
   self:updateWeightMatrix()
   local module = nn.Linear(self.inputSize, self.outputSize, self.bias)
   module.weight:copy(self.weight)
   if self.bias then module.bias:copy(self.bias) end
   return module
end

function LinearWeightNorm:parameters()
   if self.bias then
      return {self.v, self.g, self.bias}, {self.gradV, self.gradG, self.gradBias}
   end
   return {self.v, self.g}, {self.gradV, self.gradG}
end

function LinearWeightNorm:reset(stdv)
   if stdv then
      stdv = stdv * math.sqrt(3)
   else
      stdv = 1 / math.sqrt(self.inputSize)
   end
   self.v:uniform(-stdv, stdv)
   self.g:norm(self.v, 2, 2)
   if self.bias then self.bias:uniform(-stdv, stdv) end
   self.dirty = true
end

local function addBuffer(self, input)
   local nframe = input:size(1)
   self.addBuffer = self.addBuffer or input.new()
   if self.addBuffer:nElement() ~= nframe then
      self.addBuffer:resize(nframe):fill(1)
   end
end

function LinearWeightNorm:updateWeightMatrix()
   if self.dirty or self.train then
      if self.norm:dim() == 0 then self.norm:resizeAs(self.g) end
      if self.scale:dim() == 0 then self.scale:resizeAs(self.g) end
      if self.weight:dim() == 0 then self.weight:resizeAs(self.v) end
      self.norm:norm(self.v, 2, 2)
      self.scale:copy(self.g):cdiv(self.norm)
      self.weight:copy(self.v):cmul(self.scale:expandAs(self.v))
      self.dirty = false
   end
end

local function checkinput(self, input, what)
   if not torch.isTensor(input) then
      error(string.format('%s: %s should be a Tensor (got %s)', tostring(self), what, torch.type(input)))
   end
   if input:type() ~= self.v:type() then
      error(string.format('%s: %s is a %s but the module is %s (convert one with :type())',
         tostring(self), what, input:type(), self.v:type()))
   end
end

function LinearWeightNorm:updateOutput(input)
   checkinput(self, input, 'input')
   local d = input:dim()
   if (d == 1 or d == 2) and input:size(d) ~= self.inputSize then
      error(string.format('%s: expected input of size %d or Nx%d, got %s', tostring(self),
         self.inputSize, self.inputSize, torch._size_str(input)))
   end
   self:updateWeightMatrix()
   if d == 1 then
      self.output:resize(self.weight:size(1))
      if self.bias then self.output:copy(self.bias) else self.output:zero() end
      self.output:addmv(1, self.weight, input)
   elseif d == 2 then
      local nframe = input:size(1)
      local nElement = self.output:nElement()
      self.output:resize(nframe, self.weight:size(1))
      if self.output:nElement() ~= nElement then self.output:zero() end
      addBuffer(self, input)
      self.output:addmm(0, self.output, 1, input, self.weight:t())
      if self.bias then self.output:addr(1, self.addBuffer, self.bias) end
   else
      error(string.format('%s: input must be vector or matrix (got %s)', tostring(self), torch._size_str(input)))
   end
   return self.output
end

function LinearWeightNorm:updateGradInput(input, gradOutput)
   if self.gradInput then
      checkinput(self, gradOutput, 'gradOutput')
      -- accGradParameters uses weight as a buffer: rebuild it (torch7 would use the
      -- clobbered one when backward runs twice without a forward in between)
      self:updateWeightMatrix()
      local nElement = self.gradInput:nElement()
      self.gradInput:resizeAs(input)
      if self.gradInput:nElement() ~= nElement then self.gradInput:zero() end
      if input:dim() == 1 then
         self.gradInput:addmv(0, 1, self.weight:t(), gradOutput)
      elseif input:dim() == 2 then
         self.gradInput:addmm(0, 1, gradOutput, self.weight)
      end
      return self.gradInput
   end
end

function LinearWeightNorm:accGradParameters(input, gradOutput, scale)
   scale = scale or 1
   if input:dim() == 1 then
      self.gradV:addr(scale, gradOutput, input)
      if self.bias then self.gradBias:add(scale, gradOutput) end
   elseif input:dim() == 2 then
      self.gradV:addmm(scale, gradOutput:t(), input)
      if self.bias then
         addBuffer(self, input)
         self.gradBias:addmv(scale, gradOutput:t(), self.addBuffer)
      end
   end
   local s = self.scale:expandAs(self.v)
   local norm = self.norm:expandAs(self.v)
   -- gradG = sum_j gradV .* v / ||v|| (weight is reused as a buffer)
   self.weight:copy(self.gradV):cmul(self.v):cdiv(norm)
   self.gradG:sum(self.weight, 2)
   self.gradV:cmul(s)
   self.weight:copy(self.v):cmul(s):cdiv(norm)
   self.weight:cmul(self.gradG:expandAs(self.weight))
   self.gradV:add(-1, self.weight)
   self.dirty = true
end

function LinearWeightNorm:zeroGradParameters()
   nn.Module.zeroGradParameters(self)
end

function LinearWeightNorm:updateParameters(lr)
   nn.Module.updateParameters(self, lr)
   self.dirty = true
end

function LinearWeightNorm:defaultAccUpdateGradParameters(input, gradOutput, lr)
   local gradV, gradG, gradBias = self.gradV, self.gradG, self.gradBias
   self.gradV, self.gradG, self.gradBias = self.v, self.g, self.bias
   self:accGradParameters(input, gradOutput, -lr)
   self.gradV, self.gradG, self.gradBias = gradV, gradG, gradBias
end

function LinearWeightNorm:accUpdateGradParameters(input, gradOutput, lr)
   self:defaultAccUpdateGradParameters(input, gradOutput, lr)
end

function LinearWeightNorm:clearState()
   nn.utils.clear(self, 'weight', 'norm', 'scale')
   self.dirty = true
   return nn.Module.clearState(self)
end

function LinearWeightNorm:__tostring__()
   return torch.type(self) .. string.format('(%d -> %d)', self.inputSize, self.outputSize) ..
      (self.bias == nil and ' without bias' or '')
end
