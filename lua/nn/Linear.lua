-- nn.Linear: y = W x + b, for a 1-D input (inputSize) or a 2-D batch (N x inputSize).
local Linear, parent = torch.class('nn.Linear', 'nn.Module')

function Linear:__init(inputSize, outputSize, bias)
   parent.__init(self)
   if type(inputSize) ~= 'number' or type(outputSize) ~= 'number' then
      error('nn.Linear(inputSize, outputSize[, bias]) expects two numbers', 2)
   end
   bias = (bias == nil) and true or bias
   self.weight = torch.Tensor(outputSize, inputSize)
   self.gradWeight = torch.Tensor(outputSize, inputSize)
   if bias then
      self.bias = torch.Tensor(outputSize)
      self.gradBias = torch.Tensor(outputSize)
   end
   self:reset()
end

function Linear:noBias()
   self.bias = nil
   self.gradBias = nil
   return self
end

function Linear:reset(stdv)
   if stdv then
      stdv = stdv * math.sqrt(3)
   else
      stdv = 1 / math.sqrt(self.weight:size(2))
   end
   if nn.oldSeed then
      for i = 1, self.weight:size(1) do
         self.weight:select(1, i):apply(function() return torch.uniform(-stdv, stdv) end)
      end
      if self.bias then
         for i = 1, self.bias:nElement() do self.bias[i] = torch.uniform(-stdv, stdv) end
      end
   else
      self.weight:uniform(-stdv, stdv)
      if self.bias then self.bias:uniform(-stdv, stdv) end
   end
   return self
end

local function sizestr(t)
   if t:dim() == 0 then return 'an empty tensor' end
   local s = {}
   for i = 1, t:dim() do s[i] = tostring(t:size(i)) end
   return table.concat(s, 'x')
end

local function badinput(self, input, level)
   local n = self.weight:size(2)
   if not torch.isTensor(input) then
      error(string.format('%s: expected input of size %d or Nx%d, got %s', tostring(self), n, n,
         torch.type(input)), level)
   end
   local d = input:dim()
   if d ~= 1 and d ~= 2 then
      error(string.format('%s: input must be vector or matrix (size %d or Nx%d), got %s', tostring(self), n, n,
         sizestr(input)), level)
   end
   error(string.format('%s: expected input of size %d or Nx%d, got %s', tostring(self), n, n, sizestr(input)),
      level)
end

local function badgrad(self, input, gradOutput, level)
   local m = self.weight:size(1)
   local want = input:dim() == 1 and tostring(m) or (input:size(1) .. 'x' .. m)
   error(string.format('%s: expected gradOutput of size %s, got %s', tostring(self), want,
      torch.isTensor(gradOutput) and sizestr(gradOutput) or torch.type(gradOutput)), level)
end

function Linear:updateAddBuffer(input)
   local nframe = input:size(1)
   self.addBuffer = self.addBuffer or input.new()
   if self.addBuffer:nElement() ~= nframe then
      self.addBuffer:resize(nframe):fill(1)
   end
end

function Linear:updateOutput(input)
   local W = self.weight
   if not torch.isTensor(input) then badinput(self, input, 2) end
   local d = input:dim()
   if d == 1 then
      if input:size(1) ~= W:size(2) then badinput(self, input, 2) end
      self.output:resize(W:size(1))
      if self.bias then self.output:copy(self.bias) else self.output:zero() end
      self.output:addmv(1, W, input)
   elseif d == 2 then
      if input:size(2) ~= W:size(2) then badinput(self, input, 2) end
      local nframe = input:size(1)
      local nElement = self.output:nElement()
      self.output:resize(nframe, W:size(1))
      if self.output:nElement() ~= nElement then self.output:zero() end
      self:updateAddBuffer(input)
      self.output:addmm(0, self.output, 1, input, W:t())
      if self.bias then self.output:addr(1, self.addBuffer, self.bias) end
   else
      badinput(self, input, 2)
   end
   return self.output
end

function Linear:updateGradInput(input, gradOutput)
   if self.gradInput then
      if not torch.isTensor(gradOutput) or gradOutput:nElement() ~= (input:dim() == 2 and input:size(1) or 1) * self.weight:size(1) then
         badgrad(self, input, gradOutput, 2)
      end
      local nElement = self.gradInput:nElement()
      self.gradInput:resizeAs(input)
      if self.gradInput:nElement() ~= nElement then self.gradInput:zero() end
      if input:dim() == 1 then
         self.gradInput:addmv(0, 1, self.weight:t(), gradOutput)
      elseif input:dim() == 2 then
         self.gradInput:addmm(0, 1, gradOutput, self.weight)
      else
         badinput(self, input, 2)
      end
      return self.gradInput
   end
end

function Linear:accGradParameters(input, gradOutput, scale)
   scale = scale or 1
   if input:dim() == 1 then
      self.gradWeight:addr(scale, gradOutput, input)
      if self.bias then self.gradBias:add(scale, gradOutput) end
   elseif input:dim() == 2 then
      self.gradWeight:addmm(scale, gradOutput:t(), input)
      if self.bias then
         self:updateAddBuffer(input)
         self.gradBias:addmv(scale, gradOutput:t(), self.addBuffer)
      end
   else
      badinput(self, input, 2)
   end
end

-- the weights are not swapped for shared modules, so the default path is safe
Linear.sharedAccUpdateGradParameters = Linear.accUpdateGradParameters

function Linear:clearState()
   if self.addBuffer then self.addBuffer:set() end
   return parent.clearState(self)
end

function Linear:__tostring__()
   return torch.type(self) ..
      string.format('(%d -> %d)', self.weight:size(2), self.weight:size(1)) ..
      (self.bias == nil and ' without bias' or '')
end

return Linear
