-- nn.Parallel(inputDimension, outputDimension): child i gets input:select(inputDimension, i);
-- the outputs are concatenated along outputDimension.
local L = require 'nn._layout'
local Parallel, parent = torch.class('nn.Parallel', 'nn.Container')

function Parallel:__init(inputDimension, outputDimension)
   parent.__init(self)
   self.modules = {}
   self.inputDimension = inputDimension
   self.outputDimension = outputDimension
end

local function nchildren(self, input)
   local n = input:size(self.inputDimension)
   if n > #self.modules then
      error(string.format('nn.Parallel: input has %d slices along dimension %d but there are only %d modules',
         n, self.inputDimension, #self.modules), 3)
   end
   return n
end

function Parallel:updateOutput(input)
   local n = nchildren(self, input)
   local outputs = {}
   self.totalOutputSize = self.totalOutputSize or torch.LongStorage()
   local total = self.totalOutputSize
   for i = 1, n do
      local cur = self:rethrowErrors(self.modules[i], i, 'updateOutput', input:select(self.inputDimension, i))
      outputs[i] = cur
      if i == 1 then
         total:resize(cur:dim()):copy(cur:size())
      else
         total[self.outputDimension] = total[self.outputDimension] + cur:size(self.outputDimension)
      end
   end
   self.output:resize(total)
   local offset = 1
   for i = 1, n do
      local sz = outputs[i]:size(self.outputDimension)
      self.output:narrow(self.outputDimension, offset, sz):copy(outputs[i])
      offset = offset + sz
   end
   return self.output
end

local function each(self, method, input, gradOutput, scale)
   local n = nchildren(self, input)
   if method ~= 'accGradParameters' and method ~= 'accUpdateGradParameters' then
      self.gradInput:resizeAs(input)
   end
   local offset = 1
   for i = 1, n do
      local module = self.modules[i]
      local sz = module.output:size(self.outputDimension)
      local g = gradOutput:narrow(self.outputDimension, offset, sz)
      local r = self:rethrowErrors(module, i, method, input:select(self.inputDimension, i), g, scale)
      if method == 'updateGradInput' or method == 'backward' then
         self.gradInput:select(self.inputDimension, i):copy(r)
      end
      offset = offset + sz
   end
   return self.gradInput
end

function Parallel:updateGradInput(input, gradOutput) return each(self, 'updateGradInput', input, gradOutput) end
function Parallel:accGradParameters(input, gradOutput, scale) each(self, 'accGradParameters', input, gradOutput, scale or 1) end
function Parallel:backward(input, gradOutput, scale) return each(self, 'backward', input, gradOutput, scale or 1) end
function Parallel:accUpdateGradParameters(input, gradOutput, lr) each(self, 'accUpdateGradParameters', input, gradOutput, lr) end

Parallel.__tostring__ = L.branches

return Parallel
