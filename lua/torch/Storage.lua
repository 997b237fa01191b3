-- torch.XStorage: 1-based, bounds-checked arrays of one C type.
local torch, B, T, C = ...
local ffi = require 'ffi'

local printing

local function check_index(s, i, level)
   if type(i) ~= 'number' then error('bad argument #2 (index must be a number)', level) end
   if i < 1 or i > s._n then
      error(string.format('index %d out of range (storage of size %d)', i, s._n), level)
   end
end

for _, ty in ipairs(T.list) do
   local methods = {}
   local mt = {__typename = ty.sname, __version = 1}
   local half = ty.half

   local function get(s, i)
      if half then return B.K.scalar(C.SA[s], i - 1) end
      return tonumber(s._p[i - 1])
   end

   mt.__index = function(s, k)
      if type(k) == 'number' then
         check_index(s, k, 2)
         return get(s, k)
      end
      return methods[k]
   end
   mt.__newindex = function(s, k, v)
      if type(k) == 'number' then
         check_index(s, k, 2)
         if type(v) ~= 'number' then error('bad argument #3 to storage assignment (number expected, got ' .. type(v) .. ')', 2) end
         if half then B.K.fill(B.K.view(C.SA[s], k - 1, 1, 1), v) else s._p[k - 1] = v end
         return
      end
      error('cannot set field <' .. tostring(k) .. '> of a ' .. ty.sname, 2)
   end
   mt.__len = function(s) return s._n end
   mt.__tostring = function(s)
      printing = printing or B.pyimport('luann.kernels.printing')
      return printing.format_storage(B.K.view(C.SA[s], 0, s._n, 1), ty.sname)
   end
   mt.__eq = function(a, b) return rawequal(a, b) end
   mt.__gc = nil
   ffi.metatype(ty.sct, mt)

   local function new(...)
      local n = select('#', ...)
      local a1, a2, a3 = ...
      if n == 0 or a1 == nil then return C.new_storage(ty, 0) end
      if type(a1) == 'number' then
         if a1 < 0 then error('bad argument #1 to ' .. ty.sname .. ' (size must be non-negative)', 2) end
         -- (size, pointer): wrap raw memory, the pointer a cdata or a number (torch.data(t, true))
         if (type(a2) == 'cdata' and not C.isstorage(a2)) or (type(a2) == 'number' and a2 ~= 0) then
            local addr = tonumber(ffi.cast('intptr_t', ffi.cast('void *', a2)))
            local arr = B.wrap_address(ty.dt, addr, a1)
            return C.storage_from_array(ty, arr, addr, a1)
         end
         return C.new_storage(ty, a1)
      elseif type(a1) == 'table' then
         local s = C.new_storage(ty, #a1)
         for i = 1, #a1 do
            local v = a1[i]
            if type(v) ~= 'number' then v = type(v) == 'string' and tonumber(v) or nil end -- as lua_tonumber
            if v == nil then error('element at index ' .. i .. ' is not a number', 2) end
            if half then B.K.fill(B.K.view(C.SA[s], i - 1, 1, 1), v) else s._p[i - 1] = v end
         end
         return s
      elseif C.isstorage(a1) then
         -- a view on another storage: (storage, offset, size)
         local off = (a2 or 1) - 1
         if off < 0 or off >= a1._n then error('offset out of bounds', 2) end
         local sz = a3 or (a1._n - off)
         if sz < 1 or off + sz > a1._n then error('size out of bounds', 2) end
         if C.tyof(a1) ~= ty then error('bad argument #1 to ' .. ty.sname .. ' (expected a ' .. ty.sname .. ')', 2) end
         local arr = C.SA[a1]
         local sub = B.K.view(arr, off, sz, 1)
         return C.storage_from_array(ty, sub, B.address(sub), sz)
      elseif type(a1) == 'string' then
         local shared, size = a2, a3
         local arr = B.K.map_file(a1, ty.dt, shared and true or false, size or 0)
         return C.storage_from_array(ty, arr, B.address(arr), B.K.length(arr))
      end
      error('bad argument #1 to ' .. ty.sname .. ' (expecting number or table or storage or filename)', 2)
   end
   ty.new_storage = new

   function methods.size(s) return s._n end
   function methods.elementSize() return ty.size end
   function methods.fill(s, v)
      if type(v) ~= 'number' then
         local n = type(v) == 'string' and tonumber(v) or nil -- luaL_checknumber
         if n == nil then error("bad argument #1 to 'fill' (number expected, got " .. type(v) .. ')', 2) end
         v = n
      end
      B.K.fill(C.SA[s], ty.cast(v)); return s
   end
   function methods.zero(s) B.K.fill(C.SA[s], 0); return s end
   function methods.copy(s, src)
      local sa
      if C.isstorage(src) then sa = C.SA[src]
      elseif C.istensor(src) then sa = C.np(src)
      else error('bad argument #1 to copy (storage expected)', 2) end
      if B.K.length(sa) ~= s._n then error(string.format('copy: sizes do not match (%d vs %d)', s._n, B.K.length(sa)), 2) end
      B.K.copy(C.SA[s], sa)
      return s
   end
   function methods.resize(s, n)
      if type(n) ~= 'number' or n < 0 then error('bad argument #1 to resize (non-negative number expected)', 2) end
      C.resize_storage(s, n); return s
   end
   function methods.totable(s)
      local r = {}
      for i = 1, s._n do r[i] = get(s, i) end
      return r
   end
   -- string() exists only on ByteStorage and CharStorage, as in torch7
   if ty.name == 'Byte' or ty.name == 'Char' then
      function methods.string(s, str)
         if str ~= nil then
            s:resize(#str)
            ffi.copy(s._p, str, #str)
            return s
         end
         return ffi.string(s._p, s._n)
      end
   end
   function methods.data(s) return s._p end
   function methods.cdata(s) return s end
   function methods.retain(s) end -- torch7: no result
   function methods.free(s) end
   function methods.type(s, name)
      if name == nil then return ty.sname end
      local ty2 = T.byname[name]
      if not ty2 then error('unknown type ' .. tostring(name), 2) end
      if ty2 == ty then return s end
      local r = C.new_storage(ty2, s._n)
      B.K.copy(C.SA[r], C.SA[s])
      return r
   end
   for _, other in ipairs(T.list) do
      methods[other.name:lower()] = function(s) return methods.type(s, other.sname) end
   end
   function methods.isStorage() return true end
   function methods.__tostring__(s) return mt.__tostring(s) end
   ty.storage_methods = methods

   local ctor = setmetatable({}, {
      __call = function(_, ...) return new(...) end,
      __index = methods,
      __tostring = function() return ty.sname end,
   })
   methods.new = new
   torch[ty.name .. 'Storage'] = ctor
   torch._register_type(ty.sname, mt, ctor)
   ty.storage_mt = mt
end

function torch.isStorage(x) return C.isstorage(x) end
