-- Low-level plumbing shared by Storage.lua, Tensor.lua and TensorMath.lua:
-- allocation, the storage/tensor structs, geometry, numpy views.
local torch, B, T = ...
local ffi = require 'ffi'

local C = {}
local SA = setmetatable({}, {__mode = 'k'})   -- storage struct -> numpy array it points into
local TS = setmetatable({}, {__mode = 'k'})   -- tensor struct  -> storage struct (keeps it alive)
local TV = setmetatable({}, {__mode = 'k'})   -- tensor struct  -> cached numpy view
C.SA, C.TS, C.TV = SA, TS, TV

local Bview, Balloc, Badopt = B.K.view, B.alloc, B.adopt
local MAXDIM = torch._MAXDIM

-- type of a tensor/storage struct: ty record (from types.lua)
local TY = {}
for _, ty in ipairs(T.list) do TY[tonumber(ty.tct)] = ty; TY[tonumber(ty.sct)] = ty end
function C.tyof(x)
   return TY[tonumber(ffi.typeof(x))]
end

local tensor_ct, storage_ct = {}, {}
for _, ty in ipairs(T.list) do tensor_ct[tonumber(ty.tct)] = ty; storage_ct[tonumber(ty.sct)] = ty end
function C.istensor(x)
   return type(x) == 'cdata' and tensor_ct[tonumber(ffi.typeof(x))] ~= nil
end
function C.isstorage(x)
   return type(x) == 'cdata' and storage_ct[tonumber(ffi.typeof(x))] ~= nil
end
function C.tensorty(x)
   if type(x) ~= 'cdata' then return nil end
   return tensor_ct[tonumber(ffi.typeof(x))]
end
function C.storagety(x)
   if type(x) ~= 'cdata' then return nil end
   return storage_ct[tonumber(ffi.typeof(x))]
end

-- storages ---------------------------------------------------------------------
function C.storage_from_array(ty, arr, addr, n)
   local s = ty.sct()
   s._p = ffi.cast(ty.ptrt, addr)
   s._n = n
   SA[s] = arr
   return s
end

function C.new_storage(ty, n)
   local arr, addr = Balloc(ty.dt, n)
   return C.storage_from_array(ty, arr, addr, n)
end

function C.storage_array(s) return SA[s] end

-- reallocate, keeping the prefix; tensors see the new data via the struct
function C.resize_storage(s, n)
   local old = SA[s]
   local ty = C.tyof(s)
   local arr, addr = Balloc(ty.dt, n)
   local keep = math.min(n, s._n)
   if keep > 0 then B.K.copy(B.K.view(arr, 0, keep, 1), B.K.view(old, 0, keep, 1)) end
   SA[s] = arr
   s._p = ffi.cast(ty.ptrt, addr)
   s._n = n
   s._ver = s._ver + 1
end

-- tensors ----------------------------------------------------------------------
-- a new tensor struct on storage s (may be nil) with the geometry given as Lua arrays
function C.make(ty, s, off, nd, sz, sr)
   local t = ty.tct()
   if s ~= nil then t._st = s; TS[t] = s end
   t._off = off or 0
   t._nd = nd or 0
   if nd and nd > 0 then
      for i = 1, nd do t._sz[i - 1] = sz[i] end
      if sr then
         for i = 1, nd do t._sr[i - 1] = sr[i] end
      else
         local st = 1
         for i = nd, 1, -1 do t._sr[i - 1] = st; st = st * sz[i] end
      end
   end
   return t
end

-- a new tensor struct with the same storage and geometry as t
function C.alias(t)
   local u = C.tyof(t).tct(t)
   local s = TS[t]
   if s then TS[u] = s end
   u._vv = -1
   return u
end

function C.storage_of(t) return TS[t] end

-- typed pointer to a tensor's first element (the FFI fast paths index it 0-based)
function C.ptr(t) return t._st._p + t._off end
-- do two tensors' memory spans ([first, last] element each can touch) not overlap? (FFI BLAS calls
-- need operands apart from their result; same element type assumed)
function C.disjoint(a, b)
   local a0, b0 = C.ptr(a), C.ptr(b)
   local a1, b1 = a0, b0
   for i = 0, a._nd - 1 do a1 = a1 + (a._sz[i] - 1) * a._sr[i] end
   for i = 0, b._nd - 1 do b1 = b1 + (b._sz[i] - 1) * b._sr[i] end
   return a1 < b0 or b1 < a0
