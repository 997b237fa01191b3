-- Shared machinery of the element-wise transfer modules (Tanh, Sigmoid, ReLU, ...):
-- small contiguous tensors run in LuaJIT loops over the FFI data (no Python
-- crossing); larger or strided ones go to luann.kernels.nn_functional.
local ffi = require 'ffi'
local C = torch._C
local P = {}

local K
function P.kernels()
   K = K or torch._bridge.pyimport('luann.kernels.nn_functional')
   return K
end
local np = C.np

pcall(ffi.cdef, 'double log1p(double); double expm1(double);')
local ok_c, clib = pcall(function() return ffi.C.log1p and ffi.C end)

P.SMALL = 1024   -- at most this many elements: Lua loops
-- softmax family: rows in Lua up to this many elements (one exp per element; numpy's vectorised exp
-- only wins past ~5000, and each Python crossing costs 20-30 us inside a training step, whose GEMMs
-- evict the interpreter from the caches; 128x10 LogSoftMax: 10 vs 18 us isolated)
P.SM_SMALL = 4096

-- forward / backward loops compiled per operation from expression templates
local prelude = [[
local exp, log, tanh, abs = math.exp, math.log, math.tanh, math.abs
local log1p = ...
]]
local function compile(expr, kind)
   local src
   if kind == 'f' then
      src = prelude .. 'return function(op, ip, n, a, b) for i = 0, n - 1 do local x = ip[i]; op[i] = ' ..
         expr .. ' end end'
   else
      src = prelude .. 'return function(gip, gop, ip, op, n, a, b) for i = 0, n - 1 do ' ..
         'local x, y, g = ip[i], op[i], gop[i]; gip[i] = ' .. expr .. ' end end'
   end
   local chunk = assert(loadstring(src, '=nn.' .. kind))
   local log1p = ok_c and clib.log1p or function(v) return math.log(1 + v) end
   return chunk(log1p)
end

-- name -> {forward expr, backward expr} (x input, y output, g gradOutput, a/b parameters)
local OPS = {
   tanh = {'tanh(x)', 'g * (1 - y * y)'},
   sigmoid = {'1 / (1 + exp(-x))', 'g * (1 - y) * y'},
   hardtanh = {'(x < a and a) or (x > b and b) or x', '(y <= a or y >= b) and 0 or g'},
   threshold = {'x > a and x or b', 'x > a and g or 0'},
   hardshrink = {'(x > a or x < -a) and x or 0', '(x > a or x < -a) and g or 0'},
   softshrink = {'(x > a and x - a) or (x < -a and x + a) or 0', '(x > a or x < -a) and g or 0'},
   softplus = {'x * a > b and x or log1p(exp(x * a)) / a',
               '(y * a > b) and g or (g * (exp(y * a) - 1) / exp(y * a))'},
   softsign = {'x / (1 + abs(x))', 'g / ((1 + abs(x)) * (1 + abs(x)))'},
   logsigmoid = {'(x < 0 and x - log1p(exp(x))) or -log1p(exp(-x))', 'g / (1 + exp(x))'},
   tanhshrink = {'x - tanh(x)', 'g * tanh(x) * tanh(x)'},
   elu = {'x > 0 and x or a * (exp(x) - 1)', 'y > 0 and g or g * (y + a)'},
   leakyrelu = {'x > 0 and x or a * x', 'x > 0 and g or a * g'},
}
local FWD, BWD = {}, {}
for name, e in pairs(OPS) do
   FWD[name] = compile(e[1], 'f')
   BWD[name] = compile(e[2], 'b')
end

-- is t laid out contiguously (any dim)?
local function contiguous(t)
   local nd = t._nd
   if nd == 1 then return t._sr[0] == 1 end
   if nd == 2 then return t._sr[1] == 1 and t._sr[0] == t._sz[1] end
   return C.is_contiguous(t)
end
P.contiguous = contiguous

local ptr = C.ptr
P.ptr = ptr

