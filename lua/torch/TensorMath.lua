-- torch7's math functions: the `torch.f([res,] ...)` and `t:f(...)` forms with
-- torch7's dispatch, in-place and result rules (torch7-api.md §1.3-1.4, §9).
-- Argument parsing happens here; the numbers are done by luann/kernels/tensor.py.
local torch, B, T, C = ...

local K = B.K
local np, make, istensor, tyof, nelement = C.np, C.make, C.istensor, C.tyof, C.nelement
local M = torch._M
local argerr, dimcheck, size_str = torch._argerr, torch._dimcheck, torch._size_str
local Kunary, Kbinary, Kscalar = K.unary, K.binary, K.scalar_op
local Kadd_scalar, Kmul_scalar, Kdiv_scalar, Kaxpy = K.add_scalar, K.mul_scalar, K.div_scalar, K.axpy
local npadd = B.np_.add
local BL   -- torch._blas (cblas through the FFI), loaded on first use; false: none

local FLOAT = {T.byname.Float.methods, T.byname.Double.methods}
local function float_method(name, f)
   for _, m in ipairs(FLOAT) do m[name] = f end
end
torch._float_method = float_method

local function default_ty()
   return T.byname[torch.getdefaulttensortype()]
end
torch._default_ty = default_ty

-- the type torch.f dispatches on: first tensor among args 1-2, a table's first
-- element, or a trailing type-name string, else the default type
local function dispatch_ty(...)
   local a1, a2 = ...
   if istensor(a1) then return tyof(a1) end
   if istensor(a2) then return tyof(a2) end
   if type(a1) == 'table' and istensor(a1[1]) then return tyof(a1[1]) end
   local n = select('#', ...)
   local last = select(n, ...)
   if type(last) == 'string' and T.byname[last] then return T.byname[last], true end
   return default_ty()
end
torch._dispatch_ty = dispatch_ty

local function new_like(src, ty)
   local r = make(ty or tyof(src), nil, 0, 0)
   if src._nd > 0 then C.resize(r, src._nd, C.sizes(src)) end
   return r
end
torch._new_like = new_like

