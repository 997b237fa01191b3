-- nn.Module: the base class of every layer (torch7 nn/Module.lua semantics).
local Module = torch.class('nn.Module')

function Module:__init()
   self.gradInput = torch.Tensor()
   self.output = torch.Tensor()
   self._type = self.output:type()
end

function Module:parameters()
   if self.weight and self.bias then
      return {self.weight, self.bias}, {self.gradWeight, self.gradBias}
   elseif self.weight then
      return {self.weight}, {self.gradWeight}
   elseif self.bias then
      return {self.bias}, {self.gradBias}
   else
      return
   end
end

function Module:updateOutput(input)
   return self.output
end

function Module:forward(input)
   return self:updateOutput(input)
end

function Module:backward(input, gradOutput, scale)
   scale = scale or 1
   self:updateGradInput(input, gradOutput)
   self:accGradParameters(input, gradOutput, scale)
   return self.gradInput
end

function Module:backwardUpdate(input, gradOutput, lr)
   self:updateGradInput(input, gradOutput)
   self:accUpdateGradParameters(input, gradOutput, lr)
   return self.gradInput
end

function Module:updateGradInput(input, gradOutput)
   return self.gradInput
end

function Module:accGradParameters(input, gradOutput, scale)
end

-- "update directly": swap the gradients for the weights, so that
-- accGradParameters(-lr) adds -lr * gradient into the weights
function Module:accUpdateGradParameters(input, gradOutput, lr)
   local gradWeight, gradBias = self.gradWeight, self.gradBias
   self.gradWeight, self.gradBias = self.weight, self.bias
   self:accGradParameters(input, gradOutput, -lr)
   self.gradWeight, self.gradBias = gradWeight, gradBias
end
Module.defaultAccUpdateGradParameters = Module.accUpdateGradParameters

-- for modules whose accGradParameters cannot write into shared weights
function Module:sharedAccUpdateGradParameters(input, gradOutput, lr)
   if self:parameters() then
      self:zeroGradParameters()
      self:accGradParameters(input, gradOutput, 1)
      self:updateParameters(lr)
   end
end

-- contiguous tensors are zeroed with one memset (no numpy call)
local ffi = require 'ffi'
local function zero(t)
   local C = torch._C
   if t._st ~= nil and C.is_contiguous(t) then
      local n = C.nelement(t)
      if n > 0 then ffi.fill(t._st._p + t._off, n * C.tyof(t).size, 0) end
      return t
   end
   return t:zero()
end
Module._zero = zero

function Module:zeroGradParameters()
   local _, gradParams = self:parameters()
   if gradParams then
      for i = 1, #gradParams do zero(gradParams[i]) end
   end
end

function Module:updateParameters(learningRate)
   local params, gradParams = self:parameters()
   if params then
      for i = 1, #params do params[i]:add(-learningRate, gradParams[i]) end
   end
end

function Module:training()
   self.train = true
end

function Module:evaluate()
   self.train = false
end

function Module:share(mlp, ...)
   local arg = {...}
   for _, v in ipairs(arg) do
      if self[v] ~= nil then
         self[v]:set(mlp[v])
         self.shared = true
         mlp.shared = true
      end
   end
   return self
end

-- deep copy of a Lua value: tables keep their metatables (classes), tensors get
-- fresh storages while aliasing between tensors of the copied value is kept
-- (two views of one storage stay views of one new storage), as torch7's
-- serialization round trip does.
local function deepcopy(x, memo)
   local tx = type(x)
   if tx == 'table' then
      local c = memo[x]
      if c then return c end
      c = {}
      memo[x] = c
      for k, v in pairs(x) do c[deepcopy(k, memo)] = deepcopy(v, memo) end
      local mt = getmetatable(x)
      if mt then setmetatable(c, mt) end
      return c
   elseif tx == 'cdata' then
      local c = memo[x]
      if c then return c end
      if torch.isStorage(x) then
         c = torch[torch.typename(x):match('torch%.(%a+)')](x:size())
         if x:size() > 0 then c:copy(x) end
      elseif torch.isTensor(x) then
         c = x.new()
         local s = x:storage()
         if s ~= nil then
            c:set(deepcopy(s, memo), x:storageOffset(), x:size(), x:stride())
         end
      else
         return x
      end
      memo[x] = c
      return c
   end
   return x
end
Module._deepcopy = deepcopy

function Module:clone(...)
   local clone = deepcopy(self, {})
   if select('#', ...) > 0 then clone:share(self, ...) end
   return clone
end

function Module:type(type, tensorCache)
   if not type then return self._type end
   tensorCache = tensorCache or {}
   for key, param in pairs(self) do
      self[key] = nn.utils.recursiveType(param, type, tensorCache)
   end
   self._type = type
   return self
end

function Module:float(...) return self:type('torch.FloatTensor', ...) end
function Module:double(...) return self:type('torch.DoubleTensor', ...) end
function Module:cuda(...) return self:type('torch.CudaTensor', ...) end

