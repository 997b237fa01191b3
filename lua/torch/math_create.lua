-- Creation, shape and indexing functions: zeros/ones/eye/range/linspace, diag,
-- tril/triu, cat, reshape, repeatTensor, index*/masked*/gather/scatter.
local torch, B, T, C = ...

local K = B.K
local X = B.pyimport('luann.kernels.shape')
local np, make, istensor, tyof, nelement = C.np, C.make, C.istensor, C.tyof, C.nelement
local M = torch._M
local argerr, dimcheck, size_str = torch._argerr, torch._dimcheck, torch._size_str
local check_tensor, float_method, dispatch_ty = torch._check_tensor, torch._float_method, torch._dispatch_ty
local read_sizes, resize_as = torch._read_sizes, torch._resize_as
local LONG, BYTE = T.byname.Long, T.byname.Byte

local function result_and_args(...)
   local a1 = ...
   if istensor(a1) then return a1, 2 end
   return nil, 1
end

-- torch.f([res,] args... [,type]) for f(res, args...): a new tensor of the type asked for (or the
-- default one) unless a result tensor comes first
local function creator(f)
   return function(...)
      local ty = dispatch_ty(...)
      local res, i = result_and_args(...)
      return f(res or make(ty, nil, 0, 0), select(i, ...))
   end
end