-- Row-strided operands (the slices SplitTable/narrow hand on, e.g. an LSTM's gates): the elements of
-- t, in the row-major order of a rows x cols input, as rows of contiguous memory.  Returns the
-- distance between rows: cols for a contiguous t (any shape), the row stride for a 2-D t of that
-- shape whose last stride is 1; nil otherwise.
local function row_stride(t, rows, cols)
   if t._st == nil then return nil end
   if contiguous(t) then return cols end
   if t._nd == 2 and t._sr[1] == 1 and t._sz[0] == rows and t._sz[1] == cols then return t._sr[0] end
   return nil
end
P.row_stride = row_stride
-- are the 2-D x and the other tensors all row-strided in x's shape?
local function row_strided(x, ...)
   local rows, cols = x._sz[0], x._sz[1]
   if not row_stride(x, rows, cols) then return false end
   for i = 1, select('#', ...) do
      if not row_stride((select(i, ...)), rows, cols) then return false end
   end
   return true
end

-- ReLU (threshold 0, value 0) at any size: res = src where x > 0, else +0, as one branch-free LuaJIT
-- pass over the bit patterns (x > 0 <=> 0 < bits(x) <= bits(+inf), NaN and -0 excluded; src's
-- NaN/inf/-0 copied bit for bit).  A branch per element costs ~8 ns on random signs (260 us for
-- 128x256), numpy's bit-mask select ~30 us plus the Python crossing; this is ~25 us.
local bit = require 'bit'
local band, bor, bnot, arshift = bit.band, bit.bor, bit.bnot, bit.arshift
local INF64 = 0x7FF0000000000000LL
local function relu_mask64(r, s, x, n)
   for i = 0, n - 1 do
      local b = x[i]
      r[i] = band(s[i], bnot(bor(arshift(b - 1, 63), arshift(INF64 - b, 63))))
   end
end
local function relu_mask32(r, s, x, n)
   for i = 0, n - 1 do
      local b = x[i]
      r[i] = band(s[i], bnot(bor(arshift(b - 1, 31), arshift(0x7F800000 - b, 31))))
   end
end
local I64, I32 = ffi.typeof('int64_t *'), ffi.typeof('int32_t *')
-- contiguous Float/Double tensors of one type (the input decides)?
local function relu_ok(x, ...)
   local ty = C.tensorty(x)
   if not ty.float or x._st == nil or not contiguous(x) then return false end
   for i = 1, select('#', ...) do
      local t = select(i, ...)
      if C.tensorty(t) ~= ty or t._st == nil or not contiguous(t) then return false end
   end
   return true
end
local function relu_mask(res, src, x, n)
   if C.tensorty(x).size == 8 then
      relu_mask64(ffi.cast(I64, ptr(res)), ffi.cast(I64, ptr(src)), ffi.cast(I64, ptr(x)), n)
   else
      relu_mask32(ffi.cast(I32, ptr(res)), ffi.cast(I32, ptr(src)), ffi.cast(I32, ptr(x)), n)
   end
end

-- the input's type must be the module's (torch7 refuses mixed types too)
function P.check(self, input, gradOutput)
   if not torch.isTensor(input) then
      error(string.format('%s: expected a tensor input, got %s', tostring(self), torch.type(input)), 3)
   end
   local ti, to = C.tensorty(input), C.tensorty(self.output)
   if ti ~= to then
      error(string.format('%s: input is a %s but the module is %s (convert it with :type())',
         tostring(self), ti.tname, to.tname), 3)
   end
   if gradOutput ~= nil then
      if not torch.isTensor(gradOutput) or gradOutput:nElement() ~= input:nElement() then
         error(string.format('%s: gradOutput should have as many elements as the input (%s), got %s',
            tostring(self), torch._size_str and torch._size_str(input) or '?',
            torch.isTensor(gradOutput) and (torch._size_str and torch._size_str(gradOutput) or '?')
            or torch.type(gradOutput)), 3)
      end
   end
end

-- self.output = f(input) (in place: output is input)
function P.forward(self, name, input, a, b, inplace)
   P.check(self, input)
   local out = self.output
   if inplace then
      out:set(input)
   else
      out:resizeAs(input)
   end
   local n = input:nElement()
   if n == 0 then return out end
   if name == 'threshold' and a == 0 and b == 0 and relu_ok(input, out) then
      relu_mask(out, input, input, n)
   elseif n <= P.SMALL and contiguous(input) and contiguous(out) then
      FWD[name](ptr(out), ptr(input), n, a or 0, b or 0)
   elseif n <= P.SMALL and input._nd == 2 and contiguous(out) and row_strided(input) then
      local rows, cols, rs = input._sz[0], input._sz[1], input._sr[0]
      local f, op, ip = FWD[name], ptr(out), ptr(input)
      for r = 0, rows - 1 do f(op + r * cols, ip + r * rs, cols, a or 0, b or 0) end
   else
      P.kernels().pointwise_forward(name, np(input), np(out), a or 0, b or 0)
   end
   return out
end

-- self.gradInput = f'(input, output) * gradOutput (in place: gradInput is gradOutput)
function P.backward(self, name, input, gradOutput, a, b, inplace)
   P.check(self, input, gradOutput)
   local gi = self.gradInput
   if inplace then
      gi:set(gradOutput)
   else
      gi:resizeAs(input)
   end
   local out = self.output
   local n = input:nElement()
   if n == 0 then return gi end
   if not out:isSameSizeAs(input) and out:nElement() == n then out = out:view(input:size()) end
   if name == 'threshold' and a == 0 and b == 0 and relu_ok(input, gi, gradOutput) then
      relu_mask(gi, gradOutput, input, n)
   elseif n <= P.SMALL and contiguous(input) and contiguous(out) and contiguous(gradOutput) and contiguous(gi) then
      BWD[name](ptr(gi), ptr(gradOutput), ptr(input), ptr(out), n, a or 0, b or 0)
   elseif n <= P.SMALL and input._nd == 2 and row_strided(input, out, gradOutput, gi) then
      local rows, cols = input._sz[0], input._sz[1]
      local rgi, rg = row_stride(gi, rows, cols), row_stride(gradOutput, rows, cols)
      local ri, ro = row_stride(input, rows, cols), row_stride(out, rows, cols)
      local f, pgi, pg, pi, po = BWD[name], ptr(gi), ptr(gradOutput), ptr(input), ptr(out)
      for r = 0, rows - 1 do
         f(pgi + r * rgi, pg + r * rg, pi + r * ri, po + r * ro, cols, a or 0, b or 0)
      end
   else
      local g = gradOutput
      if not g:isSameSizeAs(input) then g = g:contiguous():view(input:size()) end
      P.kernels().pointwise_backward(name, np(input), np(out), np(g), np(gi), a or 0, b or 0)
   end
   return gi
end

-- a transfer class whose forward/backward are the pointwise op `name`;
-- params(self) returns a, b, inplace
function P.define(classname, name, params, parentName)
   local cls, parent = torch.class(classname, parentName or 'nn.Module')
   function cls:updateOutput(input)
      local a, b, ip = params(self)
      return P.forward(self, name, input, a, b, ip)
   end
   function cls:updateGradInput(input, gradOutput)
      local a, b, ip = params(self)
      return P.backward(self, name, input, gradOutput, a, b, ip)
   end
   return cls, parent
end

-- softmax family: the axis THNN uses (1-D: the only one, 2-D: per row, 3-D: the
-- first (planes of CxHxW), 4-D: the second); 0-based for numpy
local SM_AXIS = {[1] = 0, [2] = 1, [3] = 0, [4] = 1}
local exp, log = math.exp, math.log

local function sm_rows(op, ip, rows, cols, logmode, neg)
   local sgn = neg and -1 or 1
   for r = 0, rows - 1 do
      local base = r * cols
      local m = -math.huge
      for j = 0, cols - 1 do local v = sgn * ip[base + j]; if v > m then m = v end end
      local s = 0
      for j = 0, cols - 1 do s = s + exp(sgn * ip[base + j] - m) end
      if logmode then
         local ls = m + log(s)
         for j = 0, cols - 1 do op[base + j] = sgn * ip[base + j] - ls end
      else
         for j = 0, cols - 1 do op[base + j] = exp(sgn * ip[base + j] - m) / s end
      end
   end
end

local function sm_rows_back(gip, gop, op, rows, cols, logmode, neg)
   for r = 0, rows - 1 do
      local base = r * cols
      local s = 0
      if logmode then
         for j = 0, cols - 1 do s = s + gop[base + j] end
         for j = 0, cols - 1 do gip[base + j] = gop[base + j] - exp(op[base + j]) * s end
      else
         for j = 0, cols - 1 do s = s + gop[base + j] * op[base + j] end
         local sg = neg and -1 or 1
         for j = 0, cols - 1 do gip[base + j] = sg * op[base + j] * (gop[base + j] - s) end
      end
   end
end

local function sm_axis(self, input)
   local axis = SM_AXIS[input:dim()]
   if not axis then
      error(string.format('%s: 1D, 2D, 3D or 4D tensor expected, got %s', tostring(self),
         input:dim() == 0 and 'an empty tensor' or (input:dim() .. 'D')), 4)
   end
   return axis
end

function P.softmax_forward(self, input, logmode, neg)
   P.check(self, input)
   local axis = sm_axis(self, input)
   local out = self.output
   out:resizeAs(input)
   local n = input:nElement()
   local d = input:dim()
   if n <= P.SM_SMALL and d <= 2 and contiguous(input) and contiguous(out) then
      local cols = input._sz[d - 1]
      sm_rows(ptr(out), ptr(input), n / cols, cols, logmode, neg)
   else
      P.kernels().softmax_forward(np(input), np(out), axis, logmode, neg)
   end
   return out
end

function P.softmax_backward(self, input, gradOutput, logmode, neg)
   P.check(self, input, gradOutput)
   local axis = sm_axis(self, input)
   local gi, out = self.gradInput, self.output
   gi:resizeAs(input)
   local n = input:nElement()
   local d = input:dim()
   local g = gradOutput
   if not g:isSameSizeAs(input) then g = g:contiguous():view(input:size()) end
   if n <= P.SM_SMALL and d <= 2 and contiguous(out) and contiguous(g) and contiguous(gi) then
      local cols = input._sz[d - 1]
      sm_rows_back(ptr(gi), ptr(g), ptr(out), n / cols, cols, logmode, neg)
   else
      P.kernels().softmax_backward(np(out), np(g), np(gi), axis, logmode, neg)
   end
   return gi
end

return P
