-- nn.Container: a module holding child modules in self.modules (torch7 nn/Container.lua).
local Container, parent = torch.class('nn.Container', 'nn.Module')

function Container:__init(...)
   parent.__init(self, ...)
   self.modules = {}
end

-- the argument check of add (Sequential's too): a module, not a number, nor the class itself
function Container:_checkModule(module)
   local tn = type(module) == 'table' and torch.typename(module)
   if tn and rawequal(module, torch.getconstructortable(tn)) then
      error(string.format('%s:add(module): expected an nn.Module, got the class %s itself (create one with %s(...))',
         torch.type(self), tn, tn))
   end
   if type(module) ~= 'table' or not torch.isTypeOf(module, 'nn.Module') then
      error(string.format('%s:add(module): expected an nn.Module, got %s', torch.type(self), torch.type(module)))
   end
end

function Container:add(module)
   self:_checkModule(module)
   table.insert(self.modules, module)
   return self
end

function Container:get(index)
   return self.modules[index]
end

function Container:size()
   return #self.modules
end

-- errors raised inside a child are prefixed with "In <i> module of <type>:";
-- the innermost container appends the traceback, as torch7 does
local function addtraceback(err)
   err = torch._relocate(err)
   if type(err) == 'string' and not err:find('stack traceback', 1, true) then
      local tb = debug.traceback()
      local _, l1 = tb:find('^.-\n')
      local _, l2 = tb:find('^.-\n.-\n')
      if l1 and l2 then tb = tb:sub(1, l1) .. tb:sub(l2 + 1) end
      err = err .. '\n' .. tb
   end
   return err
end

function Container:rethrowErrors(module, moduleIndex, funcName, ...)
   local ok, ret = xpcall(module[funcName], addtraceback, module, ...)
   if not ok then
      if type(ret) == 'string' then
         -- the outer message carries the user's file:line; the same position on
         -- the wrapped message (a nested container's, or an nn check's) is dropped
         local pos = torch._user_position()
         if pos ~= '' and ret:sub(1, #pos) == pos then ret = ret:sub(#pos + 1) end
         ret = pos .. string.format('In %d module of %s:', moduleIndex, torch.type(self)) .. '\n' .. ret
      end
      error(ret, 0)
   end
   return ret
end

function Container:applyToModules(func)
   for _, module in ipairs(self.modules) do func(module) end
end

function Container:zeroGradParameters()
   self:applyToModules(function(module) module:zeroGradParameters() end)
end

function Container:updateParameters(learningRate)
   self:applyToModules(function(module) module:updateParameters(learningRate) end)
end

function Container:training()
   self:applyToModules(function(module) module:training() end)
   parent.training(self)
end

function Container:evaluate()
   self:applyToModules(function(module) module:evaluate() end)
   parent.evaluate(self)
end

function Container:share(mlp, ...)
   for i = 1, #self.modules do
      self.modules[i]:share(mlp.modules[i], ...)
   end
   return self
end

function Container:reset(stdv)
   self:applyToModules(function(module) module:reset(stdv) end)
end

function Container:parameters()
   local function tinsert(to, from)
      if type(from) == 'table' then
         for i = 1, #from do tinsert(to, from[i]) end
      else
         to[#to + 1] = from
      end
   end
   local w, gw = {}, {}
   for i = 1, #self.modules do
      local mw, mgw = self.modules[i]:parameters()
      if mw then
         tinsert(w, mw)
         tinsert(gw, mgw)
      end
   end
   return w, gw
end

function Container:clearState()
   -- no :set() here: output/gradInput may be a child's tensors
   local function clear(f)
      if self[f] then
         if torch.isTensor(self[f]) then
            self[f] = self[f].new()
         elseif type(self[f]) == 'table' then
            self[f] = {}
         else
            self[f] = nil
         end
      end
   end
   clear('output')
   clear('gradInput')
   if self.modules then
      for _, module in pairs(self.modules) do module:clearState() end
   end
   return self
end

return Container