end

function C.nelement(t)
   local nd = t._nd
   if nd == 0 then return 0 end
   local n = 1
   for i = 0, nd - 1 do n = n * t._sz[i] end
   return n
end

function C.is_contiguous(t)
   local st = 1
   for i = t._nd - 1, 0, -1 do
      local sz = t._sz[i]
      if sz ~= 1 then
         if t._sr[i] ~= st then return false end
         st = st * sz
      end
   end
   return true
end

function C.invalidate(t) TV[t] = nil end

-- set t's sizes (Lua array) with contiguous strides, growing the storage as needed;
-- keeps strides when the sizes are unchanged, as torch7 does
function C.resize(t, nd, sz)
   local same = (t._nd == nd)
   if same then
      for i = 1, nd do if t._sz[i - 1] ~= sz[i] then same = false; break end end
   end
   if same then return t end
   -- torch7 (THTensor_resizeNd) stops at the first size <= 0: Tensor(2,0) is 1-D
   for i = 1, nd do
      if sz[i] <= 0 then nd = i - 1; break end
   end
   if nd > MAXDIM then error('luann: tensors are limited to ' .. MAXDIM .. ' dimensions', 3) end
   local n = 1
   for i = 1, nd do
      n = n * sz[i]
   end
   if nd == 0 then n = 0 end
   t._nd = nd
   local st = 1
   for i = nd, 1, -1 do t._sz[i - 1] = sz[i]; t._sr[i - 1] = st; st = st * sz[i] end
   if n > 0 then
      local s = TS[t]
      local need = t._off + n
      if s == nil then
         s = C.new_storage(C.tyof(t), need)
         t._st = s; TS[t] = s
      elseif s._n < need then
         C.resize_storage(s, need)
      end
   end
   TV[t] = nil
   return t
end

function C.sizes(t)
   local r = {}
   for i = 1, t._nd do r[i] = t._sz[i - 1] end
   return r
end

function C.strides(t)
   local r = {}
   for i = 1, t._nd do r[i] = t._sr[i - 1] end
   return r
end

-- numpy views ----------------------------------------------------------------------
local empties = {}
function C.np(t)
   local s = t._st
   if s == nil then
      local ty = C.tyof(t)
      local e = empties[ty.dt]
      if not e then e = B.np_.empty(0, ty.dt); empties[ty.dt] = e end
      return e
   end
   local v = TV[t]
   if v ~= nil and t._vv == s._ver then return v end
   local arr = SA[TS[t]]
   local nd, sz, sr, off = t._nd, t._sz, t._sr, t._off
   if nd == 1 then v = Bview(arr, off, sz[0], sr[0])
   elseif nd == 2 then v = Bview(arr, off, sz[0], sz[1], sr[0], sr[1])
   elseif nd == 3 then v = Bview(arr, off, sz[0], sz[1], sz[2], sr[0], sr[1], sr[2])
   elseif nd == 4 then v = Bview(arr, off, sz[0], sz[1], sz[2], sz[3], sr[0], sr[1], sr[2], sr[3])
   else
      local g = {}
      for i = 0, nd - 1 do g[#g + 1] = sz[i] end
      for i = 0, nd - 1 do g[#g + 1] = sr[i] end
      v = Bview(arr, off, unpack(g))
   end
   TV[t] = v
   t._vv = s._ver
   return v
end

-- wrap a numpy array (any layout) as a new contiguous tensor of type ty (or the array's type)
function C.from_array(arr, ty)
   local res = {Badopt(arr, ty and ty.dt or nil)}
   local flat, addr, n, nd = res[1], res[2], res[3], res[4]
   if not ty then ty = T.bydtype[B.dtype_name(flat)] or T.byname.Double end
   local s = C.storage_from_array(ty, flat, addr, n)
   local sz = {}
   for i = 1, nd do sz[i] = res[4 + i] end
   if nd == 0 then sz = {1}; nd = 1 end
   if n == 0 then return C.make(ty, nil, 0, 0) end
   return C.make(ty, s, 0, nd, sz)
end

return C
