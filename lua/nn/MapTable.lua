-- nn.MapTable(module[, shared = true]): applies clones of one module to every entry
-- of the input table; the clones share weight/bias/gradWeight/gradBias by default.
local MapTable, parent = torch.class('nn.MapTable', 'nn.Container')

function MapTable:__init(module, shared)
   parent.__init(self)
   self.shared = (shared == nil) and true or shared
   self.sharedparams = {'weight', 'bias', 'gradWeight', 'gradBias'}
   self.output = {}
   self.gradInput = {}
   if module then self:add(module) end
end

function MapTable:_extend(n)
   self.sharedparams = self.sharedparams or {'weight', 'bias', 'gradWeight', 'gradBias'}
   self.modules[1] = self.module
   for i = 2, n do
      if not self.modules[i] then
         if self.shared then
            self.modules[i] = self.module:clone(unpack(self.sharedparams))
         else
            self.modules[i] = self.module:clone()
         end
      end
   end
end

function MapTable:resize(n)
   self:_extend(n)
   for i = n + 1, #self.modules do self.modules[i] = nil end
end

function MapTable:add(module)
   assert(not self.module, 'Single module required')
   self.module = module
   self.modules[1] = self.module
   return self
end

local function checktable(x, what)
   if type(x) ~= 'table' then
      error(string.format('nn.MapTable: expected a table %s, got %s', what, torch.type(x)), 3)
   end
end

function MapTable:updateOutput(input)
   checktable(input, 'input')
   self.output = {}
   self:_extend(#input)
   for i = 1, #input do
      self.output[i] = self:rethrowErrors(self.modules[i], i, 'updateOutput', input[i])
   end
   return self.output
end

function MapTable:updateGradInput(input, gradOutput)
   checktable(gradOutput, 'gradOutput')
   self.gradInput = {}
   self:_extend(#input)
   for i = 1, #input do
      self.gradInput[i] = self:rethrowErrors(self.modules[i], i, 'updateGradInput', input[i], gradOutput[i])
   end
   return self.gradInput
end

function MapTable:accGradParameters(input, gradOutput, scale)
   scale = scale or 1
   self:_extend(#input)
   for i = 1, #input do
      self:rethrowErrors(self.modules[i], i, 'accGradParameters', input[i], gradOutput[i], scale)
   end
end

function MapTable:accUpdateGradParameters(input, gradOutput, lr)
   lr = lr or 1
   self:_extend(#input)
   for i = 1, #input do
      self:rethrowErrors(self.modules[i], i, 'accUpdateGradParameters', input[i], gradOutput[i], lr)
   end
end

function MapTable:zeroGradParameters()
   if self.module then
      if self.shared then self.module:zeroGradParameters() else parent.zeroGradParameters(self) end
   end
end

function MapTable:updateParameters(learningRate)
   if self.module then
      if self.shared then self.module:updateParameters(learningRate) else parent.updateParameters(self, learningRate) end
   end
end

function MapTable:clearState()
   for i = 2, #self.modules do self.modules[i] = nil end
   return parent.clearState(self)
end

function MapTable:__tostring__()
   local tab = '  '
   local line = '\n'
   local extlast = '      '
   local str = torch.type(self)
   if not self.modules[1] then return str .. ' { }' end
   str = str .. ' {' .. line .. tab
   str = str .. tostring(self.modules[1]):gsub(line, line .. tab .. extlast) .. line .. '}'
   return str
end

return MapTable
