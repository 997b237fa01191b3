-- The element types and the C structs that tensors and storages are.
--
-- A storage is an FFI struct holding a typed pointer into a numpy array (kept
-- alive in the weak table `SA`); a tensor is an FFI struct with a pointer to its
-- storage struct, an offset and sizes/strides.  Element reads and writes go
-- through the pointers in LuaJIT and never cross into Python; math hands numpy
-- views (cached in `TV`) to the kernels.  Structs rather than tables because
-- `#t` must call __len (LuaJIT ignores __len on tables) and because a tensor,
-- like torch7's userdata, must refuse new fields.
local torch, B = ...
local ffi = require 'ffi'

local MAXDIM = 10
torch._MAXDIM = MAXDIM

local T = {}
T.list = {
   {name = 'Byte', ct = 'uint8_t', dt = 'uint8', int = true, size = 1},
   {name = 'Char', ct = 'int8_t', dt = 'int8', int = true, size = 1},
   {name = 'Short', ct = 'int16_t', dt = 'int16', int = true, size = 2},
   {name = 'Int', ct = 'int32_t', dt = 'int32', int = true, size = 4},
   {name = 'Long', ct = 'int64_t', dt = 'int64', int = true, size = 8},
   {name = 'Float', ct = 'float', dt = 'float32', float = true, size = 4},
   {name = 'Double', ct = 'double', dt = 'float64', float = true, size = 8},
   {name = 'Half', ct = 'uint16_t', dt = 'float16', half = true, size = 2},
}
T.byname = {}
T.bydtype = {}

for _, ty in ipairs(T.list) do
   local n = ty.name
   ty.tname = 'torch.' .. n .. 'Tensor'
   ty.sname = 'torch.' .. n .. 'Storage'
   ffi.cdef(string.format([[
      typedef struct { %s *_p; double _n; int _ver; int _flag; } TH%sStorage;
      typedef struct { TH%sStorage *_st; double _off; int _nd; int _vv; double _sz[%d]; double _sr[%d]; } TH%sTensor;
   ]], ty.ct, n, n, MAXDIM, MAXDIM, n))
   ty.sct = ffi.typeof('TH' .. n .. 'Storage')
   ty.tct = ffi.typeof('TH' .. n .. 'Tensor')
   ty.ptrt = ffi.typeof(ty.ct .. '*')
   T.byname[ty.tname] = ty
   T.byname[ty.sname] = ty
   T.byname[n] = ty
   T.bydtype[ty.dt] = ty
end

-- converts a Lua number to what the C type would hold (truncation, wrap-around)
for _, ty in ipairs(T.list) do
   if ty.int then
      local ct = ty.ct
      if ct == 'int64_t' then
         ty.cast = function(v)
            if v ~= v then return 0 end
            return v >= 0 and math.floor(v) or math.ceil(v)
         end
      else
         ty.cast = function(v) return tonumber(ffi.cast(ct, v)) end
      end
   else
      ty.cast = function(v) return v end
   end
end

return T
