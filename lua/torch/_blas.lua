-- cblas functions of numpy's own OpenBLAS, called through the LuaJIT FFI: the library np.matmul uses
-- (same kernels, same thread pool; luann.kernels.tensor.blas_symbols finds it) -- or Intel MKL's
-- libmkl_rt when the optional `mkl` package is installed (faster GEMMs, see bench/README.md), for the BLAS steps of
-- hot paths (nn.Linear, in-place add) without a Lua -> Python crossing.  `false` where the library is
-- not found: callers keep their numpy path.
-- BL.Float / BL.Double: gemm, gemv, ger, axpy (cblas signatures; enums as numbers below).
local ffi = require 'ffi'
local ok, desc = pcall(function() return torch._bridge.K.blas_symbols() end)
if not ok or type(desc) ~= 'string' then return false end
local path, it, pre, suf = desc:match('^(.*)|([%w_]+)|([%w_]*)|([%w_]*)$')
if not path then return false end
local defs = {}
for _, t in ipairs({{'s', 'float'}, {'d', 'double'}}) do
   local name = function(f) return pre .. 'cblas_' .. t[1] .. f .. suf end
   local T, I = t[2], it
   defs[#defs + 1] = string.format('void %s(int, int, int, %s, %s, %s, %s, const %s *, %s, const %s *, %s, %s, %s *, %s);',
      name('gemm'), I, I, I, T, T, I, T, I, T, T, I)
   defs[#defs + 1] = string.format('void %s(int, int, %s, %s, %s, const %s *, %s, const %s *, %s, %s, %s *, %s);',
      name('gemv'), I, I, T, T, I, T, I, T, T, I)
   defs[#defs + 1] = string.format('void %s(int, %s, %s, %s, const %s *, %s, const %s *, %s, %s *, %s);',
      name('ger'), I, I, T, T, I, T, I, T, I)
   defs[#defs + 1] = string.format('void %s(%s, %s, const %s *, %s, %s *, %s);', name('axpy'), I, T, T, I, T, I)
end
local ok2, lib = pcall(function()
   ffi.cdef(table.concat(defs, '\n'))
   return ffi.load(path)
end)
if not ok2 then return false end
local BL = {RowMajor = 101, NoTrans = 111, Trans = 112}
for _, t in ipairs({{'Float', 's'}, {'Double', 'd'}}) do
   local f = {}
   for _, n in ipairs({'gemm', 'gemv', 'ger', 'axpy'}) do
      local okf, fn = pcall(function() return lib[pre .. 'cblas_' .. t[2] .. n .. suf] end)
      if not okf then return false end
      f[n] = fn
   end
   BL[t[1]] = f
end
return BL
