-- nn.Linear: y = W x + b, for a 1-D input (inputSize) or a 2-D batch (N x inputSize).
local Linear, parent = torch.class('nn.Linear', 'nn.Module')
local C = torch._C
local ffi = require 'ffi'

-- small problems run as LuaJIT loops over the FFI data (no numpy call per step);
-- SMALL bounds nframe * inputSize * outputSize
Linear.SMALL = 4096

local function contig(t)
   local nd = t._nd
   if nd == 1 then return t._sr[0] == 1 end
   if nd == 2 then return t._sr[1] == 1 and t._sr[0] == t._sz[1] end
   return false
end
local ptr = C.ptr
local np = C.np
local KL   -- luann.kernels.nn_linear, loaded on first use
local function kl()
   KL = KL or torch._bridge.pyimport('luann.kernels.nn_linear')
   return KL
end
-- cblas of numpy's OpenBLAS through the FFI (torch._blas; false: none): the batch paths below make the
-- same BLAS calls as np.matmul / torch7 (gemm, ger for the bias, gemv for gradBias) with no Python crossing
local BL
local function blas(ty)
   if BL == nil then BL = require 'torch._blas' end
   return BL and BL[ty.name]
end
local scratch = {}   -- type name -> {n, buffer}: gemv results for gradBias
local function buffer(ty, n)
   local b = scratch[ty.name]
   if not b or b[1] < n then b = {n, ffi.new(ty.ct .. '[?]', n)}; scratch[ty.name] = b end
   return b[2]
end
local disjoint = C.disjoint   -- memory spans that do not overlap

-- all tensors contiguous, non-empty and of one type?
local function fast(W, a, b, c, d)
   local ty = C.tensorty(W)
   if not contig(W) or C.tensorty(a) ~= ty or not contig(a) or a._st == nil then return false end
   if b ~= nil and (C.tensorty(b) ~= ty or not contig(b) or b._st == nil) then return false end
   if c ~= nil and (C.tensorty(c) ~= ty or not contig(c) or c._st == nil) then return false end
   if d ~= nil and (C.tensorty(d) ~= ty or not contig(d) or d._st == nil) then return false end
   return true
end

function Linear:__init(inputSize, outputSize, bias)
   parent.__init(self)
   if type(inputSize) ~= 'number' or type(outputSize) ~= 'number' then
      error('nn.Linear(inputSize, outputSize[, bias]) expects two numbers', 2)
   end
   bias = (bias == nil) and true or bias
   self.weight = torch.Tensor(outputSize, inputSize)
   self.gradWeight = torch.Tensor(outputSize, inputSize)
   if bias then
      self.bias = torch.Tensor(outputSize)
      self.gradBias = torch.Tensor(outputSize)
   end
   self:reset()
end

function Linear:noBias()
   self.bias = nil
   self.gradBias = nil
   return self
end

function Linear:reset(stdv)
   if stdv then
      stdv = stdv * math.sqrt(3)
   else
      stdv = 1 / math.sqrt(self.weight:size(2))
   end
   if nn.oldSeed then
      for i = 1, self.weight:size(1) do
         self.weight:select(1, i):apply(function() return torch.uniform(-stdv, stdv) end)
      end
      if self.bias then
         for i = 1, self.bias:nElement() do self.bias[i] = torch.uniform(-stdv, stdv) end
      end
   else
      self.weight:uniform(-stdv, stdv)
      if self.bias then self.bias:uniform(-stdv, stdv) end
   end
   return self
end

local function sizestr(t)
   if t:dim() == 0 then return 'an empty tensor' end
   local s = {}
   for i = 1, t:dim() do s[i] = tostring(t:size(i)) end
   return table.concat(s, 'x')
end

local function badinput(self, input, level)
   local n = self.weight:size(2)
   if not torch.isTensor(input) then
      error(string.format('%s: expected input of size %d or Nx%d, got %s', tostring(self), n, n,
         torch.type(input)), level)
   end
   local d = input:dim()
   if d ~= 1 and d ~= 2 then
      error(string.format('%s: input must be vector or matrix (size %d or Nx%d), got %s', tostring(self), n, n,
         sizestr(input)), level)
   end
   error(string.format('%s: expected input of size %d or Nx%d, got %s', tostring(self), n, n, sizestr(input)),
      level)
end

local function badgrad(self, input, gradOutput, level)
   local m = self.weight:size(1)
   local want = input:dim() == 1 and tostring(m) or (input:size(1) .. 'x' .. m)
   error(string.format('%s: expected gradOutput of size %s, got %s', tostring(self), want,
      torch.isTensor(gradOutput) and sizestr(gradOutput) or torch.type(gradOutput)), level)
end

function Linear:updateAddBuffer(input)
   local nframe = input:size(1)
   self.addBuffer = self.addBuffer or input.new()
   if self.addBuffer:nElement() ~= nframe then
      self.addBuffer:resize(nframe):fill(1)
   end