local function new_sized(ty, sz)
   local r = make(ty, nil, 0, 0)
   C.resize(r, #sz, sz)
   return r
end
torch._new_sized = new_sized

local function empty(ty) return make(ty, nil, 0, 0) end
torch._empty = empty

local function resize_as(res, src)
   if res._nd == src._nd then
      local same = true
      for i = 0, res._nd - 1 do if res._sz[i] ~= src._sz[i] then same = false; break end end
      if same then return end
   end
   C.resize(res, src._nd, C.sizes(src))
end
torch._resize_as = resize_as

local function check_tensor(fname, n, x, ty, level)
   if not istensor(x) then argerr(fname, n, (ty and ty.tname or 'tensor') .. ' expected, got ' .. torch.type(x), (level or 2) + 1) end
   if ty and tyof(x) ~= ty then
      argerr(fname, n, ty.tname .. ' expected, got ' .. tyof(x).tname .. ' (mixing tensor types needs an explicit :type() conversion)', (level or 2) + 1)
   end
end
torch._check_tensor = check_tensor

local function check_number(fname, n, x, level)
   if type(x) ~= 'number' then argerr(fname, n, 'number expected, got ' .. type(x), (level or 2) + 1) end
end

local function check_numel(fname, res, a, b, level)
   local nr, na, nb = nelement(res), nelement(a), nelement(b)
   if na ~= nb or nr ~= na then
      error(string.format('%s: inconsistent tensor size, expected r_ [%s], t [%s] and src [%s] to have the same number of elements, but got %d, %d and %d elements respectively',
         fname, size_str(res), size_str(a), size_str(b), nr, na, nb), (level or 2) + 1)
   end
end

-- publish f as torch.name and as a method on every type (or only float types)
local function publish(name, fn, meth, floatonly)
   torch[name] = fn
   if meth then
      if floatonly then float_method(name, meth) else M[name] = meth end
   end
end
torch._publish = publish

------------------------------------------------------------------------------------------------
-- fill / zero
function M.fill(t, v)
   if type(v) ~= 'number' then argerr('fill', 1, 'number expected, got ' .. type(v)) end
   if nelement(t) > 0 then K.fill(np(t), tyof(t).cast(v)) end
   return t
end
function M.zero(t)
   if nelement(t) > 0 then K.fill(np(t), 0) end
   return t
end

------------------------------------------------------------------------------------------------
-- pointwise unary math: x:f() in place, x:f(y) sets x = f(y), torch.f(y) new, torch.f(res, y)
local UNARY_FLOAT = {'log', 'log1p', 'exp', 'expm1', 'cos', 'acos', 'cosh', 'sin', 'asin', 'sinh', 'tan', 'atan',
   'tanh', 'sqrt', 'round', 'ceil', 'floor', 'trunc', 'rsqrt', 'frac', 'sigmoid', 'neg', 'cinv'}
local SCALAR_MATH = {
   log = math.log, exp = math.exp, cos = math.cos, acos = math.acos, cosh = math.cosh, sin = math.sin,
   asin = math.asin, sinh = math.sinh, tan = math.tan, atan = math.atan, tanh = math.tanh, sqrt = math.sqrt,
   ceil = math.ceil, floor = math.floor, abs = math.abs,
   log1p = function(x) return B.K.scalar_math('log1p', x) end,
   expm1 = function(x) return B.K.scalar_math('expm1', x) end,
   round = function(x) return x >= 0 and math.floor(x + 0.5) or -math.floor(-x + 0.5) end,
   trunc = function(x) return x >= 0 and math.floor(x) or math.ceil(x) end,
   rsqrt = function(x) return 1 / math.sqrt(x) end,
   frac = function(x) return x - (x >= 0 and math.floor(x) or math.ceil(x)) end,
   sigmoid = function(x) return 1 / (1 + math.exp(-x)) end,
   neg = function(x) return -x end,
   cinv = function(x) return 1 / x end,
   sign = function(x) return x > 0 and 1 or (x < 0 and -1 or 0) end,
}
local function def_unary(name, floatonly)
   local function core(res, src, level)
      if res ~= src then
         check_tensor(name, 1, src, tyof(res), level)
         resize_as(res, src)
      end
      if nelement(res) > 0 then Kunary(name, np(res), np(src)) end
      return res
   end
   local meth = function(self, src) return core(self, src or self, 2) end
   local fn = function(a, b)
      if type(a) == 'number' and b == nil then
         local f = SCALAR_MATH[name]
         if f then return f(a) end
      end
      if b == nil then
         check_tensor(name, 1, a)
         if floatonly and not tyof(a).float then argerr(name, 1, 'torch.FloatTensor or torch.DoubleTensor expected, got ' .. tyof(a).tname) end
         return core(new_like(a), a, 2)
      end
      check_tensor(name, 1, a)
      if floatonly and not tyof(a).float then argerr(name, 1, 'torch.FloatTensor or torch.DoubleTensor expected, got ' .. tyof(a).tname) end
      return core(a, b, 2)
   end
   publish(name, fn, meth, floatonly)
end
for _, name in ipairs(UNARY_FLOAT) do def_unary(name, true) end
def_unary('abs', false)
def_unary('sign', false)
def_unary('square', false)

------------------------------------------------------------------------------------------------
-- add / csub: res = a + v*b, res = a + v
local function add_core(fname, res, a, v, b, level)
   level = (level or 2) + 1
   local ty = tyof(res)
   if a ~= res then check_tensor(fname, 1, a, ty, level); resize_as(res, a) end
   if b == nil then
      if type(v) ~= 'number' then argerr(fname, 2, 'number expected, got ' .. type(v), level) end
      if nelement(res) > 0 then Kadd_scalar(np(res), np(a), ty.cast(v)) end
      return res
   end
   check_tensor(fname, 2, b, ty, level)
   check_numel(fname, res, a, b, level)
   if nelement(res) == 0 then return res end
   if v == 1 and res._nd == b._nd then
      local same = true
      for i = 0, res._nd - 1 do if res._sz[i] ~= b._sz[i] then same = false; break end end
      if same then npadd(np(a), np(b), np(res)); return res end
   end
   if a == res and ty.float then
      -- torch7's THTensor_(cadd) in place on contiguous tensors: one BLAS axpy (numpy's OpenBLAS, FFI)
      if BL == nil then BL = require 'torch._blas' end
      local bl = BL and BL[ty.name]
      if bl and res._st ~= nil and b._st ~= nil and C.is_contiguous(res) and C.is_contiguous(b) then
         local n = nelement(res)
         local pr, pb = res._st._p + res._off, b._st._p + b._off
         if pr == pb or not (pr < pb + n and pb < pr + n) then
            bl.axpy(n, v, pb, 1, pr, 1)
            return res
         end
      end
   end
   Kaxpy(np(res), np(a), ty.cast(v), np(b))
   return res
