-- torch.XTensor: constructors, geometry, views, element access and indexing.
-- Math lives in TensorMath.lua; both fill the per-type `methods` tables.
local torch, B, T, C = ...
local ffi = require 'ffi'

local np, make, alias, TS, TV = C.np, C.make, C.alias, C.TS, C.TV
local nelement, istensor, tyof = C.nelement, C.istensor, C.tyof
local K = B.K
local printing

torch._tensor_methods = {}   -- ty.name -> methods
local M = {}                  -- methods shared by every type; copied per type below
torch._M = M

local function argerr(fname, n, msg, level)
   error(string.format('bad argument #%d to \'%s\' (%s)', n, fname, msg), (level or 2) + 1)
end
torch._argerr = argerr

local function dimcheck(t, d, fname, argn, level)
   if type(d) ~= 'number' then argerr(fname, argn or 1, 'dimension must be a number', (level or 2) + 1) end
   if d < 1 or d > t._nd then
      argerr(fname, argn or 1, string.format('dimension %d out of range of %dD tensor', d, t._nd), (level or 2) + 1)
   end
end
torch._dimcheck = dimcheck

local function size_str(t)
   if t._nd == 0 then return '[]' end
   local p = {}
   for i = 0, t._nd - 1 do p[#p + 1] = tostring(t._sz[i]) end
   return table.concat(p, ' x ')
end
torch._size_str = size_str

-- read sizes given as numbers or a LongStorage (or table) starting at argument i
local function read_sizes(fname, i, ...)
   local a = select(i, ...)
   if C.isstorage(a) then
      local r = {}
      for j = 1, a._n do r[j] = tonumber(a._p[j - 1]) end
      return r, i + 1
   elseif type(a) == 'table' and not getmetatable(a) then
      local r = {}
      for j = 1, #a do r[j] = a[j] end
      return r, i + 1
   end
   local r = {}
   local n = select('#', ...)
   while i <= n do
      local v = select(i, ...)
      if type(v) ~= 'number' then break end
      r[#r + 1] = v
      i = i + 1
   end
   return r, i
end
torch._read_sizes = read_sizes

local function long_storage(tbl)
   local s = torch.LongStorage(#tbl)
   for i = 1, #tbl do s._p[i - 1] = tbl[i] end
   return s
end
torch._long_storage = long_storage

-- nested Lua table -> sizes
local function table_shape(tbl, fname)
   local sz = {}
   local t = tbl
   while type(t) == 'table' do
      sz[#sz + 1] = #t
      t = t[1]
   end
   return sz
end

local function fill_from_table(ty, tbl)
   local sz = table_shape(tbl)
   local n = 1
   for i = 1, #sz do n = n * sz[i] end
   if n == 0 then return make(ty, nil, 0, 0) end
   local s = C.new_storage(ty, n)
   local p = s._p
   local k = 0
   local half = ty.half
   local vals = half and {} or nil
   local function walk(t, d)
      -- torch7's three words: a row of another length, a non-table row, a non-number element
      if #t ~= sz[d] then error('invalid tensor sizes', 5) end
      if d == #sz then
         for i = 1, #t do
            local v = t[i]
            -- lua_isnumber/lua_tonumber, as torch7: numeric strings ('3', ' 0x10') count as numbers
            if type(v) ~= 'number' then v = type(v) == 'string' and tonumber(v) or nil end
            if v == nil then error('invalid element (not a number)', 5) end
            if half then vals[#vals + 1] = v else p[k] = v end
            k = k + 1
         end
      else
         for i = 1, #t do
            if type(t[i]) ~= 'table' then error('invalid tensor definition', 5) end
            walk(t[i], d + 1)
         end
      end
   end
   walk(tbl, 1)
   if half then
      local dt = make(T.byname.Double, nil, 0, 0)
      local d = fill_from_table(T.byname.Double, tbl)
      K.copy(C.SA[s], np(d))
   end
   return make(ty, s, 0, #sz, sz)
end

-- strides as given; a negative (or missing) one becomes size*stride of the next dimension
-- (1 for the last), torch7's THTensor_resizeNd rule
local function fix_strides(sz, sr)
   local n = #sz
   for j = n, 1, -1 do
      if sr[j] == nil or sr[j] < 0 then sr[j] = (j == n) and 1 or sz[j + 1] * sr[j + 1] end
   end
   return sr
end

-- the strides LongStorage that may follow a sizes LongStorage (argument argn), checked as torch7
local function read_strides(fname, argn, sz, a)
   if a == nil then return nil end
   if not (C.isstorage(a) and C.tyof(a) == T.byname.Long) then argerr(fname, argn, 'torch.LongStorage expected', 3) end
   if a._n ~= #sz then argerr(fname, argn, 'provided stride and size are inconsistent', 3) end
   return fix_strides(sz, read_sizes(fname, 1, a))
end

-- constructor: torch.XTensor(...)
local function new_tensor(ty, fname, ...)
   local n = select('#', ...)
   local a1 = ...
   if n == 0 or (n == 1 and a1 == nil) then return make(ty, nil, 0, 0) end
   if type(a1) == 'number' then
      local sz, i = read_sizes(fname, 1, ...)
      if i <= n then argerr(fname, i, 'number expected, got ' .. type((select(i, ...))), 2) end
      local t = make(ty, nil, 0, 0)
      C.resize(t, #sz, sz)
      return t
   elseif istensor(a1) then
      if tyof(a1) ~= ty then argerr(fname, 1, 'expecting number or ' .. ty.tname .. ' or ' .. ty.sname .. ', got ' .. torch.typename(a1), 2) end
      return alias(a1)
   elseif C.isstorage(a1) and C.tyof(a1) ~= ty and C.tyof(a1) == T.byname.Long then
      -- torch.XTensor(sizes LongStorage [, strides LongStorage]), as in torch7
      local sz = read_sizes(fname, 1, ...)
      local sr = read_strides(fname, 2, sz, (select(2, ...)))
      if sr then
         -- given strides (negative ones: contiguous), storage just large enough (THTensor_resizeNd,
         -- which also stops at the first size <= 0)
         local need, nd = 1, #sz
         for j = 1, #sz do
            if sz[j] <= 0 then nd = j - 1; break end
            need = need + (sz[j] - 1) * sr[j]
         end
         if nd == 0 then return make(ty, nil, 0, 0) end
         return make(ty, C.new_storage(ty, need), 0, nd, sz, sr)
      end
      local t = make(ty, nil, 0, 0)
      C.resize(t, #sz, sz)
      return t
   elseif C.isstorage(a1) then
      if C.tyof(a1) ~= ty then argerr(fname, 1, 'expecting ' .. ty.sname, 2) end
      local off = select(2, ...) or 1
      local a3 = select(3, ...)
      if a3 == nil then
         if select(2, ...) == nil then return make(ty, a1, 0, 1, {a1._n}) end
         -- an offset without sizes: torch7 reads no size, so the tensor has no dimension
         if type(off) ~= 'number' then argerr(fname, 2, 'number expected, got ' .. torch.type(off), 2) end
         return make(ty, a1, off - 1, 0)
      elseif C.isstorage(a3) then
         local sz = read_sizes(fname, 3, ...)
         local st = select(4, ...)
         local sr = read_strides(fname, 4, sz, st)
         return make(ty, a1, off - 1, #sz, sz, sr)
      else
         local sz, sr = {}, {}
         local i = 3
         while i <= n do
            local s1 = select(i, ...)
            if type(s1) ~= 'number' then break end
            sz[#sz + 1] = s1
            sr[#sr + 1] = select(i + 1, ...) or -1
            i = i + 2
         end
         fix_strides(sz, sr)
         return make(ty, a1, off - 1, #sz, sz, sr)
      end
   elseif type(a1) == 'table' then
      return fill_from_table(ty, a1)
   end
   argerr(fname, 1, 'expecting number or ' .. ty.tname .. ' or ' .. ty.sname .. ' or table, got ' .. torch.type(a1), 2)
end
torch._new_tensor = new_tensor

-- element access ------------------------------------------------------------------------
local function norm_index(i, n, fname, argn, level)
   local i0 = i
   if i < 0 then i = i + n + 1 end
   if i < 1 or i > n then
      error(string.format('index %d out of range for dimension of size %d', i0, n), level + 1)
   end
   return i
end

-- in place on a fresh alias: select removes dimension d
local function select_inplace(t, d, i)
   t._off = t._off + (i - 1) * t._sr[d - 1]
   for j = d, t._nd - 1 do t._sz[j - 1] = t._sz[j]; t._sr[j - 1] = t._sr[j] end
   t._nd = t._nd - 1
   t._vv = -1
end

local function narrow_inplace(t, d, i, n)
   t._off = t._off + (i - 1) * t._sr[d - 1]
   t._sz[d - 1] = n
   t._vv = -1
end

local function get_elem(t, off)
   return tonumber(t._st._p[off])
end

local function index_table(t, k, fname)
   local v = alias(t)
   local d = 1
   local nk = #k
   if nk > t._nd then error(string.format('too many indices provided for tensor of dimension %d', t._nd), 3) end
   for j = 1, nk do
      local e = k[j]
      if type(e) == 'number' then
         local n = v._sz[d - 1]
         local i = norm_index(e, n, fname, 2, 3)
         if v._nd == 1 then
            return nil, v._off + (i - 1) * v._sr[0]
         end
         select_inplace(v, d, i)
      elseif type(e) == 'table' then
         local n = v._sz[d - 1]
         local a, b = e[1], e[2]
         if a == nil then
            -- {} keeps the dimension
         else
            a = norm_index(a, n, fname, 2, 3)
            if b == nil then b = a else b = norm_index(b, n, fname, 2, 3) end
            if b < a then error(string.format('index range {%d,%d} is empty', a, b), 3) end
            narrow_inplace(v, d, a, b - a + 1)
         end
         d = d + 1
      else
         break
      end
   end
   return v
end

local function longstorage_offset(t, k)
   if k._n ~= t._nd then error('the LongStorage index must have as many entries as the tensor has dimensions', 3) end
   local off = t._off
   for j = 0, t._nd - 1 do
      local i = norm_index(tonumber(k._p[j]), t._sz[j], 'index', 2, 3)
      off = off + (i - 1) * t._sr[j]
   end
   return off
end

local function make_index(ty, methods)
   local half = ty.half
   local function geth(t, off) return K.scalar(C.SA[TS[t]], off) end
   local get = half and geth or get_elem
   return function(t, k)
      if type(k) == 'number' then
         local nd = t._nd
         if nd == 1 then
            local n = t._sz[0]
            local k0 = k
            if k < 0 then k = k + n + 1 end
            if k < 1 or k > n then
               error(string.format('index %d out of range for tensor of size %d', k0, n), 2)
            end
            return get(t, t._off + (k - 1) * t._sr[0])
         elseif nd == 0 then
            error('attempt to index an empty tensor', 2)
         end
         local v = alias(t)
         select_inplace(v, 1, norm_index(k, t._sz[0], '__index', 2, 2))
         return v
      end
      local m = methods[k]
      if m ~= nil then return m end
      if type(k) == 'table' then
         local v, off = index_table(t, k, '__index')
         if v then return v end
         return get(t, off)
      elseif type(k) == 'cdata' then
         local kty = C.tensorty(k)
         if kty and kty.name == 'Byte' then return methods.maskedSelect(t, k) end
         if C.storagety(k) and C.storagety(k).name == 'Long' then return get(t, longstorage_offset(t, k)) end
      end
      return nil
   end
end

local function make_newindex(ty, methods)
   local half = ty.half
   local function set(t, off, v)
      if type(v) == 'string' then v = tonumber(v) or v end -- lua_isnumber: numeric strings are numbers
      if type(v) ~= 'number' then error('bad argument #3 to tensor assignment (number expected, got ' .. type(v) .. ')', 3) end
      if half then K.fill(K.view(C.SA[TS[t]], off, 1, 1), v) else t._st._p[off] = v end
   end
   local function assign_view(v, val)
      if type(val) == 'string' then val = tonumber(val) or val end
      if type(val) == 'number' then methods.fill(v, val)
      elseif istensor(val) then methods.copy(v, val)
      else error('bad argument #3 to tensor assignment (number or tensor expected, got ' .. torch.type(val) .. ')', 3) end
   end
   return function(t, k, val)
      if type(k) == 'number' then
         local nd = t._nd
         if nd == 1 then
            local n = t._sz[0]
            local k0 = k
            if k < 0 then k = k + n + 1 end
            if k < 1 or k > n then
               error(string.format('index %d out of range for tensor of size %d', k0, n), 2)
            end
            if type(val) == 'number' and not half then
               t._st._p[t._off + (k - 1) * t._sr[0]] = val
               return
            end
            if istensor(val) then
               -- torch7 copies the tensor into the narrowed element (any type, one element)
               if nelement(val) ~= 1 then error('cannot assign a tensor of ' .. nelement(val) .. ' elements to one element', 2) end
               methods.copy(methods.narrow(t, 1, k, 1), val)
               return
            end
            set(t, t._off + (k - 1) * t._sr[0], val)
            return
         elseif nd == 0 then
            error('attempt to index an empty tensor', 2)
         end
         local v = alias(t)
         select_inplace(v, 1, norm_index(k, t._sz[0], '__newindex', 2, 2))
         assign_view(v, val)
         return
      end
      if type(k) == 'table' then
         local v, off = index_table(t, k, '__newindex')
         if v then assign_view(v, val) else set(t, off, val) end
         return
      elseif type(k) == 'cdata' then
         local kty = C.tensorty(k)
         if kty and kty.name == 'Byte' then
            if type(val) == 'number' then methods.maskedFill(t, k, val) else methods.maskedCopy(t, k, val) end
            return
         end
         if C.storagety(k) then set(t, longstorage_offset(t, k), val); return end
      end
      error(string.format('cannot set field <%s> of a %s (tensors hold no fields)', tostring(k), ty.tname), 2)
   end
end

-- geometry methods -------------------------------------------------------------------------
function M.size(t, d)
   if d ~= nil then
      dimcheck(t, d, 'size', 1)
      return t._sz[d - 1]
   end
   return long_storage(C.sizes(t))
end
function M.stride(t, d)
   if d ~= nil then
      dimcheck(t, d, 'stride', 1)
      return t._sr[d - 1]
   end
   return long_storage(C.strides(t))
end
function M.dim(t) return t._nd end
M.nDimension = M.dim
function M.nElement(t) return nelement(t) end
M.numel = M.nElement
function M.storage(t) return TS[t] end
function M.storageOffset(t) return t._off + 1 end
function M.isContiguous(t) return C.is_contiguous(t) end
function M.elementSize(t) return tyof(t).size end
function M.isTensor() return true end

function M.isSameSizeAs(t, u)
   if t._nd ~= u._nd then return false end
   for i = 0, t._nd - 1 do if t._sz[i] ~= u._sz[i] then return false end end
   return true
end
function M.isSize(t, s)
   local sz = read_sizes('isSize', 1, s)
   if #sz ~= t._nd then return false end
   for i = 1, #sz do if sz[i] ~= t._sz[i - 1] then return false end end
   return true
end
function M.isSetTo(t, u)
   if TS[t] == nil or TS[t] ~= TS[u] or t._off ~= u._off or t._nd ~= u._nd then return false end
   for i = 0, t._nd - 1 do
      if t._sz[i] ~= u._sz[i] or t._sr[i] ~= u._sr[i] then return false end
   end
   return true
end

function M.resize(t, ...)
   local sz, nxt = read_sizes('resize', 1, ...)
   local extra = select(nxt, ...)
   if extra ~= nil then argerr('resize', nxt, 'number expected, got ' .. torch.type(extra)) end
   return C.resize(t, #sz, sz)
end
function M.resizeAs(t, u)
   if not istensor(u) then argerr('resizeAs', 1, 'tensor expected, got ' .. torch.type(u)) end
   if t._nd == u._nd then
      local same = true
      for i = 0, t._nd - 1 do if t._sz[i] ~= u._sz[i] then same = false; break end end
      if same then return t end
   end
   return C.resize(t, u._nd, C.sizes(u))
end

function M.set(t, a, off, ...)
   if a == nil then
      t._st = nil; TS[t] = nil; t._off = 0; t._nd = 0; TV[t] = nil
      return t
   end
   if istensor(a) then
      if tyof(a) ~= tyof(t) then argerr('set', 1, 'expected a ' .. tyof(t).tname) end
      local s = TS[a]
      t._st = s; TS[t] = s
      t._off = a._off; t._nd = a._nd
      for i = 0, a._nd - 1 do t._sz[i] = a._sz[i]; t._sr[i] = a._sr[i] end
      TV[t] = nil
      return t
   elseif C.isstorage(a) then
      local u = new_tensor(tyof(t), 'set', a, off, ...)
      return M.set(t, u)
   end
   argerr('set', 1, 'tensor or storage expected, got ' .. torch.type(a))
end

function M.narrow(t, d, i, n)
   dimcheck(t, d, 'narrow', 1)
   local sz = t._sz[d - 1]
   if type(i) ~= 'number' or i < 1 or i > sz then
      argerr('narrow', 2, string.format('index %s out of range [1, %d]', tostring(i), sz))
   end
   if type(n) ~= 'number' or n < 0 or i + n - 1 > sz then
      argerr('narrow', 3, string.format('size %s out of range: narrow(%d, %d, %s) on a dimension of size %d', tostring(n), d, i, tostring(n), sz))
   end
   local v = alias(t)
   narrow_inplace(v, d, i, n)
   return v
end

function M.select(t, d, i)
   dimcheck(t, d, 'select', 1)
   local sz = t._sz[d - 1]
   if type(i) ~= 'number' or i < 1 or i > sz then
      argerr('select', 2, string.format('index %s out of range [1, %d]', tostring(i), sz))
   end
   if t._nd == 1 then return t[i] end
   local v = alias(t)
   select_inplace(v, d, i)
   return v
end

function M.sub(t, ...)
   local v = alias(t)
   local nargs = select('#', ...)
   if nargs % 2 ~= 0 or nargs / 2 > t._nd then argerr('sub', nargs, 'expected pairs of start and end indices, one per dimension') end
   for d = 1, nargs / 2 do
      local a, b = select(2 * d - 1, ...)
      local n = t._sz[d - 1]
      if a < 0 then a = a + n + 1 end
      if b < 0 then b = b + n + 1 end
      if a < 1 or a > n then argerr('sub', 2 * d - 1, 'out of range') end
      if b < 1 or b > n then argerr('sub', 2 * d, 'out of range') end
      if b < a then argerr('sub', 2 * d, 'end smaller than beginning') end
      narrow_inplace(v, d, a, b - a + 1)
   end
   return v
end

function M.transpose(t, d1, d2)
   dimcheck(t, d1, 'transpose', 1)
   dimcheck(t, d2, 'transpose', 2)
   local v = alias(t)
   local a, b = d1 - 1, d2 - 1
   v._sz[a], v._sz[b] = t._sz[b], t._sz[a]
   v._sr[a], v._sr[b] = t._sr[b], t._sr[a]
   return v
end

function M.t(t)
   if t._nd ~= 2 then error(string.format('t() expects a 2D tensor, but got a %dD tensor', t._nd), 2) end
   return M.transpose(t, 1, 2)
end

function M.permute(t, ...)
   local perm = {...}
   if #perm ~= t._nd then argerr('permute', 1, 'expected ' .. t._nd .. ' dimensions') end
   local v = alias(t)
   local seen = {}
   for i, p in ipairs(perm) do
      if seen[p] or p < 1 or p > t._nd then argerr('permute', i, 'invalid permutation') end
      seen[p] = true
      v._sz[i - 1] = t._sz[p - 1]
      v._sr[i - 1] = t._sr[p - 1]
   end
   return v
end

function M.unfold(t, d, size, step)
   dimcheck(t, d, 'unfold', 1)
   local n = t._sz[d - 1]
   if size > n then argerr('unfold', 2, string.format('size %d larger than dimension %d of size %d', size, d, n)) end
   if step <= 0 then argerr('unfold', 3, 'step must be positive') end
   if t._nd + 1 > torch._MAXDIM then error('too many dimensions', 2) end
   local v = alias(t)
   v._sz[d - 1] = math.floor((n - size) / step) + 1
   v._sr[d - 1] = t._sr[d - 1] * step
   v._sz[t._nd] = size
   v._sr[t._nd] = t._sr[d - 1]
   v._nd = t._nd + 1
   return v
end

-- the view without the size-1 dimensions (all of them, or dimension d if it has size 1)
local function squeeze_view(t, d)
   if d ~= nil then dimcheck(t, d, 'squeeze', 1) end -- THTensor_squeeze1d: dimension out of range
   local v = alias(t)
   local k = 0
   for i = 0, t._nd - 1 do
      local keep = t._sz[i] ~= 1
      if d ~= nil then keep = (i ~= d - 1) or t._sz[i] ~= 1 end
      if keep then v._sz[k] = t._sz[i]; v._sr[k] = t._sr[i]; k = k + 1 end
   end
   if k == 0 and t._nd > 0 then v._sz[0] = 1; v._sr[0] = 1; k = 1 end
   v._nd = k
   return v
end
torch._squeeze_view = squeeze_view
-- torch7's squeeze gives a number when one element is left (x:squeeze() on a 1x1 tensor, the
-- index from max(1)), which is why nn guards it with nElement() == 1
function M.squeeze(t, d)
   local v = squeeze_view(t, d)
   if v._nd == 1 and v._sz[0] == 1 then return v[1] end
   return v
end

function M.view(t, ...)
   local a1 = ...
   if istensor(a1) and select('#', ...) > 1 then
      -- torch7's result-first form res:view(src, sizes...)
      return M.set(t, M.view(a1, select(2, ...)))
   end
   local sz
   if istensor(a1) then sz = C.sizes(a1) else sz = read_sizes('view', 1, ...) end
   if not C.is_contiguous(t) then error('input is not contiguous: call :contiguous() before :view()', 2) end
   local n = nelement(t)
   local known, neg = 1, nil
   for i = 1, #sz do
      if sz[i] == -1 then
         if neg then error('only one dimension can be inferred (-1) in view', 2) end
         neg = i
      else known = known * sz[i] end
   end
   if neg then
      if known == 0 or n % known ~= 0 then
         error(string.format('Wrong size for view. Input size: %s. Output size: %s', size_str(t):gsub(' ', ''), table.concat(sz, 'x')), 2)
      end
      sz[neg] = n / known
      known = n
   end
   if known ~= n then
      error(string.format('Wrong size for view. Input size: %s. Output size: %s', size_str(t):gsub(' ', ''), table.concat(sz, 'x')), 2)
   end
   local v = make(tyof(t), TS[t], t._off, #sz, sz)
   return v
end
-- t:viewAs(template), or torch7's result-first res:viewAs(src, template): res becomes src viewed with
-- template's sizes and is returned
function M.viewAs(t, u, template)
   if template ~= nil then
      if not istensor(template) then
         error('expecting (torch.Tensor, torch.Tensor, torch.LongStorage) or (torch.Tensor, torch.LongStorage)', 2)
      end
      return M.set(t, M.view(u, template))
   end
   return M.view(t, u)
end

function M.expand(t, ...)
   local a1 = ...
   -- torch7's result-first form res:expand(src, sizes...): res becomes the expanded view of src
   if istensor(a1) and select('#', ...) > 1 then return M.set(t, M.expand(a1, select(2, ...))) end
   local sz
   if istensor(a1) then sz = C.sizes(a1) else sz = read_sizes('expand', 1, ...) end
   if #sz < t._nd then argerr('expand', 1, 'the number of sizes must be at least the number of dimensions') end
   local v = alias(t)
   local off = #sz - t._nd
   v._nd = #sz
   for i = #sz, 1, -1 do
      local j = i - off  -- source dim
      local ssz = j >= 1 and t._sz[j - 1] or 1
      local ssr = j >= 1 and t._sr[j - 1] or 0
      if ssz == sz[i] then
         v._sz[i - 1] = ssz; v._sr[i - 1] = ssr
      elseif ssz == 1 then
         v._sz[i - 1] = sz[i]; v._sr[i - 1] = 0
      else
         error(string.format('incorrect size: only supporting singleton expansion (size=1) (expanding %s to %s)', size_str(t), table.concat(sz, 'x')), 2)
      end
   end
   return v
end
-- t:expandAs(template), or res:expandAs(src, template) (torch7's result-first form)
function M.expandAs(t, u, template)
   if template ~= nil then return M.set(t, M.expand(u, template)) end
   return M.expand(t, u)
end

-- split([result,] t, size [,d]) / chunk([result,] t, n [,d]): d defaults to 1 as in torch7
function M.split(t, size, d, e)
   local r = {}
   if type(t) == 'table' and not istensor(t) then
      r = t
      for k in pairs(r) do r[k] = nil end
      t, size, d = size, d, e
   end
   d = d or 1
   dimcheck(t, d, 'split', 2)
   local n = t._sz[d - 1]
   local i = 1
   while i <= n do
      local len = math.min(size, n - i + 1)
      r[#r + 1] = M.narrow(t, d, i, len)
      i = i + size
   end
   return r
end
function M.chunk(t, n, d, e)
   local r = {}
   if type(t) == 'table' and not istensor(t) then r, t, n, d = t, n, d, e end
   d = d or 1
   dimcheck(t, d, 'chunk', 2)
   return M.split(r, t, math.ceil(t._sz[d - 1] / n), d)
end

function M.contiguous(t)
   if C.is_contiguous(t) then return t end
   return M.clone(t)
end

-- same-type contiguous copies as one memcpy through the FFI (torch7 memcpys them too); numpy otherwise
local function memcopy(dst, src, n)
   if dst._st == nil or src._st == nil or tyof(dst) ~= tyof(src)
      or not C.is_contiguous(dst) or not C.is_contiguous(src) then return false end
   local pd, ps = dst._st._p + dst._off, src._st._p + src._off
   if pd ~= ps then
      if pd < ps + n and ps < pd + n then return false end   -- overlapping: numpy's copy handles it
      ffi.copy(pd, ps, n * tyof(dst).size)
   end
   return true
end

function M.clone(t)
   local r = make(tyof(t), nil, 0, 0)
   C.resize(r, t._nd, C.sizes(t))
   local n = nelement(t)
   if n > 0 and not memcopy(r, t, n) then K.copy(np(r), np(t)) end
   return r
end

function M.copy(t, src)
   if istensor(src) then
      local n1, n2 = nelement(t), nelement(src)
      if n1 ~= n2 then
         error(string.format('inconsistent tensor size, expected %s [%s] and src [%s] to have the same number of elements, but got %d and %d elements respectively',
            'tensor', size_str(t), size_str(src), n1, n2), 2)
      end
      if n1 > 0 and not memcopy(t, src, n1) then K.copy(np(t), np(src)) end
      return t
   elseif C.isstorage(src) then
      if nelement(t) ~= src._n then error('inconsistent tensor and storage sizes in copy', 2) end
      K.copy(np(t), C.SA[src])
      return t
   end
   argerr('copy', 1, 'tensor expected, got ' .. torch.type(src))
end

-- type conversion --------------------------------------------------------------------------
function M.type(t, name)
   local ty = tyof(t)
   if name == nil then return ty.tname end
   local ty2 = T.byname[name]
   if not ty2 or ty2.sname == name then
      if name == 'torch.CudaTensor' then ty2 = T.byname.Float
      else error('unknown tensor type ' .. tostring(name), 2) end
   end
   if ty2 == ty then return t end
   local r = make(ty2, nil, 0, 0)
   C.resize(r, t._nd, C.sizes(t))
   if nelement(t) > 0 then K.copy(np(r), np(t)) end
   return r
end
function M.typeAs(t, u) return M.type(t, torch.typename(u)) end
for _, ty in ipairs(T.list) do
   local tn = ty.tname
   M[ty.name:lower()] = function(t) return M.type(t, tn) end
end
function M.real(t) return M.type(t, torch.getdefaulttensortype()) end
function M.cuda(t)
   return M.type(t, 'torch.FloatTensor')
end

function M.totable(t)
   local nd = t._nd
   if nd == 0 then return {} end
   local function rec(v, d)
      local r = {}
      if d == nd then
         for i = 1, v._sz[0] do r[i] = v[i] end
      else
         for i = 1, v._sz[0] do r[i] = rec(v[i], d + 1) end
      end
      return r
   end
   return rec(t, 1)
end

function M.data(t, asnumber)
   local s = t._st
   if s == nil then return nil end
   if asnumber then return tonumber(ffi.cast('intptr_t', s._p + t._off)) end -- as torch.data
   return s._p + t._off
end
function M.cdata(t) return t end
function M.retain(t) end -- torch7: no result
function M.free(t) end

-- apply/map/map2 walk the elements in row-major order with pointer arithmetic
local function each_offset(t, f)
   local nd = t._nd
   if nd == 0 then return end
   local sz, sr = C.sizes(t), C.strides(t)
   if nd == 1 then
      local off, st = t._off, sr[1]
      for i = 0, sz[1] - 1 do f(off + i * st) end
      return
   end
   local idx = {}
   for i = 1, nd do idx[i] = 0 end
   local total = nelement(t)
   local off = t._off
   for _ = 1, total do
      f(off)
      local d = nd
      while d >= 1 do
         idx[d] = idx[d] + 1
         off = off + sr[d]
         if idx[d] < sz[d] then break end
         off = off - sr[d] * sz[d]
         idx[d] = 0
         d = d - 1
      end
   end
end
torch._each_offset = each_offset

local function offsets(t)
   local r = {}
   each_offset(t, function(o) r[#r + 1] = o end)
   return r
end

-- what apply/map/map2 store from the function's result v (not nil): a number, or a string
-- lua_isnumber accepts; anything else is torch7's error
local function stored(v)
   local n = type(v) == 'string' and tonumber(v) or nil
   if n == nil then error('given function should return a number or nil') end
   return n
end
local function check_fn(fname, argn, f)
   if type(f) ~= 'function' then argerr(fname, argn, 'function expected, got ' .. type(f), 3) end
end

function M.apply(t, f)
   check_fn('apply', 1, f)
   local p = t._st and t._st._p
   each_offset(t, function(o)
      local v = f(tonumber(p[o]))
      if v ~= nil then
         if type(v) ~= 'number' then v = stored(v) end
         p[o] = v
      end
   end)
   return t
end

function M.map(t, src, f)
   torch._check_tensor('map', 1, src)
   check_fn('map', 2, f)
   if nelement(t) ~= nelement(src) then error('map: inconsistent tensor sizes', 2) end
   local p, q = t._st and t._st._p, src._st and src._st._p
   local so = offsets(src)
   local k = 0
   each_offset(t, function(o)
      k = k + 1
      local v = f(tonumber(p[o]), tonumber(q[so[k]]))
      if v ~= nil then
         if type(v) ~= 'number' then v = stored(v) end
         p[o] = v
      end
   end)
   return t
end

function M.map2(t, s1, s2, f)
   torch._check_tensor('map2', 1, s1)
   torch._check_tensor('map2', 2, s2)
   check_fn('map2', 3, f)
   if nelement(t) ~= nelement(s1) or nelement(t) ~= nelement(s2) then error('map2: inconsistent tensor sizes', 2) end
   local p, q, r = t._st and t._st._p, s1._st and s1._st._p, s2._st and s2._st._p
   local o1, o2 = offsets(s1), offsets(s2)
   local k = 0
   each_offset(t, function(o)
      k = k + 1
      local v = f(tonumber(p[o]), tonumber(q[o1[k]]), tonumber(r[o2[k]]))
      if v ~= nil then
         if type(v) ~= 'number' then v = stored(v) end
         p[o] = v
      end
   end)
   return t
end

function M.__tostring__(t)
   printing = printing or B.pyimport('luann.kernels.printing')
   local tn = tyof(t).tname
   if t._nd == 0 then return printing.format_tensor_nodim(tn) end
   return printing.format_tensor(np(t), tn)
end

-- per-type metatables ------------------------------------------------------------------------
torch._tensor_types = T
for _, ty in ipairs(T.list) do
   local methods = setmetatable({}, {__index = M})
   torch._tensor_methods[ty.name] = methods
   ty.methods = methods
   local mt = {__typename = ty.tname, __version = 1}
   mt.__index = make_index(ty, methods)
   mt.__newindex = make_newindex(ty, methods)
   mt.__len = function(t) return M.size(t) end
   mt.__tostring = function(t) return M.__tostring__(t) end
   mt.__eq = function(a, b) return rawequal(a, b) end
   ty.tensor_mt = mt
   local fname = ty.tname
   local ctor = setmetatable({}, {
      __call = function(_, ...) return new_tensor(ty, fname, ...) end,
      __index = methods,
      __newindex = methods,
      __tostring = function() return fname end,
   })
   methods.new = function(...) return new_tensor(ty, fname, ...) end
   ty.ctor = ctor
   torch[ty.name .. 'Tensor'] = ctor
   torch._register_type(ty.tname, mt, ctor)
end

function torch.isTensor(x) return istensor(x) end
