-- LuaJIT loops for SpatialMaxPooling on contiguous Float/Double tensors.
-- Backward: gradInput = 0, then gradOutput scatter-added at THNN's 1-based flat indices, in
-- one pass (numpy needed a fill, index arithmetic over int64 arrays and a fancy-index
-- assignment: LeNet's 64x6x28x28 pooling took 0.5-1.0 ms, this ~0.3-0.5).
-- Forward, non-overlapping windows only (stride = kernel, no padding/dilation): one pass
-- without data-dependent branches (a plain compare-and-branch loop mispredicted on random
-- data and lost to numpy), see M.forward.
local C = torch._C
local M = {}

local function contiguous(t)
   return t._st ~= nil and C.is_contiguous(t)
end
M.contiguous = contiguous
local ptr = C.ptr

-- may the loop handle this input?
function M.ok(self, input)
   local ty = input:type()
   return (ty == 'torch.FloatTensor' or ty == 'torch.DoubleTensor') and contiguous(input)
end

-- gradInput (contiguous, resized as input) from gradOutput and indices (contiguous):
-- planes of isz input and osz output elements
function M.backward(self, gradOutput, planes, isz, osz)
   local gi = self.gradInput
   gi:zero()
   local gp, gop, xp = ptr(gi), ptr(gradOutput), ptr(self.indices)
   for p = 0, planes - 1 do
      local ib, ob = p * isz - 1, p * osz
      for j = ob, ob + osz - 1 do
         local k = xp[j]
         if k < 1 or k > isz then         -- never from forward; keeps the writes in bounds
            error(string.format('%s: index %s out of range [1, %d] in indices', torch.type(self),
               tostring(k):gsub('LL$', ''), isz), 0)
         end
         local t = ib + k
         gp[t] = gp[t] + gop[j]
      end
   end
end

-- Forward for kW == dW, kH == dH, no padding or dilation, every window inside the input,
-- as code generated per (kH, kW, type) with the window unrolled.  Bit-identical to
-- luann.kernels.pool.max_pool_forward (tests/test_convnet_fastpaths.py): there the maximum
-- is an np.maximum chain over the offsets in scan order, and np.maximum returns its second
-- operand on ties, so the output is the LAST offset whose value equals the maximum (which
-- matters for the sign of a zero maximum) while the index is the FIRST one (THNN's
-- "val > max").  Here m = the maximum's value (math.max: only compared), n_j = "v_j ~= m" as
-- min(1, (m - v_j) * 2^1200) (exactly 0 or 1: m - v_j is 0 only when equal, and at least
-- 2^-1074 otherwise; 2^1023 for Float data), the first/last offsets are sums of products of the n_j, and the
-- output is the input element at the last offset (its exact bits).  A window with a NaN
-- or an infinity (or whose sum overflows) makes the call return false before any such
-- value reaches an offset (a branch that random data never takes); the caller then
-- redoes the whole pooling in numpy, which has THNN's NaN rule.
local gen_cache = {}
local function gen(kH, kW, ty)
   local key = kH .. 'x' .. kW .. ty
   if gen_cache[key] then return gen_cache[key] end
   local K = kH * kW
   local L = {}
   local function add(s) L[#L + 1] = s end
   local function step(j) return ((j + 1) % kW == 0) and 'sr' or '1' end   -- off(j+1) - off(j)
   add('local min, max, floor = math.min, math.max, math.floor')
   add('return function(xp, op, ip, planes, iH, iW, oH, oW)')
   -- distinct floats differ by >= 2^-149, so one factor 2^1023 makes n_j 1; doubles by 2^-1074
   add(ty == 'torch.FloatTensor' and '  local C = 2^1023' or '  local C = 2^600')
   local CC = ty == 'torch.FloatTensor' and 'C' or 'C * C'
   add('  local sr = iW - ' .. (kW - 1))
   add('  local q = 0')
   add('  for r = 0, planes * oH - 1 do               -- rows of windows')
   add('    local p = floor(r / oH)')
   add('    local rb = (r - p * oH) * ' .. kH .. ' * iW   -- their first input row in the plane')
   add('    local x0 = xp + (p * iH * iW + rb)')
   add('    for oj = 0, oW - 1 do')
   add('      local w = ' .. kW .. ' * oj')
   local sum, m = {}, nil
   for j = 0, K - 1 do
      local i, jj = math.floor(j / kW), j % kW
      add(string.format('      local v%d = x0[w + %s%d]', j, i > 0 and (i .. ' * iW + ') or '', jj))
      sum[#sum + 1] = 'v' .. j
      m = m and string.format('max(%s, v%d)', m, j) or 'v0'
   end
   add('      if (' .. table.concat(sum, ' + ') .. ') * 0 ~= 0 then return false end')
   add('      local m = ' .. m)
   for j = 0, K - 1 do add(string.format('      local n%d = min(1, (m - v%d) * %s)', j, j, CC)) end
   if K == 1 then
      add('      local first, last = 0, 0')
   else
      add('      local ny = n0')
      add('      local first = ny * ' .. step(0))
      for j = 1, K - 2 do
         add(string.format('      ny = ny * n%d; first = first + ny * %s', j, step(j)))
      end
      add(string.format('      local nz = n%d', K - 1))
      add(string.format('      local last = %d * iW + %d - nz * %s', kH - 1, kW - 1, step(K - 2)))
      for j = K - 2, 1, -1 do
         add(string.format('      nz = nz * n%d; last = last - nz * %s', j, step(j - 1)))
      end
   end
   add('      op[q] = x0[w + last]')
   add('      ip[q] = rb + w + first + 1')
   add('      q = q + 1')
   add('    end')
   add('  end')
   add('  return true')
   add('end')
   local f = assert(loadstring(table.concat(L, '\n'), '=nn._maxpool_ffi(' .. key .. ')'))()
   gen_cache[key] = f
   return f
end

-- may M.forward handle this call? (input checked by M.ok; output/indices resized)
function M.forward_ok(self, input, iH, iW, oH, oW)
   local kW, kH = self.kW, self.kH
   return kW == self.dW and kH == self.dH and (self.padW or 0) == 0 and (self.padH or 0) == 0
      and (self.dilationW or 1) == 1 and (self.dilationH or 1) == 1 and kW * kH <= 16
      and oH * kH <= iH and oW * kW <= iW and self.output:type() == input:type()
      and contiguous(self.output) and contiguous(self.indices)
end

-- output and indices for planes of iH x iW inputs; false (and partial results) when a
-- window holds a NaN or an infinity
function M.forward(self, input, planes, iH, iW, oH, oW)
   local f = gen(self.kH, self.kW, input:type())
   return f(ptr(input), ptr(self.output), ptr(self.indices), planes, iH, iW, oH, oW)
end

return M