end

-- (self, ...) forms of add: see torch7-api.md §1.3
local function add_parse(fname, sign, res, x1, x2, x3, level)
   level = (level or 2) + 1
   if istensor(x1) then
      if x2 == nil then return add_core(fname, res, res, sign, x1, level) end
      if type(x2) == 'number' then
         if x3 == nil then return add_core(fname, res, x1, sign * x2, nil, level) end
         return add_core(fname, res, x1, sign * x2, x3, level)
      end
      return add_core(fname, res, x1, sign, x2, level)
   elseif type(x1) == 'number' then
      if x2 == nil then return add_core(fname, res, res, sign * x1, nil, level) end
      return add_core(fname, res, res, sign * x1, x2, level)
   end
   argerr(fname, 1, 'number or tensor expected, got ' .. type(x1), level)
end

M.add = function(self, x1, x2, x3) return add_parse('add', 1, self, x1, x2, x3) end
M.csub = function(self, x1, x2, x3) return add_parse('csub', -1, self, x1, x2, x3) end
local function add_fn(fname, sign)
   return function(a1, a2, a3, a4)
      check_tensor(fname, 1, a1)
      -- torch.add(res, a, ...) when a tensor follows a tensor and more arguments come
      if istensor(a2) and (a3 ~= nil) then
         return add_parse(fname, sign, a1, a2, a3, a4)
      end
      local res = new_like(a1)
      return add_parse(fname, sign, res, a1, a2, a3)
   end
end
torch.add = add_fn('add', 1)
torch.csub = add_fn('csub', -1)

------------------------------------------------------------------------------------------------
-- functions of (tensor, value): mul, div, fmod, remainder, pow, bit ops...
local function value_fn(name, core, floatonly)
   local meth = function(self, a, v, v2)
      if istensor(a) then return core(self, a, v, v2, 2) end
      return core(self, self, a, v, 2)
   end
   local fn = function(a1, a2, a3, a4)
      check_tensor(name, 1, a1)
      if istensor(a2) then return core(a1, a2, a3, a4, 2) end
      return core(new_like(a1), a1, a2, a3, 2)
   end
   publish(name, fn, meth, floatonly)
end

local function scalar_core(name, kern)
   return function(res, src, v, _, level)
      level = level + 1
      if res ~= src then check_tensor(name, 1, src, tyof(res), level); resize_as(res, src) end
      if type(v) ~= 'number' then argerr(name, 2, 'number expected, got ' .. type(v), level) end
      if nelement(res) > 0 then kern(np(res), np(src), tyof(res).cast(v)) end
      return res
   end
end
value_fn('mul', scalar_core('mul', Kmul_scalar))
value_fn('div', scalar_core('div', Kdiv_scalar))
for _, nm in ipairs{'fmod', 'remainder', 'bitand', 'bitor', 'bitxor', 'lshift', 'rshift'} do
   local core = scalar_core(nm, function(r, s, v) Kscalar(nm, r, s, v) end)
   if nm:match('^bit') then   -- lshift/rshift of Float/Double tensors scale by 2^v (torch7)
      local int_core = core
      core = function(res, ...)
         local tn = tyof(res).name
         if tn == 'Float' or tn == 'Double' then error(nm .. ' is only supported for integer type tensors') end
         return int_core(res, ...)
      end
   end
   value_fn(nm, core)
end
torch.mod = torch.fmod; M.mod = M.fmod

value_fn('clamp', function(res, src, lo, hi, level)
   level = level + 1
   if res ~= src then check_tensor('clamp', 1, src, tyof(res), level); resize_as(res, src) end
   check_number('clamp', 2, lo, level); check_number('clamp', 3, hi, level)
   if nelement(res) > 0 then K.clamp(np(res), np(src), lo, hi) end
   return res
end)