end

function Linear:updateOutput(input)
   local W = self.weight
   if not torch.isTensor(input) then badinput(self, input, 2) end
   if C.tensorty(input) ~= C.tensorty(W) then
      error(string.format('%s: input is a %s but the module is %s (convert one with :type())', tostring(self),
         torch.typename(input), torch.typename(W)), 2)
   end
   local d = input._nd
   local nin, nout = W._sz[1], W._sz[0]
   local bias = self.bias
   if d == 1 then
      if input._sz[0] ~= nin then badinput(self, input, 2) end
      local out = self.output
      out:resize(nout)
      if nin * nout <= Linear.SMALL and fast(W, input, out, bias) then
         local wp, xp, op = ptr(W), ptr(input), ptr(out)
         local bp = bias ~= nil and ptr(bias) or nil
         for i = 0, nout - 1 do
            local acc = bp ~= nil and bp[i] or 0
            local row = i * nin
            for j = 0, nin - 1 do acc = acc + wp[row + j] * xp[j] end
            op[i] = acc
         end
         return out
      end
      if bias then out:copy(bias) else out:zero() end
      out:addmv(1, W, input)
   elseif d == 2 then
      if input._sz[1] ~= nin then badinput(self, input, 2) end
      local nframe = input._sz[0]
      local out = self.output
      local nElement = out:nElement()
      out:resize(nframe, nout)
      if nframe * nin * nout <= Linear.SMALL and fast(W, input, out, bias) then
         local wp, xp, op = ptr(W), ptr(input), ptr(out)
         local bp = bias ~= nil and ptr(bias) or nil
         for f = 0, nframe - 1 do
            local xr, orow = f * nin, f * nout
            for i = 0, nout - 1 do
               local acc = bp ~= nil and bp[i] or 0
               local row = i * nin
               for j = 0, nin - 1 do acc = acc + wp[row + j] * xp[xr + j] end
               op[orow + i] = acc
            end
         end
         return out
      end
      if out:nElement() ~= nElement then out:zero() end
      self:updateAddBuffer(input)
      local ty = C.tensorty(W)
      local bl = blas(ty)
      if bl and C.tensorty(out) == ty
         and (bias == nil or (C.tensorty(bias) == ty and contig(bias) and disjoint(out, bias)))
         and nframe > 0 and nin > 0 and nout > 0 and contig(out) and contig(input) and contig(W)
         and disjoint(out, input) and disjoint(out, W) then
         -- out:addmm(0, out, 1, input, W:t()) = gemm(NoTrans, Trans) as np.matmul calls it; then
         -- out:addr(1, ones, bias) = ger, as torch7 does
         bl.gemm(101, 111, 112, nframe, nout, nin, 1, ptr(input), nin, ptr(W), nin, 0, ptr(out), nout)
         if bias then bl.ger(101, nframe, nout, 1, ptr(self.addBuffer), 1, ptr(bias), 1, ptr(out), nout) end
         return out
      end
      if C.tensorty(out) == ty and (bias == nil or C.tensorty(bias) == ty) then
         -- the same addmm + addr in one call, without building W:t()
         kl().forward(np(out), np(input), np(W), bias ~= nil and np(bias) or nil)
         return out
      end
      out:addmm(0, out, 1, input, W:t())
      if bias then out:addr(1, self.addBuffer, bias) end
   else
      badinput(self, input, 2)
   end
   return self.output
end

function Linear:updateGradInput(input, gradOutput)
   if self.gradInput then
      local W = self.weight
      local nin, nout = W._sz[1], W._sz[0]
      local d = torch.isTensor(input) and input._nd or 0
      if d ~= 1 and d ~= 2 then badinput(self, input, 2) end
      local nframe = d == 2 and input._sz[0] or 1
      if not torch.isTensor(gradOutput) or gradOutput:nElement() ~= nframe * nout then
         badgrad(self, input, gradOutput, 2)
      end
      local gi = self.gradInput
      local nElement = gi:nElement()
      gi:resizeAs(input)
      if nframe * nin * nout <= Linear.SMALL and fast(W, input, gradOutput, gi) then
         local wp, gp, gip = ptr(W), ptr(gradOutput), ptr(gi)
         for f = 0, nframe - 1 do
            local gr, ir = f * nout, f * nin
            for j = 0, nin - 1 do
               local acc = 0
               for i = 0, nout - 1 do acc = acc + wp[i * nin + j] * gp[gr + i] end
               gip[ir + j] = acc
            end
         end
         return gi
      end
      if gi:nElement() ~= nElement then gi:zero() end
      if d == 1 then
         gi:addmv(0, 1, W:t(), gradOutput)
      elseif gradOutput._nd == 2 and gradOutput._sz[0] == nframe and gradOutput._sz[1] == nout
         and C.tensorty(gradOutput) == C.tensorty(W) and C.tensorty(gi) == C.tensorty(W) then
         local bl = blas(C.tensorty(W))
         if bl and nframe > 0 and nin > 0 and nout > 0 and contig(gi) and contig(gradOutput) and contig(W)
            and disjoint(gi, gradOutput) and disjoint(gi, W) then
            -- gi:addmm(0, 1, gradOutput, W) = gemm(NoTrans, NoTrans) as np.matmul calls it
            bl.gemm(101, 111, 111, nframe, nin, nout, 1, ptr(gradOutput), nout, ptr(W), nin, 0, ptr(gi), nin)
         else
            kl().gradinput(np(gi), np(gradOutput), np(W))   -- gi:addmm(0, 1, gradOutput, W), one call
         end
      else
         gi:addmm(0, 1, gradOutput, W)
      end
      return gi
   end
