-- nn.Concat(dimension): every child gets the same input; outputs are concatenated
-- along `dimension`; gradInput sums the children's.
local L = require 'nn._layout'
local Concat, parent = torch.class('nn.Concat', 'nn.Container')

function Concat:__init(dimension)
   parent.__init(self)
   self.outputSize = torch.LongStorage()
   self.dimension = dimension
end

-- the slice of `t` where child output `cur` goes (DepthConcat also centres it)
function Concat:windowNarrow(t, cur, offset)
   return t:narrow(self.dimension, offset, cur:size(self.dimension))
end

function Concat:_outputSize(outs)
   for i, cur in ipairs(outs) do
      if i == 1 then
         self.outputSize:resize(cur:dim()):copy(cur:size())
      else
         if cur:dim() ~= self.outputSize:size() then
            error(string.format('%s: output of module %d has %d dimensions, module 1 has %d', torch.type(self), i,
               cur:dim(), self.outputSize:size()), 4)
         end
         self.outputSize[self.dimension] = self.outputSize[self.dimension] + cur:size(self.dimension)
      end
   end
end

function Concat:updateOutput(input)
   self.outputSize = self.outputSize or torch.LongStorage()
   local outs = {}
   for i = 1, #self.modules do
      outs[i] = self:rethrowErrors(self.modules[i], i, 'updateOutput', input)
   end
   self:_outputSize(outs)
   self.output:resize(self.outputSize)
   self:_fillOutput(outs)
   return self.output
end

function Concat:_fillOutput(outs)
   local offset = 1
   for i = 1, #outs do
      self:windowNarrow(self.output, outs[i], offset):copy(outs[i])
      offset = offset + outs[i]:size(self.dimension)
   end
end

local function each(self, method, input, gradOutput, scale)
   local grad = method == 'updateGradInput' or method == 'backward'
   if grad then self.gradInput:resizeAs(input) end
   local offset = 1
   for i, module in ipairs(self.modules) do
      local cur = module.output
      local g = self:windowNarrow(gradOutput, cur, offset)
      local r = self:rethrowErrors(module, i, method, input, g, scale)
      if grad and r then
         if i == 1 then self.gradInput:copy(r) else self.gradInput:add(r) end
      end
      offset = offset + cur:size(self.dimension)
   end
   return self.gradInput
end

function Concat:updateGradInput(input, gradOutput) return each(self, 'updateGradInput', input, gradOutput) end
function Concat:accGradParameters(input, gradOutput, scale) each(self, 'accGradParameters', input, gradOutput, scale or 1) end
function Concat:backward(input, gradOutput, scale) return each(self, 'backward', input, gradOutput, scale or 1) end
function Concat:accUpdateGradParameters(input, gradOutput, lr) each(self, 'accUpdateGradParameters', input, gradOutput, lr) end

Concat.__tostring__ = L.branches

return Concat