-- pow: x:pow(v), torch.pow([res,] t, v), torch.pow([res,] v, t), torch.pow(v, w)
local function pow_core(res, src, v, level)
   if res ~= src then check_tensor('pow', 1, src, tyof(res), level + 1); resize_as(res, src) end
   check_number('pow', 2, v, level + 1)
   if nelement(res) > 0 then Kscalar('pow', np(res), np(src), v) end
   return res
end
local function tpow_core(res, v, src, level)
   if res ~= src then resize_as(res, src) end
   if nelement(res) > 0 then Kscalar('tpow', np(res), np(src), v) end
   return res
end
float_method('pow', function(self, a, b)
   if istensor(a) then return pow_core(self, a, b, 2) end
   if type(a) == 'number' and istensor(b) then return tpow_core(self, a, b, 2) end
   return pow_core(self, self, a, 2)
end)
torch.pow = function(a, b, c)
   if type(a) == 'number' and type(b) == 'number' then return a ^ b end
   if istensor(a) and istensor(b) then return pow_core(a, b, c, 2) end
   if istensor(a) and type(b) == 'number' and istensor(c) then return tpow_core(a, b, c, 2) end
   if istensor(a) then return pow_core(new_like(a), a, b, 2) end
   if type(a) == 'number' and istensor(b) then return tpow_core(new_like(b), a, b, 2) end
   argerr('pow', 1, 'tensor or number expected')
end

------------------------------------------------------------------------------------------------
-- functions of two tensors: cmul, cdiv, cpow, cmax, cmin, ...
local function tensor2_fn(name, allow_scalar, floatonly)
   local function core(res, a, b, level)
      level = level + 1
      local ty = tyof(res)
      if a ~= res then check_tensor(name, 1, a, ty, level); resize_as(res, a) end
      if allow_scalar and type(b) == 'number' then
         if nelement(res) > 0 then Kscalar(name, np(res), np(a), ty.cast(b)) end
         return res
      end
      check_tensor(name, 2, b, ty, level)
      check_numel(name, res, a, b, level)
      if nelement(res) > 0 then Kbinary(name, np(res), np(a), np(b)) end
      return res
   end
   local meth = function(self, a, b)
      if b ~= nil then return core(self, a, b, 2) end
      return core(self, self, a, 2)
   end
   local fn = function(a1, a2, a3)
      check_tensor(name, 1, a1)
      if a3 ~= nil then return core(a1, a2, a3, 2) end
      return core(new_like(a1), a1, a2, 2)
   end
   publish(name, fn, meth, floatonly)
end
for _, nm in ipairs{'cmul', 'cdiv', 'cpow', 'cfmod', 'cremainder', 'cbitand', 'cbitor', 'cbitxor', 'clshift', 'crshift'} do
   tensor2_fn(nm, false)
end
tensor2_fn('cmax', true)
tensor2_fn('cmin', true)
tensor2_fn('atan2', false, true)
do -- torch7's number form torch.atan2(y, x)
   local atan2 = torch.atan2
   torch.atan2 = function(a, b, c)
      if type(a) == 'number' and type(b) == 'number' and c == nil then return math.atan2(a, b) end
      return atan2(a, b, c)
   end
end
torch.cmod = torch.cfmod; M.cmod = M.cfmod

