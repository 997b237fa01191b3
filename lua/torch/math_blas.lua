-- BLAS-like functions: dot, mv, mm, bmm, ger and the accumulating add* forms.
local torch, B, T, C = ...
local ffi = require 'ffi'

local K = B.K
local np, make, istensor, tyof, nelement = C.np, C.make, C.istensor, C.tyof, C.nelement
local M = torch._M
local argerr, size_str = torch._argerr, torch._size_str
local new_sized, check_tensor = torch._new_sized, torch._check_tensor

local function dims(fname, x, nd, argn, level)
   if x._nd ~= nd then
      argerr(fname, argn, string.format('%dD tensor expected, got %dD tensor of size [%s]', nd, x._nd, size_str(x)), level + 1)
   end
end

function torch.dot(a, b)
   check_tensor('dot', 1, a)
   check_tensor('dot', 2, b, tyof(a))
   if nelement(a) ~= nelement(b) then
      error(string.format('dot: inconsistent tensor size: [%s] and [%s] must have the same number of elements', size_str(a), size_str(b)), 2)
   end
   if nelement(a) == 0 then return 0 end
   return K.dot(np(a), np(b))
end
M.dot = torch.dot

-- split the ([res,] [beta,] M, [alpha,] A, B) argument list of the add* functions.
-- `self_default` is the method's self (used as res, and as M when M is omitted).
local function parse_acc(fname, nmat, self_default, ...)
   local args = {...}
   local n = select('#', ...)
   local tens, pos = {}, {}
   for i = 1, n do
      local a = args[i]
      if istensor(a) then tens[#tens + 1] = a; pos[#tens] = i
      elseif type(a) ~= 'number' then argerr(fname, i, 'number or tensor expected, got ' .. type(a), 3) end
   end
   local res, Mt, A, Bt
   if self_default then
      res = self_default
      if #tens == 2 then Mt, A, Bt = self_default, tens[1], tens[2]
      elseif #tens == 3 then Mt, A, Bt = tens[1], tens[2], tens[3]
      else argerr(fname, 1, 'expected 2 or 3 tensor arguments', 3) end
   else
      if #tens == 3 then res, Mt, A, Bt = nil, tens[1], tens[2], tens[3]
      elseif #tens == 4 then res, Mt, A, Bt = tens[1], tens[2], tens[3], tens[4]
      else argerr(fname, 1, 'expected 3 or 4 tensor arguments', 3) end
   end
   local beta, alpha = 1, 1
   local nums = {}
   for i = 1, n do if type(args[i]) == 'number' then nums[#nums + 1] = i end end
   if #tens == 2 and self_default then
      -- M omitted: one number is alpha (gradWeight:addr(scale, g, x)), two are beta, alpha
      if #nums == 1 then alpha = args[nums[1]]
      elseif #nums >= 2 then beta, alpha = args[nums[1]], args[nums[2]] end
   else
      local mpos = pos[#tens - 2]
      for _, i in ipairs(nums) do
         if i < mpos then beta = args[i] else alpha = args[i] end
      end
   end
   return res, beta, Mt, alpha, A, Bt
end

-- In-place addmv / addr on Float/Double tensors as torch7's THTensor does them: one cblas gemv / ger
-- (torch._blas: numpy's OpenBLAS or MKL, through the FFI) on the tensors' own memory, no Python
-- crossing (a 128x1600 addr: 144 -> ~25 us).  false where a stride, overlap or type needs the kernel.
local BL
local function blas_of(ty)
   if not ty.float then return nil end
   if BL == nil then BL = require 'torch._blas' end
   return BL and BL[ty.name]
end
local ptr = C.ptr
local disjoint = C.disjoint
local function vec_ok(v) return v._st ~= nil and v._sr[0] >= 1 end
local FAST = {}
function FAST.addmv(res, beta, alpha, A, x)
   local bl = blas_of(tyof(A))
   if not bl or A._st == nil or not vec_ok(x) or not vec_ok(res) then return false end
   local m, n = A._sz[0], A._sz[1]
   local trans, lda, rows, cols
   if A._sr[1] == 1 and A._sr[0] >= math.max(1, n) then trans, lda, rows, cols = 111, A._sr[0], m, n
   elseif A._sr[0] == 1 and A._sr[1] >= math.max(1, m) then trans, lda, rows, cols = 112, A._sr[1], n, m   -- A = W:t()
   else return false end
   if not (disjoint(res, A) and disjoint(res, x)) then return false end
   bl.gemv(101, trans, rows, cols, alpha, ptr(A), lda, ptr(x), x._sr[0], beta, ptr(res), res._sr[0])
   return true
end
function FAST.addr(res, beta, alpha, x, y)
   local bl = blas_of(tyof(x))
   if not bl or (beta ~= 1 and beta ~= 0) or res._st == nil or not vec_ok(x) or not vec_ok(y) then return false end
   local m, n = res._sz[0], res._sz[1]
   if res._sr[1] ~= 1 or res._sr[0] < math.max(1, n) then return false end
   if not (disjoint(res, x) and disjoint(res, y)) then return false end
   if beta == 0 then   -- torch7 zeroes r_ first
      if res._sr[0] ~= n then return false end
      ffi.fill(ptr(res), m * n * tyof(res).size, 0)
   end
   bl.ger(101, m, n, alpha, ptr(x), x._sr[0], ptr(y), y._sr[0], ptr(res), res._sr[0])
   return true
end

-- (trans, ld) of a 2-D operand of `rows` x `cols` that cblas reads in place: row-major rows
-- (a slice of a wider matrix included) or the transpose of such; nil for other strides
local function gemm_op(X, rows, cols)
   if X._st == nil then return nil end
   if X._sr[1] == 1 and X._sr[0] >= math.max(1, cols) then return 111, X._sr[0] end
   if X._sr[0] == 1 and X._sr[1] >= math.max(1, rows) then return 112, X._sr[1] end
   return nil
end
-- In-place addmm / mm as torch7's THTensor does it: one cblas gemm on the tensors' own memory,
-- row slices of bigger tensors and transposed views included (an RNN's per-timestep
-- h[{{}, t}]:addmm(prev_h, Wh) / grad_W:addmm(x[{{}, t}]:t(), grad_a)), no Python crossing.
-- With beta 0 gemm never reads res (torch7 does not copy M in then either).
function FAST.addmm(res, beta, alpha, A, Bt)
   local bl = blas_of(tyof(A))
   if not bl or res._st == nil then return false end
   local m, k, n = A._sz[0], A._sz[1], Bt._sz[1]
   if res._sr[1] ~= 1 or res._sr[0] < math.max(1, n) then return false end
   local ta, lda = gemm_op(A, m, k)
   local tb, ldb = gemm_op(Bt, k, n)
   if not ta or not tb or not (disjoint(res, A) and disjoint(res, Bt)) then return false end
   bl.gemm(101, ta, tb, m, n, k, alpha, ptr(A), lda, ptr(Bt), ldb, beta, ptr(res), res._sr[0])
   return true
end

local function acc_fn(name, check, shape, kern)
   local fast = FAST[name]
   local function core(res, beta, Mt, alpha, A, Bt, level)
      level = level + 1
      local ty = tyof(A)
      check_tensor(name, 1, Mt, ty, level); check_tensor(name, 2, A, ty, level); check_tensor(name, 3, Bt, ty, level)
      check(Mt, A, Bt, level)
      local sz = shape(A, Bt)
      if res == nil then res = new_sized(ty, sz)
      else
         check_tensor(name, 0, res, ty, level)
         if res ~= Mt then C.resize(res, #sz, sz) end
      end
      local nm = 1
      for i = 1, #sz do nm = nm * sz[i] end
      if nelement(Mt) ~= nm then
         error(string.format('%s: size mismatch, the accumulated tensor has size [%s], the product has size [%s]', name, size_str(Mt), table.concat(sz, ' x ')), level)
      end
      local usefast = fast and nm > 0 and ty.float and nelement(A) > 0 and nelement(Bt) > 0
      if usefast and res ~= Mt and res._st ~= nil and disjoint(res, A) and disjoint(res, Bt) then
         -- torch7: r_ takes M's values (not read at all when beta is 0), then BLAS works on r_
         -- (an RNN's h[{{}, t}]:addmm(bias:view(1, H):expand(N, H), x[{{}, t}], Wx))
         if beta ~= 0 then M.copy(res, Mt) end
         Mt = res
      end
      if nm > 0 and not (usefast and res == Mt and fast(res, beta, alpha, A, Bt)) then
         kern(np(res), beta, np(Mt), alpha, np(A), np(Bt), res == Mt)
      end
      return res
   end
   M[name] = function(self, ...)
      local res, beta, Mt, alpha, A, Bt = parse_acc(name, 2, self, ...)
      return core(res, beta, Mt, alpha, A, Bt, 1)
   end
   torch[name] = function(...)
      local res, beta, Mt, alpha, A, Bt = parse_acc(name, 2, nil, ...)
      return core(res, beta, Mt, alpha, A, Bt, 1)
   end
   return core
end

local function mm_check(fname)
   return function(_, A, Bt, level)
      dims(fname, A, 2, 2, level); dims(fname, Bt, 2, 3, level)
      if A._sz[1] ~= Bt._sz[0] then
         error(string.format('size mismatch, m1: [%d x %d], m2: [%d x %d]', A._sz[0], A._sz[1], Bt._sz[0], Bt._sz[1]), level + 1)
      end
   end
end
local function mv_check(fname)
   return function(_, A, x, level)
      dims(fname, A, 2, 2, level); dims(fname, x, 1, 3, level)
      if A._sz[1] ~= x._sz[0] then
         error(string.format('size mismatch, [%d x %d], [%d]', A._sz[0], A._sz[1], x._sz[0]), level + 1)
      end
   end
end
local function r_check(_, x, y, level)
   dims('addr', x, 1, 2, level); dims('addr', y, 1, 3, level)
end
local function bmm_check(fname)
   return function(_, A, Bt, level)
      dims(fname, A, 3, 2, level); dims(fname, Bt, 3, 3, level)
      if A._sz[0] ~= Bt._sz[0] or A._sz[2] ~= Bt._sz[1] then
         error(string.format('size mismatch, b1: [%s], b2: [%s]', size_str(A), size_str(Bt)), level + 1)
      end
   end
end

local addmm = acc_fn('addmm', mm_check('addmm'), function(A, Bt) return {A._sz[0], Bt._sz[1]} end, K.addmm)
local addmv = acc_fn('addmv', mv_check('addmv'), function(A) return {A._sz[0]} end, K.addmv)
local addr = acc_fn('addr', r_check, function(x, y) return {x._sz[0], y._sz[0]} end, K.addr)
local baddbmm = acc_fn('baddbmm', bmm_check('baddbmm'), function(A, Bt) return {A._sz[0], A._sz[1], Bt._sz[2]} end, K.baddbmm)
local addbmm = acc_fn('addbmm', bmm_check('addbmm'), function(A, Bt) return {A._sz[1], Bt._sz[2]} end, K.addbmm)

-- the product-only forms: res:mm(A, B), torch.mm([res,] A, B)
local function prod_fn(name, core, nd_res)
   local function run(res, A, Bt, level)
      check_tensor(name, 1, A, nil, level + 1)
      if res == nil then res = make(tyof(A), nil, 0, 0) end
      return core(res, 0, res, 1, A, Bt, level + 1)
   end
   M[name] = function(self, A, Bt)
      if Bt == nil then argerr(name, 2, 'the method form needs both operands: res:' .. name .. '(a, b)') end
      return run(self, A, Bt, 1)
   end
   torch[name] = function(a1, a2, a3)
      if a3 ~= nil then return run(a1, a2, a3, 1) end
      return run(nil, a1, a2, 1)
   end
end
-- with beta = 0 the accumulated tensor is only resized, never read
local function fresh(core, shape)
   return function(res, beta, _, alpha, A, Bt, level)
      local ty = tyof(A)
      local sz = shape(A, Bt)
      C.resize(res, #sz, sz)
      return core(res, 0, res, alpha, A, Bt, level)
   end
end
prod_fn('mm', function(res, beta, _, alpha, A, Bt, level)
   mm_check('mm')(nil, A, Bt, level + 1)
   C.resize(res, 2, {A._sz[0], Bt._sz[1]})
   return addmm(res, 0, res, alpha, A, Bt, level + 1)
end)
prod_fn('mv', function(res, beta, _, alpha, A, x, level)
   mv_check('mv')(nil, A, x, level + 1)
   C.resize(res, 1, {A._sz[0]})
   return addmv(res, 0, res, alpha, A, x, level + 1)
end)
prod_fn('ger', function(res, beta, _, alpha, x, y, level)
   r_check(nil, x, y, level + 1)
   C.resize(res, 2, {x._sz[0], y._sz[0]})
   return addr(res, 0, res, alpha, x, y, level + 1)
end)
prod_fn('bmm', function(res, beta, _, alpha, A, Bt, level)
   bmm_check('bmm')(nil, A, Bt, level + 1)
   C.resize(res, 3, {A._sz[0], A._sz[1], Bt._sz[2]})
   return baddbmm(res, 0, res, alpha, A, Bt, level + 1)
end)
