-- Reductions, sorting and comparisons.  With a dimension, reductions keep it
-- (size 1); without, they return a Lua number (torch7-api.md §9.4).
local torch, B, T, C = ...

local K = B.K
local R = B.pyimport('luann.kernels.reduce')
local np, make, istensor, tyof, nelement = C.np, C.make, C.istensor, C.tyof, C.nelement
local M = torch._M
local argerr, dimcheck, size_str = torch._argerr, torch._dimcheck, torch._size_str
local new_sized, check_tensor, float_method = torch._new_sized, torch._check_tensor, torch._float_method
local LONG = T.byname.Long

local function keep_sizes(t, d)
   local sz = C.sizes(t)
   sz[d] = 1
   return sz
end

local function pycall(fname, f, ...)
   local ok, a, b = pcall(f, ...)
   if not ok then error(fname .. ': ' .. tostring(a), 3) end
   return a, b
end

-- sum/prod/mean/...: t:f() -> number; t:f(d) / torch.f([res,] t, d) -> keepdim tensor
local function reduction(name, floatonly, extra_default)
   local function all(t, ...)
      if nelement(t) == 0 then return R.empty_value(name) end
      return (pycall(name, R.reduce_all, name, np(t), ...))
   end
   local function dimf(res, t, d, level, ...)
      dimcheck(t, d, name, 2, level + 1)
      local sz = keep_sizes(t, d)
      res = res or make(tyof(t), nil, 0, 0)
      C.resize(res, #sz, sz)
      if nelement(res) > 0 then pycall(name, R.reduce_dim, name, np(res), np(t), d - 1, ...) end
      return res
   end
   local meth = function(self, d, ...)
      if type(d) == 'number' then return dimf(nil, self, d, 1, ...) end
      if d == nil then return all(self, ...) end
      if istensor(d) then return torch[name](self, d, ...) end -- res:f(t, d)
      argerr(name, 1, 'dimension expected, got ' .. torch.type(d))
   end
   torch[name] = function(a, b, c, ...)
      check_tensor(name, 1, a)
      if istensor(b) then return dimf(a, b, c, 1, ...) end
      return meth(a, b, c, ...)
   end
   if floatonly then float_method(name, meth) else M[name] = meth end
end
reduction('sum')
reduction('prod')
reduction('mean', true)
reduction('logsumexp', true)

-- var/std: t:var([d,] [flag]) unbiased unless flag
local function moment(name)
   local function f(res, t, d, flag, level)
      if d == nil or type(d) == 'boolean' then
         if nelement(t) == 0 then return 0 / 0 end
         return R.reduce_all(name, np(t), (d or flag) and 1 or 0)
      end
      dimcheck(t, d, name, 2, level + 1)
      local sz = keep_sizes(t, d)
      res = res or make(tyof(t), nil, 0, 0)
      C.resize(res, #sz, sz)
      R.reduce_dim(name, np(res), np(t), d - 1, flag and 1 or 0)
      return res
   end
   float_method(name, function(self, d, flag, e)
      if istensor(d) then return f(self, d, flag, e, 1) end   -- res:std(t, dim [,flag])
      return f(nil, self, d, flag, 1)
   end)
   torch[name] = function(a, b, c, d)
      if istensor(b) then return f(a, b, c, d, 1) end
      return f(nil, a, b, c, 1)
   end
end
moment('var')
moment('std')

-- norm(t [,p]) -> number; norm([res,] t, p, d) -> tensor
local function norm(res, t, p, d, level)
   p = p or 2
   if type(p) ~= 'number' then argerr('norm', 2, 'number expected, got ' .. torch.type(p), level + 1) end
   if d == nil then
      if nelement(t) == 0 then return 0 end
      return R.reduce_all('norm', np(t), p)
   end
   dimcheck(t, d, 'norm', 3, level + 1)
   local sz = keep_sizes(t, d)
   res = res or make(tyof(t), nil, 0, 0)
   C.resize(res, #sz, sz)
   R.reduce_dim('norm', np(res), np(t), d - 1, p)
   return res
end
float_method('norm', function(self, p, d, e)
   if istensor(p) then return norm(self, p, d, e, 1) end -- res:norm(t, p, d)
   return norm(nil, self, p, d, 1)
end)
torch.norm = function(a, b, c, d)
   if istensor(b) then return norm(a, b, c, d, 1) end
   return norm(nil, a, b, c, 1)
end

float_method('dist', function(a, b, p)
   check_tensor('dist', 1, b, tyof(a))
   if p ~= nil and type(p) ~= 'number' then argerr('dist', 3, 'number expected, got ' .. torch.type(p)) end
   return R.dist(np(a), np(b), p or 2)
end)
torch.dist = function(a, b, p) return a:dist(b, p) end

function M.trace(t)
   if t._nd ~= 2 then argerr('trace', 1, 'matrix expected') end
   return R.trace(np(t))
end
torch.trace = M.trace
function torch.numel(t) return nelement(t) end

-- max/min: number, or (values, LongTensor indices) along d; two tensors: cmax
local function maxmin(name, cname)
   local function dimf(rv, ri, t, d, level)
      dimcheck(t, d, name, 2, level + 1)
      local sz = keep_sizes(t, d)
      rv = rv or make(tyof(t), nil, 0, 0)
      ri = ri or make(LONG, nil, 0, 0)
      C.resize(rv, #sz, sz); C.resize(ri, #sz, sz)
      if nelement(rv) > 0 then R.argreduce(name, np(rv), np(ri), np(t), d - 1) end
      return rv, ri
   end
   M[name] = function(self, d, e, f)
      if d == nil then
         if nelement(self) == 0 then error(name .. ': tensor must have at least one element', 2) end
         return R.reduce_all(name, np(self))
      end
      if istensor(d) then
         -- torch7's result forms: values:max(src, dim) and values:max(indices, src, dim)
         if type(e) == 'number' then return dimf(self, nil, d, e, 1) end
         if istensor(e) and type(f) == 'number' then return dimf(self, d, e, f, 1) end
         return torch[cname](self, d)
      end
      return dimf(nil, nil, self, d, 1)
   end
   torch[name] = function(a, b, c, d)
      check_tensor(name, 1, a)
      if istensor(b) and istensor(c) then return dimf(a, b, c, d, 1) end
      if istensor(b) then return torch[cname](a, b) end
      return M[name](a, b)
   end
end
maxmin('max', 'cmax')
maxmin('min', 'cmin')

-- ([values,] [indices,] t, ...) of torch7's value+index functions, as the torch.X function and the
-- method (self first) both see them: values and indices are optional leading tensors
local function vi_args(a, b, c, ...)
   if istensor(b) and istensor(c) then return a, b, c, ... end
   if istensor(b) then return a, nil, b, c, ... end
   return nil, nil, a, b, c, ...
end

-- median/mode/kthvalue: values + indices, keepdim, default last dim
local function selectk(name)
   local function f(rv, ri, t, k, d, level)
      d = d or t._nd
      dimcheck(t, d, name, 2, level + 1)
      local sz = keep_sizes(t, d)
      rv = rv or make(tyof(t), nil, 0, 0)
      ri = ri or make(LONG, nil, 0, 0)
      C.resize(rv, #sz, sz); C.resize(ri, #sz, sz)
      pycall(name, R.select_k, name, np(rv), np(ri), np(t), d - 1, k or 0)
      return rv, ri
   end
   if name == 'kthvalue' then
      torch[name] = function(...)
         local rv, ri, t, k, d = vi_args(...)
         return f(rv, ri, t, k, d, 1)
      end
   else
      torch[name] = function(...)
         local rv, ri, t, d = vi_args(...)
         return f(rv, ri, t, 0, d, 1)
      end
   end
   M[name] = torch[name]
end
selectk('median')
selectk('mode')
selectk('kthvalue')

-- cumsum/cumprod: new tensor, dim default 1
local function cumulative(name)
   local function f(res, t, d, level)
      d = d or 1
      dimcheck(t, d, name, 2, level + 1)
      res = res or make(tyof(t), nil, 0, 0)
      torch._resize_as(res, t)
      if nelement(res) > 0 then R.cumulative(name, np(res), np(t), d - 1) end
      return res
   end
   M[name] = function(self, d, e)
      if istensor(d) then return f(self, d, e, 1) end   -- res:cumsum(t [,dim])
      return f(nil, self, d, 1)
   end
   torch[name] = function(a, b, c)
      if istensor(b) then return f(a, b, c, 1) end
      return f(nil, a, b, 1)
   end
end
cumulative('cumsum')
cumulative('cumprod')

-- sort([rv, ri,] t [,d] [,descending])
local function sort(rv, ri, t, d, desc, level)
   if type(d) == 'boolean' then d, desc = nil, d end
   d = d or t._nd
   dimcheck(t, d, 'sort', 2, level + 1)
   rv = rv or make(tyof(t), nil, 0, 0)
   ri = ri or make(LONG, nil, 0, 0)
   torch._resize_as(rv, t); C.resize(ri, t._nd, C.sizes(t))
   if nelement(t) > 0 then R.sort(np(rv), np(ri), np(t), d - 1, desc and true or false) end
   return rv, ri
end
torch.sort = function(...)
   local rv, ri, t, d, desc = vi_args(...)
   return sort(rv, ri, t, d, desc, 1)
end
M.sort = torch.sort

-- topk([rv, ri,] t, k [,d] [,dir] [,sort])
local function topk(rv, ri, t, k, d, dir, sorted, level)
   d = d or t._nd
   dimcheck(t, d, 'topk', 3, level + 1)
   if type(k) ~= 'number' or k < 1 or k > t._sz[d - 1] then argerr('topk', 2, 'k not in range of dimension') end
   local sz = C.sizes(t); sz[d] = k
   rv = rv or make(tyof(t), nil, 0, 0)
   ri = ri or make(LONG, nil, 0, 0)
   C.resize(rv, #sz, sz); C.resize(ri, #sz, sz)
   R.topk(np(rv), np(ri), np(t), k, d - 1, dir and true or false)
   return rv, ri
end
torch.topk = function(...)
   local rv, ri, t, k, d, dir, sorted = vi_args(...)
   return topk(rv, ri, t, k, d, dir, sorted, 1)
end
M.topk = torch.topk

-- comparisons: ByteTensor results unless a result tensor is given
for _, name in ipairs{'lt', 'gt', 'le', 'ge', 'eq', 'ne'} do
   local function core(res, a, b, level)
      if istensor(b) then
         check_tensor(name, 2, b, tyof(a), level + 1)
         if nelement(a) ~= nelement(b) then
            error(string.format('%s: inconsistent tensor size [%s] vs [%s]', name, size_str(a), size_str(b)), level + 1)
         end
      elseif type(b) ~= 'number' then
         argerr(name, 2, 'number or tensor expected, got ' .. type(b), level + 1)
      end
      res = res or make(T.byname.Byte, nil, 0, 0)
      torch._resize_as(res, a)
      if nelement(a) > 0 then R.compare(name, np(res), np(a), istensor(b) and np(b) or b) end
      return res
   end
   M[name] = function(self, b, c)
      if c ~= nil then return core(self, b, c, 1) end
      return core(nil, self, b, 1)
   end
   torch[name] = function(a, b, c)
      if c ~= nil then return core(a, b, c, 1) end
      return core(nil, a, b, 1)
   end
end

function M.equal(a, b)
   if not istensor(b) then return false end
   if tyof(a) ~= tyof(b) then return false end
   if not a:isSameSizeAs(b) then return false end
   if nelement(a) == 0 then return true end
   return R.equal(np(a), np(b))
end
torch.equal = M.equal

function M.all(t)
   if nelement(t) == 0 then return true end
   return R.reduce_all('all', np(t))
end
function M.any(t)
   if nelement(t) == 0 then return false end
   return R.reduce_all('any', np(t))
end
torch.all, torch.any = M.all, M.any

function M.nonzero(t, src)
   if src ~= nil then
      -- res.nonzero(res, src) / x.nonzero(indices, x): the LongTensor given first gets the result
      if tyof(t) ~= LONG then argerr('nonzero', 1, 'torch.LongTensor expected, got ' .. torch.typename(t)) end
      check_tensor('nonzero', 2, src)
      local r = M.nonzero(src)
      return t:resizeAs(r):copy(r)
   end
   local arr = R.nonzero(np(t))
   return C.from_array(arr, LONG)
end
function torch.nonzero(a, b)
   if b ~= nil then local r = M.nonzero(b); a:resizeAs(r):copy(r); return a end
   return M.nonzero(a)
end

-- histc([res,] x [,nbins [,min, max]]): res (optional, first) receives the histogram
local function histc(res, self, nbins, lo, hi)
   local a0 = res and 1 or 0
   nbins, lo, hi = nbins or 100, lo or 0, hi or 0
   for i, v in ipairs{nbins, lo, hi} do
      if type(v) ~= 'number' then argerr('histc', a0 + i + 1, 'number expected, got ' .. torch.type(v), 2) end
   end
   if nbins < 1 then argerr('histc', a0 + 2, 'the number of bins must be at least 1, got ' .. nbins, 2) end
   local arr = R.histc(np(self), nbins, lo, hi)
   local out = C.from_array(arr, tyof(self))
   if res then
      check_tensor('histc', 1, res, tyof(self), 2)
      res:resizeAs(out):copy(out)
      return res
   end
   return out
end
float_method('histc', function(self, a, ...)
   if istensor(a) then return histc(self, a, ...) end
   return histc(nil, self, a, ...)
end)
torch.histc = function(t, ...) return t:histc(...) end

float_method('renorm', function(self, a, p, d, maxnorm)
   local src = self
   if not istensor(a) then a, p, d, maxnorm = self, a, p, d end
   for i, v in ipairs{p or false, d or false, maxnorm or false} do
      if type(v) ~= 'number' then argerr('renorm', i + 1, 'number expected, got ' .. torch.type(v or nil)) end
   end
   torch._resize_as(self, a)
   R.renorm(np(self), np(a), p, d - 1, maxnorm)
   return self
end)
torch.renorm = function(a, b, ...)
   if istensor(b) then return a:renorm(b, ...) end   -- torch.renorm(res, x, p, dim, maxnorm)
   local r = torch._new_like(a); return r:renorm(a, b, ...)
end

-- cross([res,] a, b [,dim])
function M.cross(self, a, b, d)
   local res = self
   if not istensor(b) then res, a, b, d = nil, self, a, b end
   res = res or make(tyof(a), nil, 0, 0)
   torch._resize_as(res, a)
   if not d then
      for i = 1, a._nd do if a._sz[i - 1] == 3 then d = i; break end end
      if not d then argerr('cross', 1, 'no dimension of size 3') end
   end
   R.cross(np(res), np(a), np(b), d - 1)
   return res
end
torch.cross = function(a, b, c, d)
   if istensor(c) then return M.cross(a, b, c, d) end
   return M.cross(a, b, c)
end
