-- nn.ConcatTable: every child gets the same input; the output is the table of
-- their outputs. gradInput sums the children's gradInputs (tensors or nested tables).
local L = require 'nn._layout'
local ConcatTable, parent = torch.class('nn.ConcatTable', 'nn.Container')

function ConcatTable:__init()
   parent.__init(self)
   self.modules = {}
   self.output = {}
end

function ConcatTable:updateOutput(input)
   for i = 1, #self.modules do
      self.output[i] = self:rethrowErrors(self.modules[i], i, 'updateOutput', input)
   end
   for i = #self.modules + 1, #self.output do self.output[i] = nil end
   return self.output
end

-- t1 takes t2's nested structure; f(t1, k, v) handles each tensor leaf
local function retable(t1, t2, f)
   for k, v in ipairs(t2) do
      if torch.type(v) == 'table' then
         t1[k] = retable(t1[k] or {}, t2[k], f)
      else
         f(t1, k, v)
      end
   end
   for i = #t2 + 1, #t1 do t1[i] = nil end
   return t1
end

local function backward(self, method, input, gradOutput, scale)
   local isTable = torch.type(input) == 'table'
   local wasTable = torch.type(self.gradInput) == 'table'
   if isTable then
      for i, module in ipairs(self.modules) do
         local cur = self:rethrowErrors(module, i, method, input, gradOutput[i], scale)
         if torch.type(cur) ~= 'table' then
            error(string.format('nn.ConcatTable: module %d returned a %s gradInput for a table input', i,
               torch.type(cur)), 3)
         end
         if #input ~= #cur then
            error(string.format('nn.ConcatTable: table size mismatch: module %d gave %d gradInputs for %d inputs',
               i, #cur, #input), 3)
         end
         if i == 1 then
            self.gradInput = wasTable and self.gradInput or {}
            retable(self.gradInput, cur, function(t, k, v)
               t[k] = t[k] or v:clone()
               t[k]:resizeAs(v)
               t[k]:copy(v)
            end)
         else
            retable(self.gradInput, cur, function(t, k, v)
               if t[k] then t[k]:add(v) else t[k] = v:clone() end
            end)
         end
      end
   else
      self.gradInput = (not wasTable) and self.gradInput or input:clone()
      for i, module in ipairs(self.modules) do
         local cur = self:rethrowErrors(module, i, method, input, gradOutput[i], scale)
         if i == 1 then
            self.gradInput:resizeAs(cur):copy(cur)
         else
            self.gradInput:add(cur)
         end
      end
   end
   return self.gradInput
end

function ConcatTable:updateGradInput(input, gradOutput)
   return backward(self, 'updateGradInput', input, gradOutput)
end

function ConcatTable:backward(input, gradOutput, scale)
   return backward(self, 'backward', input, gradOutput, scale or 1)
end

function ConcatTable:accGradParameters(input, gradOutput, scale)
   scale = scale or 1
   for i, module in ipairs(self.modules) do
      self:rethrowErrors(module, i, 'accGradParameters', input, gradOutput[i], scale)
   end
end

function ConcatTable:accUpdateGradParameters(input, gradOutput, lr)
   for i, module in ipairs(self.modules) do
      self:rethrowErrors(module, i, 'accUpdateGradParameters', input, gradOutput[i], lr)
   end
end

ConcatTable.__tostring__ = L.branches

return ConcatTable
