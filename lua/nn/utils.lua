-- nn.utils: helpers over tensors and (nested) tables of tensors (torch7 nn/utils.lua).
nn.utils = rawget(nn, "utils") or {}
local utils = nn.utils

local function istensor(x) return torch.isTensor(x) end

-- convert tensors (recursively inside tables and modules) to `type`; tensorCache
-- maps old tensors and storages to new ones so sharing survives the conversion
function utils.recursiveType(param, type, tensorCache)
   tensorCache = tensorCache or {}
   if torch.type(param) == 'table' then
      for k, v in pairs(param) do
         param[k] = utils.recursiveType(v, type, tensorCache)
      end
   elseif torch.isTypeOf(param, 'nn.Module') or torch.isTypeOf(param, 'nn.Criterion') then
      param:type(type, tensorCache)
   elseif istensor(param) then
      if torch.typename(param) ~= type then
         local newparam = tensorCache[param]
         if not newparam then
            local ctor = torch[type:match('torch%.(%a+)')]
            if not ctor then
               local hint = tostring(type):find('Cuda') and ' (luann runs on the CPU: use :float() or :double())' or ''
               error('nn.utils.recursiveType: unknown tensor type ' .. tostring(type) .. hint, 2)
            end
            newparam = ctor()
            local s = param:storage()
            if s ~= nil then
               local key = torch.pointer(s)
               local ns = tensorCache[key]
               if not ns then
                  local sctor = torch[type:match('torch%.(%a+)'):gsub('Tensor', 'Storage')]
                  ns = sctor(s:size())
                  if s:size() > 0 then ns:copy(s) end
                  tensorCache[key] = ns
               end
               newparam:set(ns, param:storageOffset(), param:size(), param:stride())
            end
            tensorCache[param] = newparam
         end
         param = newparam
      end
   end
   return param
end

function utils.recursiveResizeAs(t1, t2)
   if torch.type(t2) == 'table' then
      t1 = (torch.type(t1) == 'table') and t1 or {t1}
      for key, _ in pairs(t2) do
         t1[key], t2[key] = utils.recursiveResizeAs(t1[key], t2[key])
      end
      for key, _ in pairs(t1) do
         if not t2[key] then t1[key] = nil end
      end
   elseif istensor(t2) then
      t1 = istensor(t1) and t1 or t2.new()
      t1:resizeAs(t2)
   else
      error('expecting nested tensors or tables. Got ' .. torch.type(t1) .. ' and ' .. torch.type(t2) .. ' instead')
   end
   return t1, t2
end

function utils.recursiveFill(t2, val)
   if torch.type(t2) == 'table' then
      for key, _ in pairs(t2) do t2[key] = utils.recursiveFill(t2[key], val) end
   elseif istensor(t2) then
      t2:fill(val)
   else
      error('expecting tensor or table thereof. Got ' .. torch.type(t2) .. ' instead')
   end
   return t2
end

function utils.recursiveAdd(t1, val, t2)
   if not t2 then
      assert(val, 'expecting at least two arguments')
      t2 = val
      val = 1
   end
   val = val or 1
   if torch.type(t2) == 'table' then
      t1 = (torch.type(t1) == 'table') and t1 or {t1}
      for key, _ in pairs(t2) do
         t1[key], t2[key] = utils.recursiveAdd(t1[key], val, t2[key])
      end
   elseif istensor(t1) and istensor(t2) then
      t1:add(val, t2)
   else
      error('expecting nested tensors or tables. Got ' .. torch.type(t1) .. ' and ' .. torch.type(t2) .. ' instead')
   end
   return t1, t2
end

function utils.recursiveCopy(t1, t2, async)
   if torch.type(t2) == 'table' then
      t1 = (torch.type(t1) == 'table') and t1 or {t1}
      for key, _ in pairs(t2) do
         t1[key], t2[key] = utils.recursiveCopy(t1[key], t2[key], async)
      end
   elseif istensor(t2) then
      t1 = istensor(t1) and t1 or t2.new()
      t1:resizeAs(t2):copy(t2)
   else
      error('expecting nested tensors or tables. Got ' .. torch.type(t1) .. ' and ' .. torch.type(t2) .. ' instead')
   end
   return t1, t2
end

-- a view of t with a size-1 dimension inserted at dim
function utils.addSingletonDimension(...)
   local view, t, dim
   if select('#', ...) < 3 then
      t, dim = select(1, ...)
   else
      view, t, dim = select(1, ...)
      assert(torch.isTensor(view), 'output tensor expected, got ' .. type(view))
   end
   assert(torch.isTensor(t), 'input tensor expected')
   dim = dim or 1
   assert(dim > 0 and dim <= (t:dim() + 1), 'invalid dimension: ' .. dim .. '. Tensor is of ' .. t:dim() .. ' dimensions.')
   view = view or t.new()
   local size = torch.LongStorage(t:dim() + 1)
   local stride = torch.LongStorage(t:dim() + 1)
   for d = 1, dim - 1 do
      size[d] = t:size(d)
      stride[d] = t:stride(d)
   end
   size[dim] = 1
   stride[dim] = 1
   for d = dim + 1, t:dim() + 1 do
      size[d] = t:size(d - 1)
      stride[d] = t:stride(d - 1)
   end
   view:set(t:storage(), t:storageOffset(), size, stride)
   return view
end

-- a view of `input` with the given sizes, copying into `output` when not contiguous
function utils.contiguousView(output, input, ...)
   output = output or input.new()
   if input:isContiguous() then
      output:view(input, ...)
   else
      output:resize(input:size())
      output:copy(input)
      output:view(output, ...)
   end
   return output
end

-- empty the named fields of a module (tensors :set(), tables emptied)
function utils.clear(self, ...)
   local arg = {...}
   if #arg > 0 and type(arg[1]) == 'table' then arg = arg[1] end
   local function clear(f)
      if self[f] then
         if torch.isTensor(self[f]) then
            self[f]:set()
         elseif type(self[f]) == 'table' then
            self[f] = {}
         else
            self[f] = nil
         end
      end
   end
   for _, v in ipairs(arg) do clear(v) end
   return self
end

return utils