-- addcmul / addcdiv: res = t + v * a .* b
local function addc(name, kern)
   local function core(res, t, v, a, b, level)
      level = level + 1
      if res ~= t then check_tensor(name, 1, t, tyof(res), level); resize_as(res, t) end
      check_tensor(name, 3, a, tyof(res), level); check_tensor(name, 4, b, tyof(res), level)
      check_numel(name, res, a, b, level)
      if nelement(res) > 0 then kern(np(res), np(t), v, np(a), np(b)) end
      return res
   end
   local function parse(res, args, level)
      -- [t,] [v,] a, b
      local n = #args
      local tens, v = {}, 1
      for i = 1, n do
         if type(args[i]) == 'number' then v = args[i] else tens[#tens + 1] = args[i] end
      end
      if #tens == 2 then return core(res, res, v, tens[1], tens[2], level + 1) end
      return core(res, tens[1], v, tens[2], tens[3], level + 1)
   end
   M[name] = function(self, ...) return parse(self, {...}, 1) end
   torch[name] = function(...)
      local args = {...}
      local ntens = 0
      for i = 1, select('#', ...) do if istensor(args[i]) then ntens = ntens + 1 end end
      if ntens == 4 then return parse(table.remove(args, 1), args, 1) end
      return parse(new_like(args[1]), args, 1)
   end
end
addc('addcmul', K.addcmul)
addc('addcdiv', K.addcdiv)

float_method('lerp', function(self, a, b, w)
   if w == nil then a, b, w = self, a, b end
   check_number('lerp', 3, w, 2)
   resize_as(self, a)
   K.lerp(np(self), np(a), np(b), w)
   return self
end)
torch.lerp = function(a, b, c, d)
   if type(a) == 'number' and type(b) == 'number' and type(c) == 'number' then return a + c * (b - a) end
   check_tensor('lerp', 1, a)
   if d ~= nil then return a:lerp(b, c, d) end   -- torch.lerp(res, a, b, weight)
   return new_like(a):lerp(a, b, c)
end

------------------------------------------------------------------------------------------------
-- operators (generic/TensorOperator.c): always new tensors, no broadcasting
local function opcheck(name, a, b)
   if b == nil or a == nil then argerr(name, 2, 'number expected, got nil', 3) end
end
local function mt_op(ty)
   local mt = ty.tensor_mt
   mt.__add = function(a, b)
      opcheck('__add', a, b)
      if type(a) == 'number' then a, b = b, a end
      local r = M.clone(a)
      if type(b) == 'number' then return add_core('__add', r, r, b, nil, 2) end
      check_tensor('__add', 2, b, tyof(a), 2)
      return add_core('__add', r, r, 1, b, 2)
   end
   mt.__sub = function(a, b)
      opcheck('__sub', a, b)
      if type(a) == 'number' then
         local r = new_like(b)
         M.fill(r, a)
         return add_core('__sub', r, r, -1, b, 2)
      end
      local r = M.clone(a)
      if type(b) == 'number' then return add_core('__sub', r, r, -b, nil, 2) end
      check_tensor('__sub', 2, b, tyof(a), 2)
      return add_core('__sub', r, r, -1, b, 2)
   end
   mt.__unm = function(a)
      local r = M.clone(a)
      if nelement(r) > 0 then Kmul_scalar(np(r), np(r), -1) end
      return r
   end
   mt.__mul = function(a, b)
      opcheck('__mul', a, b)
      if type(a) == 'number' then a, b = b, a end
      if type(b) == 'number' then
         local r = M.clone(a)
         if nelement(r) > 0 then Kmul_scalar(np(r), np(r), tyof(r).cast(b)) end
         return r
      end
      check_tensor('__mul', 2, b, tyof(a), 2)
      local da, db = a._nd, b._nd
      if da == 1 and db == 1 then return torch.dot(a, b) end
      if da == 2 and db == 1 then return torch.mv(a, b) end
      if da == 2 and db == 2 then return torch.mm(a, b) end
      error(string.format('multiplication between %dD and %dD tensors not yet supported', da, db), 2)
   end
   mt.__div = function(a, b)
      if not istensor(a) or type(b) ~= 'number' then
         error('division is only supported as tensor / number (use cdiv for elementwise division)', 2)
      end
      local r = M.clone(a)
      if nelement(r) > 0 then Kdiv_scalar(np(r), np(r), tyof(r).cast(b)) end
      return r
   end
   mt.__mod = function(a, b)
      if not istensor(a) or type(b) ~= 'number' then error('% is only supported as tensor % number', 2) end
      local r = M.clone(a)
      if nelement(r) > 0 then Kscalar('remainder', np(r), np(r), b) end
      return r
   end
   mt.__lt = function() error('both tensors have no less-than operator (use torch.lt)', 2) end
   mt.__le = function() error('both tensors have no less-or-equal operator (use torch.le)', 2) end
   mt.__pow = function() error('tensors have no ^ operator (use pow)', 2) end
   mt.__concat = function() error('attempt to concatenate a tensor', 2) end
   mt.__call = function() error('attempt to call a tensor value', 2) end
end
for _, ty in ipairs(T.list) do mt_op(ty) end

return {new_like = new_like, check_tensor = check_tensor, add_core = add_core}