function Module:reset()
end

function Module:write(file)
   local var = {}
   for k, v in pairs(self) do var[k] = v end
   file:writeObject(var)
end

function Module:read(file)
   local var = file:readObject()
   for k, v in pairs(var) do self[k] = v end
end

-- one flat tensor over all the given tensors' storages; re-points every tensor
-- into it with :set (shared storages are counted once)
function Module.flatten(parameters)
   if not parameters or #parameters == 0 then return torch.Tensor() end
   local Tensor = parameters[1].new
   local storages, order, n = {}, {}, 0
   local meta = {}
   for k = 1, #parameters do
      local p = parameters[k]
      local s = p:storage()
      local key = s ~= nil and torch.pointer(s) or ('empty' .. k)
      if not storages[key] then
         storages[key] = {s, n}
         order[#order + 1] = key
         n = n + (s ~= nil and s:size() or 0)
      end
      meta[k] = {offset = p:storageOffset() + storages[key][2], size = p:size(), stride = p:stride(),
                 empty = p:nElement() == 0}
   end
   local flat = Tensor(n):zero()
   -- which elements of the storages are used by some tensor ("holes" are dropped)
   local used = n > 0 and Tensor(n):zero() or nil
   for k = 1, #parameters do
      local m = meta[k]
      if not m.empty then
         Tensor():set(used:storage(), m.offset, m.size, m.stride):fill(1)
      end
   end
   for _, key in ipairs(order) do
      local s, off = storages[key][1], storages[key][2]
      if s ~= nil and s:size() > 0 then
         flat:narrow(1, off + 1, s:size()):copy(Tensor():set(s))
      end
   end
   for k = 1, #parameters do parameters[k]:set(Tensor()) end
   local nused = used and used:sum() or 0
   if nused ~= n then
      local cum = used:cumsum(1)
      for k = 1, #parameters do
         local m = meta[k]
         if not m.empty then
            -- a tensor with holes inside its own span cannot be compacted
            local span = Tensor():set(used:storage(), m.offset, m.size, m.stride)
            if span:nElement() > 0 then
               local first = m.offset
               local last = m.offset
               for d = 1, m.size:size() do last = last + (m.size[d] - 1) * m.stride[d] end
               local inside = used:narrow(1, first, last - first + 1):sum()
               assert(inside == last - first + 1, 'Cannot gather tensors that are not compact')
            end
            m.offset = cum[m.offset]
         end
      end
      local mask = used:byte()
      flat = Tensor(nused):copy(flat:maskedSelect(mask))
   end
   for k = 1, #parameters do
      local m = meta[k]
      if m.empty then
         parameters[k]:set(flat:storage(), 1, torch.LongStorage{0})
      else
         parameters[k]:set(flat:storage(), m.offset, m.size, m.stride)
      end
   end
   return flat
end

function Module:getParameters()
   local parameters, gradParameters = self:parameters()
   local p, g = Module.flatten(parameters), Module.flatten(gradParameters)
   assert(p:nElement() == g:nElement(),
      'check that you are sharing parameters and gradParameters')
   if parameters then
      for i = 1, #parameters do
         assert(parameters[i]:storageOffset() == gradParameters[i]:storageOffset(),
            'misaligned parameter at ' .. tostring(i))
      end
   end
   return p, g
end

function Module:__call__(input, gradOutput)
   self:forward(input)
   if gradOutput then
      self:backward(input, gradOutput)
      return self.output, self.gradInput
   else
      return self.output
   end
end

-- every module of typename below (and including) self, with its container
function Module:findModules(typename, container)
   container = container or self
   local nodes, containers = {}, {}
   if torch.typename(self) == typename then
      nodes[#nodes + 1] = self
      containers[#containers + 1] = container
   end
   if self.modules ~= nil and torch.type(self.modules) == 'table' then
      for i = 1, #self.modules do
         local cn, cc = self.modules[i]:findModules(typename, self)
         for j = 1, #cn do
            nodes[#nodes + 1] = cn[j]
            containers[#containers + 1] = cc[j]
         end
      end
   end
   return nodes, containers
end

function Module:listModules()
   local function tinsert(to, from)
      if torch.type(from) == 'table' then
         for i = 1, #from do tinsert(to, from[i]) end
      else
         to[#to + 1] = from
      end
   end
   local modules = {self}
   if self.modules then
      for i = 1, #self.modules do
         local m = self.modules[i]:listModules()
         if m then tinsert(modules, m) end
      end
   end
   return modules
end

function Module:clearState()
   return nn.utils.clear(self, 'output', 'gradInput')
end

function Module:apply(callback)
   callback(self)
   if self.modules then
      for _, module in ipairs(self.modules) do module:apply(callback) end
   end
end

function Module:replace(callback)
   local out = callback(self)
   if self.modules then
      for i, module in ipairs(self.modules) do
         self.modules[i] = module:replace(callback)
      end
   end
   return out
end

return Module