-- zeros/ones: torch.zeros([res,] sizes... [,type]); t:zeros(sizes) resizes t
local function filled(name, v)
   local function f(res, ...)
      local sz = read_sizes(name, 1, ...)
      C.resize(res, #sz, sz)
      return M.fill(res, v)
   end
   M[name] = f
   torch[name] = creator(f)
end
filled('zeros', 0)
filled('ones', 1)

local function eye(res, n, m)
   m = m or n
   C.resize(res, 2, {n, m})
   X.eye(np(res))
   return res
end
M.eye = eye
torch.eye = creator(eye)

local function range(res, x, y, step)
   step = step or 1
   if step == 0 then argerr('range', 3, 'step must be nonzero') end
   if (step > 0 and x > y) or (step < 0 and x < y) then argerr('range', 2, 'upper bound and larger bound incoherent with step sign') end
   local n = math.floor((y - x) / step + 1e-10) + 1
   C.resize(res, 1, {n})
   X.arange(np(res), x, step)
   return res
end
M.range = range
torch.range = creator(range)

local function spaced(name, kern)
   local function f(res, a, b, n)
      n = n or 100
      if n < 2 and n ~= 1 then argerr(name, 3, 'invalid number of points') end
      C.resize(res, 1, {n})
      kern(np(res), a, b, n)
      return res
   end
   float_method(name, f)
   torch[name] = creator(f)
end
spaced('linspace', X.linspace)
spaced('logspace', X.logspace)

-- diag: vector -> matrix, matrix -> vector, with offset k
local function diag(res, t, k)
   k = k or 0
   local arr = X.diag(np(t), k)
   local r = C.from_array(arr, tyof(t))
   if res then resize_as(res, r); M.copy(res, r); return res end
   return r
end
M.diag = function(self, a, k)
   if istensor(a) then return diag(self, a, k) end
   return diag(nil, self, a)
end
torch.diag = function(a, b, c)
   if istensor(b) then return diag(a, b, c) end
   return diag(nil, a, b)
end

for _, nm in ipairs{'tril', 'triu'} do
   local function f(res, t, k)
      if t._nd ~= 2 then argerr(nm, 1, 'matrix expected') end
      if k ~= nil and type(k) ~= 'number' then argerr(nm, 2, 'number expected, got ' .. torch.type(k)) end
      res = res or make(tyof(t), nil, 0, 0)
      resize_as(res, t)
      X[nm](np(res), np(t), k or 0)
      return res
   end
   M[nm] = function(self, a, k)
      if istensor(a) then return f(self, a, k) end
      return f(nil, self, a)
   end
   torch[nm] = function(a, b, c)
      if istensor(b) then return f(a, b, c) end
      return f(nil, a, b)
   end
end

-- cat(a, b [,dim]) / cat({a,b,...} [,dim]) / res:cat(...) ; default dim = last
local function cat(res, list, d, level)
   if #list == 0 then argerr('cat', 1, 'non-empty list of tensors expected', level + 1) end
   local ty = tyof(list[1])
   local first
   for i, t in ipairs(list) do
      check_tensor('cat', i, t, ty, level + 1)
      if t._nd > 0 and not first then first = t end
   end
   if not first then return res or make(ty, nil, 0, 0) end
   if d == nil or d == -1 then
      -- torch7: the default (-1) is the last dimension of the input with the most dimensions
      d = 0
      for _, t in ipairs(list) do d = math.max(d, t._nd) end
   elseif type(d) ~= 'number' or d < 1 then
      argerr('cat', #list + 1, 'invalid dimension ' .. tostring(d), level + 1)
   end
   local nd = math.max(first._nd, d)
   local sz = C.sizes(first)
   for i = #sz + 1, nd do sz[i] = 1 end
   local total = 0
   local arrs = {}
   for _, t in ipairs(list) do
      if t._nd > 0 then
         for j = 1, nd do
            local tj = j <= t._nd and t._sz[j - 1] or 1
            if j ~= d and tj ~= sz[j] then
               error(string.format('inconsistent tensor sizes in cat: [%s] and [%s] differ outside dimension %d', size_str(first), size_str(t), d), level + 1)
            end
         end
         total = total + (d <= t._nd and t._sz[d - 1] or 1)
      end
   end
   sz[d] = total
   res = res or make(ty, nil, 0, 0)
   C.resize(res, #sz, sz)
   local off = 1
   for _, t in ipairs(list) do
      if t._nd > 0 then
         local n = d <= t._nd and t._sz[d - 1] or 1
         M.copy(M.narrow(res, d, off, n), t)
         off = off + n
      end
   end
   return res
end
function torch.cat(a, b, c, d)
   if type(a) == 'table' and not istensor(a) then return cat(nil, a, b, 1) end
   if istensor(a) and type(b) == 'table' and not istensor(b) then return cat(a, b, c, 1) end
   if istensor(a) and istensor(b) and istensor(c) then return cat(a, {b, c}, d, 1) end
   return cat(nil, {a, b}, c, 1)
end
-- x:cat(y [,dim]) is a new tensor; res:cat(x, y [,dim]) and res:cat({x, y, ...} [,dim]) fill res
function M.cat(self, a, b, c)
   if type(a) == 'table' and not istensor(a) then return cat(self, a, b, 1) end
   if istensor(b) then return cat(self, {a, b}, c, 1) end
   return cat(nil, {self, a}, b, 1)
end

-- reshape always copies; torch.reshape(res, x, sizes) and res:reshape(x, sizes) fill res
local reshape
function torch.reshape(a, ...)
   if istensor(a) and istensor((...)) then return reshape(a, ...) end
   return reshape(nil, a, ...)
end
function M.reshape(self, ...)
   if istensor((...)) then return reshape(self, ...) end
   return reshape(nil, self, ...)
end
function reshape(res, self, ...)
   local sz = read_sizes('reshape', 1, ...)
   local n = 1
   for i = 1, #sz do n = n * sz[i] end
   if n ~= nelement(self) then
      error(string.format('reshape: wrong size, cannot reshape a tensor of %d elements [%s] into %s', nelement(self), size_str(self), table.concat(sz, 'x')), 2)
   end
   if res then check_tensor('reshape', 1, res, tyof(self), 2) end
   local r = res or make(tyof(self), nil, 0, 0)
   C.resize(r, #sz, sz)
   if n > 0 then K.copy(np(r), np(self)) end
   return r
end

function torch.squeeze(a, b, c)
   local t, d = a, b
   if istensor(b) then t, d = b, c end
   local r = torch._squeeze_view(t, d)
   if r._nd == 1 and r._sz[0] == 1 and not istensor(b) then return r[1] end
   if istensor(b) then a:set(r); return a end
   return r
end
function torch.unsqueeze(t, d)
   local sz = C.sizes(t)
   table.insert(sz, d, 1)
   return M.view(M.contiguous(t), unpack(sz))
end

function M.repeatTensor(self, ...)
   local res, src = nil, self
   local a1 = ...
   local args
   if istensor(a1) then res, src = self, a1; args = {select(2, ...)} else args = {...} end
   local reps = read_sizes('repeatTensor', 1, unpack(args))
   if #reps < src._nd then argerr('repeatTensor', 1, 'the number of repetitions must be at least the number of dimensions') end
   local arr = X.repeat_tensor(np(src), unpack(reps))
   local r = C.from_array(arr, tyof(src))
   if res then resize_as(res, r); M.copy(res, r); return res end
   return r
end
function torch.repeatTensor(a, ...)
   if istensor(a) and istensor((...)) then return M.repeatTensor(a, ...) end
   return M.repeatTensor(a, ...)
end
for _, nm in ipairs{'expand', 'expandAs', 'view', 'viewAs', 'split', 'chunk', 'permute', 'totable', 'transpose', 'narrow', 'select', 'clone', 'contiguous', 'nElement'} do
   torch[nm] = function(t, ...) return M[nm](t, ...) end
end

-- index(d, LongTensor) copies the selected slices; indexCopy/Add/Fill write them
local function check_index_tensor(fname, idx, argn, level)
   if not istensor(idx) or tyof(idx) ~= LONG then argerr(fname, argn, 'torch.LongTensor of indices expected, got ' .. torch.type(idx), level + 1) end
   if fname ~= 'gather' and fname ~= 'scatter' and idx._nd > 1 then
      argerr(fname, argn, 'index is supposed to be a vector, got a LongTensor of size [' .. size_str(idx) .. ']', level + 1)
   end
end
-- index(1, idx) of a contiguous tensor into a contiguous result of its type (one-hot rows of an
-- identity matrix, embeddings): one memcpy a selected row, no numpy call.  Anything else (other
-- dimensions, strided operands, an index out of range, a result sharing t's storage) returns false.
local ffi = require 'ffi'
local function contiguous(x)
   local st = 1
   for i = x._nd - 1, 0, -1 do
      if x._sz[i] ~= 1 and x._sr[i] ~= st then return false end
      st = st * x._sz[i]
   end
   return true
end
local function index_rows(res, t, d, idx)
   local n = nelement(idx)
   if d ~= 1 or n == 0 or n > 4096 or t._st == nil or res._st == nil or res._st == t._st
      or tyof(res) ~= tyof(t) or idx._nd ~= 1 or idx._sr[0] ~= 1 or not contiguous(t) or not contiguous(res) then
      return false
   end
   local rows = t._sz[0]
   local ip = idx._st._p + idx._off
   for i = 0, n - 1 do
      local v = ip[i]
      if v < 1 or v > rows then return false end
   end
   local rowlen = nelement(t) / rows
   local bytes = rowlen * tyof(t).size
   local sp, rp = t._st._p + t._off, res._st._p + res._off
   for i = 0, n - 1 do ffi.copy(rp + i * rowlen, sp + (tonumber(ip[i]) - 1) * rowlen, bytes) end
   return true
end
local function index(res, t, d, idx, level)
   dimcheck(t, d, 'index', 1, level + 1)
   check_index_tensor('index', idx, 2, level + 1)
   local sz = C.sizes(t)
   sz[d] = nelement(idx)
   res = res or make(tyof(t), nil, 0, 0)
   C.resize(res, #sz, sz)
   if index_rows(res, t, d, idx) then return res end
   local ok, err = pcall(X.index_select, np(res), np(t), d - 1, np(idx))
   if not ok then error('index: ' .. tostring(err), level + 1) end
   return res
end
-- t:f(d, idx) / res:f(t, d, idx) and torch.f(t, d, idx) / torch.f(res, t, d, idx) for
-- f(res, t, d, idx, level) that allocates res when it is nil (index, gather)
local function res_optional(f)
   return function(self, a, b, c)
      if istensor(a) then return f(self, a, b, c, 1) end
      return f(nil, self, a, b, 1)
   end, function(a, b, c, d)
      if istensor(b) then return f(a, b, c, d, 1) end
      return f(nil, a, b, c, 1)
   end
end
M.index, torch.index = res_optional(index)
-- t:f(d, idx, src|value) in place, scatter included
for _, nm in ipairs{'indexCopy', 'indexAdd', 'indexFill', 'scatter'} do
   M[nm] = function(self, d, idx, src)
      dimcheck(self, d, nm, 1)
      check_index_tensor(nm, idx, 2, 1)
      if (nm == 'indexCopy' or nm == 'indexAdd') and istensor(src) then
         -- THTensor_indexCopy/indexAdd's check, before numpy's own words would surface
         if d > src._nd then argerr(nm, 3, 'Indexing dim ' .. d .. ' is out of bounds of tensor') end
         if nelement(idx) ~= src._sz[d - 1] then argerr(nm, 3, 'Number of indices should be equal to source:size(dim)') end
      end
      local ok, err = pcall(X[nm], np(self), d - 1, np(idx), istensor(src) and np(src) or src)
      if not ok then error(nm .. ': ' .. tostring(err), 2) end
      return self
   end
end

local function check_mask(fname, t, mask, level)
   if not istensor(mask) or tyof(mask) ~= BYTE then argerr(fname, 1, 'torch.ByteTensor mask expected, got ' .. torch.type(mask), level + 1) end
   if nelement(mask) ~= nelement(t) then
      error(string.format('%s: the mask [%s] must have as many elements as the tensor [%s]', fname, size_str(mask), size_str(t)), level + 1)
   end
end
function M.maskedSelect(self, a, b)
   local res, t, mask = nil, self, a
   if b ~= nil then res, t, mask = self, a, b end
   check_mask('maskedSelect', t, mask, 1)
   local arr = X.masked_select(np(t), np(mask))
   local r = C.from_array(arr, tyof(t))
   if res then resize_as(res, r); if nelement(r) > 0 then M.copy(res, r) end; return res end
   return r
end
torch.maskedSelect = function(a, b, c)
   if c ~= nil then return M.maskedSelect(a, b, c) end
   return M.maskedSelect(a, b)
end
function M.maskedFill(self, mask, v)
   check_mask('maskedFill', self, mask, 1)
   X.masked_fill(np(self), np(mask), tyof(self).cast(v))
   return self
end
function M.maskedCopy(self, mask, src)
   check_mask('maskedCopy', self, mask, 1)
   check_tensor('maskedCopy', 2, src, tyof(self))
   local ok, err = pcall(X.masked_copy, np(self), np(mask), np(src))
   if not ok then error('maskedCopy: ' .. tostring(err), 2) end
   return self
end

-- gather(d, index) / scatter(d, index, src|value)
local function gather(res, t, d, idx, level)
   dimcheck(t, d, 'gather', 1, level + 1)
   check_index_tensor('gather', idx, 2, level + 1)
   res = res or make(tyof(t), nil, 0, 0)
   C.resize(res, idx._nd, C.sizes(idx))
   local ok, err = pcall(X.gather, np(res), np(t), d - 1, np(idx))
   if not ok then error('gather: ' .. tostring(err), level + 1) end
   return res
end
M.gather, torch.gather = res_optional(gather)
-- M.scatter(self, d, idx, src|value): with indexCopy/indexAdd/indexFill above
