-- The rest of torch7's math: LAPACK (via numpy.linalg, luann/kernels/linalg.py),
-- conv2/xcorr2/conv3/xcorr3 (luann/kernels/conv.py), bhistc, match,
-- multinomialAlias*, and the torch.X forms of a few methods.
local torch, B, T, C = ...

local L = B.pyimport('luann.kernels.linalg')
local conv
local np, make, istensor, tyof, nelement = C.np, C.make, C.istensor, C.tyof, C.nelement
local M = torch._M
local argerr, size_str, check_tensor, float_method = torch._argerr, torch._size_str, torch._check_tensor, torch._float_method
local DOUBLE, FLOAT, LONG, INT = T.byname.Double, T.byname.Float, T.byname.Long, T.byname.Int

local function pyerr(fname, e)
   e = tostring(e):gsub('^.-Error: ', '')
   if e:match('^ ?Lapack Error') then return e end   -- torch7's own LAPACK message names the routine
   return fname .. ': ' .. e
end

-- put a numpy result into res (resized) or a new tensor of type ty
local function deliver(res, arr, ty)
   local r = C.from_array(arr, ty)
   if res == nil then return r end
   torch._resize_as(res, r)
   if nelement(r) > 0 then M.copy(res, r) end
   return res
end

-- LAPACK: torch.f([res1, ..., resK,] in1, ..., inN [, 'X' ...]) -> K results
local function lapack(name, nres, nin, pyf, opts)
   opts = opts or {}
   torch[name] = function(...)
      local args = {...}
      local n = select('#', ...)
      local tens, strs = {}, {}
      for i = 1, n do
         local a = args[i]
         if istensor(a) then
            if #strs > 0 then argerr(name, i, 'tensor after an option string', 2) end
            tens[#tens + 1] = a
         elseif type(a) == 'string' then strs[#strs + 1] = a
         elseif a ~= nil then argerr(name, i, 'tensor or option string expected, got ' .. type(a), 2) end
      end
      if #tens < nin then argerr(name, #tens + 1, 'tensor expected, got ' .. type(args[#tens + 1]), 2) end
      if #tens > nin + nres then argerr(name, 1, 'too many tensor arguments', 2) end
      local nr = #tens - nin
      local res = {}
      for i = 1, nr do res[i] = tens[i] end
      local ins = {}
      local ty
      for i = 1, nin do
         local x = tens[nr + i]
         ty = ty or tyof(x)
         if not ty.float then argerr(name, nr + i, 'torch.DoubleTensor or torch.FloatTensor expected, got ' .. ty.tname, 2) end
         check_tensor(name, nr + i, x, ty, 2)
         if opts.dims and x._nd ~= opts.dims[i] and not (opts.dims[i] == 2 and x._nd == 1 and opts.vec_ok) then
            argerr(name, nr + i, string.format('%dD tensor expected, got %dD tensor of size [%s]', opts.dims[i], x._nd, size_str(x)), 2)
         end
         ins[i] = np(x)
      end
      for _, s in ipairs(strs) do ins[#ins + 1] = s end
      local out = {pcall(pyf, unpack(ins, 1, nin + #strs))}
      if not out[1] then error(pyerr(name, out[2]), 2) end
      local r = {}
      for i = 1, nres do
         local rty = (opts.types and opts.types[i]) or ty
         r[i] = deliver(res[i], out[i + 1], rty)
      end
      if opts.post then return opts.post(r, out) end
      return unpack(r, 1, nres)
   end
end
lapack('gesv', 2, 2, L.gesv, {dims = {2, 2}, vec_ok = true})
lapack('gels', 2, 2, L.gels, {dims = {2, 2}, vec_ok = true})
lapack('trtrs', 2, 2, L.trtrs, {dims = {2, 2}, vec_ok = true})
lapack('symeig', 2, 1, L.symeig, {dims = {2}})
lapack('eig', 2, 1, L.eig, {dims = {2}})
lapack('svd', 3, 1, L.svd, {dims = {2}})
lapack('inverse', 1, 1, L.inverse, {dims = {2}})
lapack('potrf', 1, 1, L.potrf, {dims = {2}})
lapack('potrs', 1, 2, L.potrs, {dims = {2, 2}, vec_ok = true})
lapack('potri', 1, 1, L.potri, {dims = {2}})
lapack('pstrf', 2, 1, L.pstrf, {dims = {2}, types = {nil, INT}})
lapack('qr', 2, 1, L.qr, {dims = {2}})
lapack('geqrf', 2, 1, L.geqrf, {dims = {2}})
lapack('orgqr', 1, 2, L.orgqr)
lapack('ormqr', 1, 3, L.ormqr)
-- the method forms put the first result in self: x:inverse(A), x:potrf(A)...
for _, nm in ipairs{'gesv', 'gels', 'trtrs', 'symeig', 'eig', 'svd', 'inverse', 'potrf', 'potrs', 'potri', 'pstrf', 'qr', 'geqrf', 'orgqr', 'ormqr'} do
   float_method(nm, function(self, ...) return torch[nm](self, ...) end)
end

------------------------------------------------------------------------------------------------
-- conv2/xcorr2/conv3/xcorr3([res,] x, k [, 'V'|'F'])
for _, nm in ipairs{'conv2', 'xcorr2', 'conv3', 'xcorr3'} do
   local nd = nm:sub(-1) == '2' and 2 or 3
   local function run(res, x, k, mode, level)
      level = level + 1
      check_tensor(nm, 1, x, nil, level)
      check_tensor(nm, 2, k, tyof(x), level)
      mode = mode or 'V'
      if mode ~= 'V' and mode ~= 'F' then argerr(nm, 3, "type of convolution can be 'V' or 'F'", level) end
      local ok = (x._nd == nd and k._nd == nd) or (x._nd == nd + 1 and (k._nd == nd + 1 or k._nd == nd + 2))
      if not ok then
         argerr(nm, 1, string.format('%dD or %dD input expected with a %dD, %dD or %dD kernel, got input [%s] and kernel [%s]',
            nd, nd + 1, nd, nd + 1, nd + 2, size_str(x), size_str(k)), level)
      end
      if mode == 'V' then
         for i = 1, nd do
            local xs, ks = x._sz[x._nd - i], k._sz[k._nd - i]
            if ks > xs then
               error(string.format("%s: the kernel [%s] is larger than the input [%s]; use the 'F' (full) mode", nm, size_str(k), size_str(x)), level)
            end
         end
      end
      conv = conv or B.pyimport('luann.kernels.conv')
      local okc, arr = pcall(conv[nm], np(x), np(k), mode)
      if not okc then error(pyerr(nm, arr), level) end
      return deliver(res, arr, tyof(x))
   end
   torch[nm] = function(a, b, c, d)
      if istensor(c) then return run(a, b, c, d, 1) end
      return run(nil, a, b, c, 1)
   end
   M[nm] = function(self, a, b, c)
      if istensor(b) then return run(self, a, b, c, 1) end
      return run(nil, self, a, b, 1)
   end
end

------------------------------------------------------------------------------------------------
-- bhistc([res,] x, nbins=100, min=0, max=0): histc of each row of a 2-D tensor
local function bhistc(res, x, nbins, lo, hi, level)
   check_tensor('bhistc', 1, x, nil, level + 1)
   if x._nd ~= 2 and x._nd ~= 1 then argerr('bhistc', 1, 'vector or matrix expected, got [' .. size_str(x) .. ']', level + 1) end
   nbins = nbins or 100
   local rows = x._nd == 2 and x._sz[0] or 1
   local sz = x._nd == 2 and {rows, nbins} or {nbins}
   res = res or make(tyof(x), nil, 0, 0)
   C.resize(res, #sz, sz)
   local src = np(x)
   local out = np(res)
   if x._nd == 1 then src = B.np_.reshape(src, {1, x._sz[0]}); out = B.np_.reshape(out, {1, nbins}) end
   local ok, e = pcall(L.bhistc, out, src, nbins, lo or 0, hi or 0)
   if not ok then error(pyerr('bhistc', e), level + 1) end
   return res
end
float_method('bhistc', function(self, a, b, c, d)
   if istensor(a) then return bhistc(self, a, b, c, d, 1) end
   return bhistc(nil, self, a, b, c, 1)
end)
torch.bhistc = function(a, b, c, d, e)
   if istensor(b) then return bhistc(a, b, c, d, e, 1) end
   return bhistc(nil, a, b, c, d, 1)
end

-- match([res,] m1, m2 [, gain=1]): res[i][j] = gain * ||m1[i] - m2[j]||^2
local function match(res, m1, m2, gain, level)
   check_tensor('match', 1, m1, nil, level + 1)
   check_tensor('match', 2, m2, tyof(m1), level + 1)
   if m1._nd ~= 2 or m2._nd ~= 2 or m1._sz[1] ~= m2._sz[1] then
      error(string.format('match: matrices with the same number of columns expected, got [%s] and [%s]', size_str(m1), size_str(m2)), level + 1)
   end
   res = res or make(tyof(m1), nil, 0, 0)
   C.resize(res, 2, {m1._sz[0], m2._sz[0]})
   L.match(np(res), np(m1), np(m2), gain or 1)
   return res
end
M.match = function(self, a, b, c)
   if istensor(b) then return match(self, a, b, c, 1) end
   return match(nil, self, a, b, 1)
end
torch.match = function(a, b, c, d)
   if istensor(c) then return match(a, b, c, d, 1) end
   return match(nil, a, b, c, 1)
end

------------------------------------------------------------------------------------------------
-- multinomialAlias: Walker's alias method (torch7 init.lua + THTensorRandom.c)
local R = B.pyimport('luann.kernels.random')
float_method('multinomialAliasSetup_', function(probs, J, q)
   check_tensor('multinomialAliasSetup_', 1, probs)
   if probs._nd ~= 1 then argerr('multinomialAliasSetup_', 1, 'vector of probabilities expected, got [' .. size_str(probs) .. ']') end
   local j, qq = L.alias_setup(np(probs))
   deliver(J, j, LONG)
   deliver(q, qq, tyof(probs))
   return J, q
end)
float_method('multinomialAlias_', function(out, J, q)
   check_tensor('multinomialAlias_', 1, out, LONG)
   local arr = L.alias_draw(R.default_generator, nelement(out), np(J), np(q))
   if nelement(out) > 0 then M.copy(out, C.from_array(arr, LONG)) end
   return out
end)
M.multinomialAlias_ = function(out, J, q)
   return T.byname.Double.methods.multinomialAlias_(out, J, q)
end
function torch.multinomialAliasSetup(probs, state)
   check_tensor('multinomialAliasSetup', 1, probs)
   if type(state) ~= 'table' then state = {torch.LongTensor(), probs.new()} end
   probs:multinomialAliasSetup_(state[1], state[2])
   return state
end
function torch.multinomialAlias(output, state)
   check_tensor('multinomialAlias', 1, output, LONG)
   T.byname.Double.methods.multinomialAlias_(output, state[1], state[2])
   return output
end
torch.multinomialAliasSetup_ = function(p, ...) return p:multinomialAliasSetup_(...) end
torch.multinomialAlias_ = function(o, ...) return T.byname.Double.methods.multinomialAlias_(o, ...) end

------------------------------------------------------------------------------------------------
-- torch.X forms of in-place methods, and the methods of creation functions
torch.zero = function(t) check_tensor('zero', 1, t); return M.zero(t) end
torch.fill = function(t, v) check_tensor('fill', 1, t); return M.fill(t, v) end
torch.scatter = function(t, ...) check_tensor('scatter', 1, t); return M.scatter(t, ...) end
for _, nm in ipairs{'rand', 'randn', 'randperm'} do
   local f = torch[nm]
   local meth = function(self, ...) return f(self, ...) end
   if nm == 'randperm' then M[nm] = meth else float_method(nm, meth) end
end

------------------------------------------------------------------------------------------------
-- Fast paths: small contiguous Float/Double tensors are done entirely in LuaJIT
-- (no Python round trip); everything else falls through to the general code.
-- Float results are exact: each operation is done in double and rounded once to
-- float, which equals float arithmetic for + and * (scalars are rounded to float first).
local ffi = require 'ffi'
-- up to this many elements (a LuaJIT loop costs ~1 ns an element, a numpy call 5-10 us; 10x64 cmul:
-- 0.5 vs 6 us)
local SMALL = 1024
local FAST = {[tonumber(DOUBLE.tct)] = 'd', [tonumber(FLOAT.tct)] = 'f'}
local fbuf = ffi.new('float[1]')
local function fround(v) fbuf[0] = v; return fbuf[0] end

-- n when t is a contiguous tensor with a storage, else nil
local function contiguous_n(t)
   local nd = t._nd
   if nd == 0 or t._st == nil then return nil end
   local st = 1
   for i = nd - 1, 0, -1 do
      local sz = t._sz[i]
      if sz ~= 1 and t._sr[i] ~= st then return nil end
      st = st * sz
   end
   return st
end

-- n when t is a small contiguous tensor with a storage, else nil
local function small(t)
   local n = contiguous_n(t)
   if n == nil or n > SMALL then return nil end
   return n
end

local function fastkind(a, b)
   local k = FAST[tonumber(ffi.typeof(a))]
   if k == nil then return nil end
   if b ~= nil and (type(b) ~= 'cdata' or FAST[tonumber(ffi.typeof(b))] ~= k) then return nil end
   return k
end

local add_general, mul_general, fill_general, copy_general, cmul_general = M.add, M.mul, M.fill, M.copy, M.cmul

-- A small Float/Double tensor as rows of contiguous elements: p, rows, cols, row stride. A contiguous
-- tensor is one row (a 2-D one: its rows); a 2-D tensor whose rows are contiguous but spaced out (a
-- column block or a time step of a bigger tensor: an RNN's gates[{{}, t, {1, H}}]) is its rows.
local function rows_of(t)
   if t._st == nil then return nil end
   if t._nd == 2 then
      local rows, cols = t._sz[0], t._sz[1]
      local n = rows * cols
      if n == 0 or n > SMALL or (t._sr[1] ~= 1 and cols ~= 1) then return nil end
      if rows == 1 then return t._st._p + t._off, 1, cols, cols end
      if t._sr[0] < cols then return nil end
      return t._st._p + t._off, rows, cols, t._sr[0]
   end
   local n = small(t)
   if n then return t._st._p + t._off, 1, n, n end
   return nil
end

-- the shared geometry of two same-kind tensors walked element by element (same rows x cols, or both
-- contiguous with as many elements): p, q, rows, cols, row stride of each; nil otherwise
local function rows_pair(a, b)
   if type(b) ~= 'cdata' or not fastkind(a, b) then return nil end
   local p, ra, ca, sa = rows_of(a)
   if not p then return nil end
   local q, rb, cb, sb = rows_of(b)
   if not q then return nil end
   if ra == rb and ca == cb then return p, q, ra, ca, sa, sb end
   local n = ra * ca
   if rb * cb == n and (ra == 1 or sa == ca) and (rb == 1 or sb == cb) then return p, q, 1, n, n, n end
   return nil
end

M.add = function(self, x1, x2, x3)
   if x3 == nil and fastkind(self) then
      if x2 == nil and type(x1) == 'number' then
         local p, rows, cols, rs = rows_of(self)
         if p then
            local v = fastkind(self) == 'f' and fround(x1) or x1
            for r = 0, rows - 1 do
               local pr = p + r * rs
               for i = 0, cols - 1 do pr[i] = pr[i] + v end
            end
            return self
         end
      else
         -- self:add(x) and self:add(+-1, x): one rounding of the exact sum, as float arithmetic does
         local v, x = 1, x1
         if x2 ~= nil then v, x = x1, x2 end
         if type(v) == 'number' and (v == 1 or v == -1) then
            local p, q, rows, cols, rs, rq = rows_pair(self, x)
            if p then
               for r = 0, rows - 1 do
                  local pr, qr = p + r * rs, q + r * rq
                  if v == 1 then for i = 0, cols - 1 do pr[i] = pr[i] + qr[i] end
                  else for i = 0, cols - 1 do pr[i] = pr[i] - qr[i] end end
               end
               return self
            end
         end
      end
   end
   return add_general(self, x1, x2, x3)
end

M.mul = function(self, a, v, v2)
   if type(a) == 'number' and v == nil then
      local k = fastkind(self)
      local p, rows, cols, rs
      if k then p, rows, cols, rs = rows_of(self) end
      if p then
         if k == 'f' then a = fround(a) end
         for r = 0, rows - 1 do
            local pr = p + r * rs
            for i = 0, cols - 1 do pr[i] = pr[i] * a end
         end
         return self
      end
   end
   return mul_general(self, a, v, v2)
end

M.fill = function(self, v)
   if type(v) == 'number' and fastkind(self) then
      local p, rows, cols, rs = rows_of(self)
      if p then
         for r = 0, rows - 1 do
            local pr = p + r * rs
            for i = 0, cols - 1 do pr[i] = v end
         end
         return self
      end
   end
   return fill_general(self, v)
end

-- same-size 2-D Float/Double tensors whose rows are contiguous (last stride 1: a narrow or select
-- of a wider tensor, e.g. SplitTable's gradInput slices) and do not overlap: one memcpy a row
local function rowcopy(dst, src)
   if dst._nd ~= 2 or src._nd ~= 2 or dst._st == nil or src._st == nil then return false end
   local rows, cols = dst._sz[0], dst._sz[1]
   if src._sz[0] ~= rows or src._sz[1] ~= cols or dst._sr[1] ~= 1 or src._sr[1] ~= 1
      or rows > SMALL or rows * cols > 16 * SMALL then return false end
   local k = fastkind(dst, src)
   if not k then return false end
   local rd, rs = dst._sr[0], src._sr[0]
   local pd, ps = dst._st._p + dst._off, src._st._p + src._off
   if pd < ps + (rows - 1) * rs + cols and ps < pd + (rows - 1) * rd + cols then return false end
   local bytes = cols * (k == 'd' and 8 or 4)
   for r = 0, rows - 1 do ffi.copy(pd + r * rd, ps + r * rs, bytes) end
   return true
end

-- Conversions between element types that are exact or one rounding: an integer type into a wider
-- integer type, into Double, or (up to Int) into Float; Float <-> Double.  The FFI stores of a LuaJIT
-- loop convert as C casts (and numpy's astype) do; narrowing, floating -> integer and Long -> Float
-- (which could round twice through double) keep the general path.
local function exact_conv(to, from)
   if to == from or to.half or from.half then return false end
   if from.int then
      if to.int then return to.size > from.size end
      return to.float == true and (to.size == 8 or from.size <= 4)
   end
   return to.float == true
end
local function convert(dst, src, n)
   local p, q = dst._st._p + dst._off, src._st._p + src._off
   for i = 0, n - 1 do p[i] = q[i] end
end
-- copy between small contiguous tensors of two types whose conversion is exact (see exact_conv)
local function convert_small(dst, src)
   if not C.istensor(src) then return false end
   local n = small(dst)
   if not n or small(src) ~= n or not exact_conv(tyof(dst), tyof(src)) then return false end
   convert(dst, src, n)
   return true
end

M.copy = function(self, src)
   if type(src) == 'cdata' then
      local n = small(self)
      if n and fastkind(self, src) and small(src) == n then
         ffi.copy(self._st._p + self._off, src._st._p + src._off, n * (fastkind(self) == 'd' and 8 or 4))
         return self
      end
      if rowcopy(self, src) then return self end
      if convert_small(self, src) then return self end
   end
   return copy_general(self, src)
end

-- zero(): one memset over a contiguous tensor (all-zero bytes are 0 in every element type), one a
-- row for a small Float/Double 2-D tensor with spaced-out contiguous rows
local zero_general = M.zero
M.zero = function(self)
   local n = contiguous_n(self)
   if n then
      ffi.fill(self._st._p + self._off, n * tyof(self).size, 0)
      return self
   end
   if fastkind(self) then
      local p, rows, cols, rs = rows_of(self)
      if p then
         local bytes = cols * tyof(self).size
         for r = 0, rows - 1 do ffi.fill(p + r * rs, bytes, 0) end
         return self
      end
   end
   return zero_general(self)
end

-- t:type(name) / t:long() / t:float() ... of a small contiguous tensor, when the conversion is exact or
-- one rounding (see exact_conv): the new tensor filled by a LuaJIT loop instead of a numpy call
local type_general = M.type
M.type = function(t, name)
   local ty2 = name and T.byname[name]
   if ty2 and ty2.tname == name and ty2 ~= tyof(t) and exact_conv(ty2, tyof(t)) then
      local n = small(t)
      if n then
         local r = make(ty2, nil, 0, 0)
         C.resize(r, t._nd, C.sizes(t))
         convert(r, t, n)
         return r
      end
   end
   return type_general(t, name)
end

local function same_sizes(a, b)
   if a._nd ~= b._nd then return false end
   for i = 0, a._nd - 1 do
      if a._sz[i] ~= b._sz[i] then return false end
   end
   return true
end

M.cmul = function(self, a, b)
   if type(a) == 'cdata' then
      if b == nil then
         local p, q, rows, cols, rs, rq = rows_pair(self, a)
         if p then
            for r = 0, rows - 1 do
               local pr, qr = p + r * rs, q + r * rq
               for i = 0, cols - 1 do pr[i] = pr[i] * qr[i] end
            end
            return self
         end
      elseif type(b) == 'cdata' then
         -- res:cmul(a, b) where res already has a's rows x cols (torch7 resizes res as a): res = a * b
         local p, q, rows, cols, rs, rq = rows_pair(self, a)
         if p and same_sizes(self, a) then
            local _, w, rows2, cols2, _, rw = rows_pair(a, b)
            if w and rows2 == rows and cols2 == cols then
               for r = 0, rows - 1 do
                  local pr, qr, wr = p + r * rs, q + r * rq, w + r * rw
                  for i = 0, cols - 1 do pr[i] = qr[i] * wr[i] end
               end
               return self
            end
         end
      end
   end
   return cmul_general(self, a, b)
end