end

function Linear:accGradParameters(input, gradOutput, scale)
   scale = scale or 1
   local W = self.weight
   local nin, nout = W._sz[1], W._sz[0]
   local d = input:dim()
   local nframe = d == 2 and input._sz[0] or 1
   local gW, gB = self.gradWeight, self.gradBias
   if (d == 1 or d == 2) and nframe * nin * nout <= Linear.SMALL and gradOutput:nElement() == nframe * nout
      and fast(W, input, gradOutput, gW, gB) then
      local xp, gp, gwp = ptr(input), ptr(gradOutput), ptr(gW)
      local gbp = gB ~= nil and ptr(gB) or nil
      for f = 0, nframe - 1 do
         local gr, ir = f * nout, f * nin
         for i = 0, nout - 1 do
            local g = scale * gp[gr + i]
            local row = i * nin
            for j = 0, nin - 1 do gwp[row + j] = gwp[row + j] + g * xp[ir + j] end
            if gbp ~= nil then gbp[i] = gbp[i] + g end
         end
      end
      return
   end
   if d == 1 then
      gW:addr(scale, gradOutput, input)
      if self.bias then gB:add(scale, gradOutput) end
   elseif d == 2 then
      local ty = C.tensorty(W)
      if torch.isTensor(gradOutput) and gradOutput._nd == 2 and gradOutput._sz[0] == nframe
         and gradOutput._sz[1] == nout and C.tensorty(gradOutput) == ty and C.tensorty(input) == ty
         and C.tensorty(gW) == ty and (self.bias == nil or (gB ~= nil and C.tensorty(gB) == ty)) then
         local bl = blas(ty)
         if self.bias then self:updateAddBuffer(input) end
         if bl and nframe > 0 and nin > 0 and nout > 0 and contig(gW) and contig(input) and contig(gradOutput)
            and disjoint(gW, input) and disjoint(gW, gradOutput)
            and (gB == nil or (contig(gB) and disjoint(gB, gradOutput))) then
            -- gW:addmm(scale, gradOutput:t(), input) = gemm(Trans, NoTrans) with beta 1, as torch7 does
            bl.gemm(101, 112, 111, nout, nin, nframe, scale, ptr(gradOutput), nout, ptr(input), nin, 1, ptr(gW), nin)
            if self.bias then
               -- gB:addmv(scale, gradOutput:t(), ones) as luann.kernels.tensor.addmv rounds it: the product
               -- (gemv, beta 0, as np.matmul calls it), scaled, then added (float ops in double round the same)
               local s = buffer(ty, nout)
               bl.gemv(101, 112, nframe, nout, 1, ptr(gradOutput), nout, ptr(self.addBuffer), 1, 0, s, 1)
               local gp = ptr(gB)
               if scale ~= 1 then
                  local sc = ffi.cast(ty.ct .. '*', ffi.new(ty.ct .. '[1]', scale))[0]
                  for i = 0, nout - 1 do s[i] = s[i] * sc; gp[i] = gp[i] + s[i] end
               else
                  for i = 0, nout - 1 do gp[i] = gp[i] + s[i] end
               end
            end
            return
         end
         -- the same addmm + addmv in one call, without building gradOutput:t()
         local ones = nil
         if self.bias then ones = np(self.addBuffer) end
         kl().accgrad(np(gW), self.bias and np(gB) or nil, np(input), np(gradOutput), scale, ones)
         return
      end
      gW:addmm(scale, gradOutput:t(), input)
      if self.bias then
         self:updateAddBuffer(input)
         gB:addmv(scale, gradOutput:t(), self.addBuffer)
      end
   else
      badinput(self, input, 2)
   end
end

-- the weights are not swapped for shared modules, so the default path is safe
Linear.sharedAccUpdateGradParameters = Linear.accUpdateGradParameters

function Linear:clearState()
   if self.addBuffer then self.addBuffer:set() end
   return parent.clearState(self)
end

function Linear:__tostring__()
   return torch.type(self) ..
      string.format('(%d -> %d)', self.weight:size(2), self.weight:size(1)) ..
      (self.bias == nil and ' without bias' or '')
end

return Linear
