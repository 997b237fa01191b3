-- Private helpers of the convolution / pooling / normalisation layers (not a class):
-- torch7-worded argument checks and the one-call-per-method numpy glue
-- (luann/nn_spatial.py).
local S = {}

S.np = torch._C.np
S.K = torch._bridge.pyimport('luann.nn_spatial')
local FP = require 'nn._maxpool_ffi'

-- "2x5x5" (torch7's size notation in nn messages)
function S.sz(t)
   if not torch.isTensor(t) then return torch.type(t) end
   local n = t:dim()
   if n == 0 then return 'empty' end
   local p = {}
   for i = 1, n do p[i] = tostring(t:size(i)) end
   return table.concat(p, 'x')
end

-- error prefixed by the module as it prints, at the user's file:line (nn/init.lua)
function S.fail(self, fmt, ...)
   error(tostring(self) .. ': ' .. string.format(fmt, ...), 2)
end

function S.tensor(self, x, what)
   if not torch.isTensor(x) then
      S.fail(self, '%s should be a Tensor (got %s)', what or 'input', torch.type(x))
   end
end

-- tensor types of input and of a parameter must agree
function S.sametype(self, input, param)
   if param and input:type() ~= param:type() then
      S.fail(self, 'input is a %s but the module holds %s parameters (convert one with :type())',
         input:type(), param:type())
   end
end

-- a buffer field of input's type (created or replaced when the type differs)
function S.buf(self, key, input, ty)
   local b = self[key]
   ty = ty or input:type()
   if b == nil or not torch.isTensor(b) or b:type() ~= ty then
      b = torch[ty:sub(7)]()
      self[key] = b
   end
   return b
end

-- check a (N x) C x [T x] H x W input: sdim spatial dims, nplanes planes (or any
-- when nil); returns true for a batch
-- the output buffer has the module's type; torch7's THNN calls fail on another input type
function S.check_type(self, input)
   local out = rawget(self, 'output')
   if torch.isTensor(out) and out:type() ~= input:type() then
      S.fail(self, 'input is a %s but the module works in %s (convert the module with :type(\'%s\'), or the input)',
         input:type(), out:type(), input:type())
   end
end

function S.check_input(self, input, sdim, nplanes)
   S.tensor(self, input)
   S.check_type(self, input)
   local d = input:dim()
   local lo = sdim + 1
   if d ~= lo and d ~= lo + 1 then
      S.fail(self, 'expected %dD or %dD (batch mode) input, got %dD tensor of size %s',
         lo, lo + 1, d, S.sz(input))
   end
   if nplanes and input:size(d - sdim) ~= nplanes then
      local sp = sdim == 2 and 'HxW' or (sdim == 3 and 'TxHxW' or 'W')
      S.fail(self, 'expected input with %d planes (%dx%s or Nx%dx%s), got %s',
         nplanes, nplanes, sp, nplanes, sp, S.sz(input))
   end
   return d == lo + 1
end

function S.check_gradOutput(self, gradOutput, output)
   S.tensor(self, gradOutput, 'gradOutput')
   if gradOutput:nElement() ~= output:nElement() or gradOutput:dim() ~= output:dim() then
      S.fail(self, 'gradOutput should be of size %s (the output), got %s', S.sz(output), S.sz(gradOutput))
   end
end

-- resize res to (N x) sizes...
function S.resize_out(res, batch, n, ...)
   if batch then res:resize(n, ...) else res:resize(...) end
   return res
end

-- updateOutput, updateGradInput and accGradParameters of a module with weight (and bias) whose
-- kernels are K[kern .. '_forward' | '_backward_input' | '_backward_params'], given as spec:
--   geometry(self, input) -> batch, n, ...: checks input (raising as torch7 words it);
--   outdims(self, ...) -> the output sizes after the batch dimension, from geometry's `...`;
--   fargs(self) / bargs(self) -> the trailing arguments of the forward / backward kernels;
--   optbias: the module has noBias (pass nil for an absent bias and gradBias).
-- The kernels take (input, weight, bias, output, batch, fargs...), (weight, gradOutput,
-- gradInput, batch, bargs...) and (input, gradOutput, gradWeight, gradBias, scale, batch, bargs...).
function S.kernel_methods(cls, kern, spec)
   local fwd, bwd_input, bwd_params = kern .. '_forward', kern .. '_backward_input', kern .. '_backward_params'
   local geometry, outdims, fargs, bargs = spec.geometry, spec.outdims, spec.fargs, spec.bargs
   local np = S.np
   local bias = np
   if spec.optbias then bias = function(t) return t and np(t) or nil end end

   local function resize_output(self, input, batch, n, ...)
      S.sametype(self, input, self.weight)
      S.resize_out(self.output, batch, n, outdims(self, ...))
      return batch
   end

   function cls:updateOutput(input)
      local batch = resize_output(self, input, geometry(self, input))
      S.K[fwd](np(input), np(self.weight), bias(self.bias), np(self.output), batch, fargs(self))
      return self.output
   end

   function cls:updateGradInput(input, gradOutput)
      if not self.gradInput then return end
      local batch = geometry(self, input)
      S.check_gradOutput(self, gradOutput, self.output)
      self.gradInput:resizeAs(input)
      S.K[bwd_input](np(self.weight), np(gradOutput), np(self.gradInput), batch, bargs(self))
      return self.gradInput
   end

   function cls:accGradParameters(input, gradOutput, scale)
      local batch = geometry(self, input)
      S.check_gradOutput(self, gradOutput, self.output)
      S.K[bwd_params](np(input), np(gradOutput), np(self.gradWeight), bias(self.gradBias), scale or 1, batch,
         bargs(self))
   end
end

-- ------------------------------------------------------------- 2-D convolution
-- shared by SpatialConvolution(MM) and SpatialDilatedConvolution; the weight may
-- be nOut x nIn x kH x kW or nOut x (nIn*kH*kW)
local floor = math.floor

local function conv_geometry(self, input)
   local batch = S.check_input(self, input, 2, self.nInputPlane)
   local d = input:dim()
   local iH, iW = input:size(d - 1), input:size(d)
   local dilW, dilH = self.dilationW or 1, self.dilationH or 1
   local padW = self.padW or self.padding or 0     -- (`padding`: files from old torch7)
   local padH = self.padH or self.padding or 0
   local oH = floor((iH + 2 * padH - dilH * (self.kH - 1) - 1) / self.dH) + 1
   local oW = floor((iW + 2 * padW - dilW * (self.kW - 1) - 1) / self.dW) + 1
   if oH < 1 or oW < 1 then
      S.fail(self, 'Given input size: (%dx%dx%d). Calculated output size: (%dx%dx%d). Output size is too small',
         self.nInputPlane, iH, iW, self.nOutputPlane, oH, oW)
   end
   local n = batch and input:size(1) or 1
   return batch, n, oH, oW, padW, padH, dilW, dilH
end

function S.conv_updateOutput(self, input)
   local batch, n, oH, oW, padW, padH, dilW, dilH = conv_geometry(self, input)
   S.sametype(self, input, self.weight)
   local finput = S.buf(self, 'finput', input)
   finput:resize(self.nInputPlane * self.kH * self.kW, n * oH * oW)
   S.resize_out(self.output, batch, n, self.nOutputPlane, oH, oW)
   local np = S.np
   S.K.conv_forward(np(input), np(self.weight), self.bias and np(self.bias) or nil,
      np(self.output), np(finput), batch, self.kW, self.kH, self.dW, self.dH,
      padW, padH, dilW, dilH)
   return self.output
end

function S.conv_updateGradInput(self, input, gradOutput)
   if not self.gradInput then return end
   local batch, n, oH, oW, padW, padH, dilW, dilH = conv_geometry(self, input)
   S.check_gradOutput(self, gradOutput, self.output)
   local fgrad = S.buf(self, 'fgradInput', input)
   -- workspace of the gradInput GEMM; stride 1 (nn_spatial._backward_input_fold): per sample
   -- GEMM rows of F + Hp*Wp (F zeros in front) and gradOutput rows padded to the padded
   -- width Wp, for blocks of samples of at most 1 MB (nn_spatial._chunk)
   local ck = self.nInputPlane * self.kH * self.kW
   if self.dW == 1 and self.dH == 1 then
      local d = input:dim()
      local hp, wp = input:size(d - 1) + 2 * padH, input:size(d) + 2 * padW
      local lt = (self.kH - 1) * dilH * wp + (self.kW - 1) * dilW + hp * wp
      local per = ck * lt + self.nOutputPlane * oH * wp
      local b = math.max(1, math.min(n, floor(1048576 / (per * input:elementSize()))))
      fgrad:resize(b * per)
   else
      fgrad:resize(n, ck, oH * oW)
   end
   self.gradInput:resizeAs(input)
   local np = S.np
   S.K.conv_backward_input(np(self.weight), np(gradOutput), np(self.gradInput), np(fgrad),
      batch, self.kW, self.kH, self.dW, self.dH, padW, padH, dilW, dilH)
   return self.gradInput
end

function S.conv_accGradParameters(self, input, gradOutput, scale)
   local batch, n, oH, oW, padW, padH, dilW, dilH = conv_geometry(self, input)
   S.check_gradOutput(self, gradOutput, self.output)
   local finput = self.finput
   -- the im2col of forward is reused when it belongs to an input of this geometry
   local cols = nil
   if finput and torch.isTensor(finput) and finput:type() == input:type()
      and finput:dim() == 2 and finput:size(2) == n * oH * oW
      and finput:size(1) == self.nInputPlane * self.kH * self.kW then
      cols = S.np(finput)
   else
      cols = S.np(input.new())
   end
   local np = S.np
   S.K.conv_backward_params(np(input), np(gradOutput), np(self.gradWeight),
      self.gradBias and np(self.gradBias) or nil, cols, scale or 1, batch,
      self.kW, self.kH, self.dW, self.dH, padW, padH, dilW, dilH)
end

function S.conv_type(self, parent, type, tensorCache)
   self.finput = self.finput and torch.Tensor()
   self.fgradInput = self.fgradInput and torch.Tensor()
   return parent.type(self, type, tensorCache)
end

function S.conv_tostring(self)
   local s = string.format('%s(%d -> %d, %dx%d', torch.type(self),
      self.nInputPlane, self.nOutputPlane, self.kW, self.kH)
   if self.dW ~= 1 or self.dH ~= 1 or self.padW ~= 0 or self.padH ~= 0 then
      s = s .. string.format(', %d,%d', self.dW, self.dH)
   end
   if (self.padW or self.padH) and (self.padW ~= 0 or self.padH ~= 0) then
      s = s .. ', ' .. self.padW .. ',' .. self.padH
   end
   return s
end

-- the closing of a convolution's printout: torch7's convolutions that have noBias() say so
function S.conv_close(self)
   return self.bias and ')' or ') without bias'
end

-- the fields every 2-D convolution sets first, in torch7's order (strides 1, no padding, padH
-- defaulting to padW)
function S.conv2d_init(self, nInputPlane, nOutputPlane, kW, kH, dW, dH, padW, padH)
   self.nInputPlane = nInputPlane
   self.nOutputPlane = nOutputPlane
   self.kW = kW
   self.kH = kH
   self.dW = dW or 1
   self.dH = dH or 1
   self.padW = padW or 0
   self.padH = padH or self.padW
end

-- torch7's reset of a convolution: weight and bias uniform in (-stdv, stdv), stdv = the given one
-- * sqrt(3), else 1 / sqrt(fan-in), the fan-in being the product of `...`. conv_reset skips an
-- absent bias (modules with noBias); conv_reset_wb always has one.
local function uniform_reset(self, stdv, optbias, ...)
   if stdv then
      stdv = stdv * math.sqrt(3)
   else
      local fanin = select(1, ...)
      for i = 2, select('#', ...) do fanin = fanin * select(i, ...) end
      stdv = 1 / math.sqrt(fanin)
   end
   self.weight:uniform(-stdv, stdv)
   if optbias then
      if self.bias then self.bias:uniform(-stdv, stdv) end
   else
      self.bias:uniform(-stdv, stdv)
   end
end

function S.conv_reset(self, stdv, ...) uniform_reset(self, stdv, true, ...) end
function S.conv_reset_wb(self, stdv, ...) uniform_reset(self, stdv, false, ...) end

function S.noBias(self)
   self.bias = nil
   self.gradBias = nil
   return self
end

-- ------------------------------------------------------------------ pooling
-- the max poolings' `indices` (LongTensor whatever the module's type): type() keeps it a
-- LongTensor, clearState() empties it, and with `empty` also empty() = clearState(); adds the
-- methods to cls, a torch.class of parent
function S.indices_methods(cls, parent, empty)
   if empty then
      function cls:empty()
         self:clearState()
      end
   end

   function cls:type(type, tensorCache)
      parent.type(self, type, tensorCache)
      if self.indices and self.indices:type() ~= 'torch.LongTensor' then self.indices = torch.LongTensor() end
      return self
   end

   function cls:clearState()
      if self.indices then self.indices:set() end
      return parent.clearState(self)
   end
end

-- the poolings' ceil() / floor(): round output sizes up or down (methods, returning self)
function S.pool_ceil(self)
   self.ceil_mode = true
   return self
end

function S.pool_floor(self)
   self.ceil_mode = false
   return self
end

-- pooled length (ceil mode: the last window must start inside input + left pad)
function S.pool_size(size, k, s, pad, dil, ceil_mode)
   local span = size + 2 * pad - dil * (k - 1) - 1
   local o
   if ceil_mode then o = math.ceil(span / s) + 1 else o = floor(span / s) + 1 end
   if ceil_mode and (o - 1) * s >= size + pad then o = o - 1 end
   return o
end

-- checks of a 2-D pooling module with kW, kH, dW, dH, padW, padH (dilation opt.);
-- returns batch, n, nPlanes, oH, oW
function S.pool2d_geometry(self, input, dilW, dilH)
   local batch = S.check_input(self, input, 2)
   local kW, kH, dW, dH = self.kW, self.kH, self.dW, self.dH
   local padW, padH = self.padW or 0, self.padH or 0
   if kW <= 0 or kH <= 0 then S.fail(self, 'kernel size should be greater than zero, but got kH: %d kW: %d', kH, kW) end
   if dW <= 0 or dH <= 0 then S.fail(self, 'stride should be greater than zero, but got dH: %d dW: %d', dH, dW) end
   if padW > kW / 2 or padH > kH / 2 then
      S.fail(self, 'pad should be smaller than half of kernel size, but got padW = %d, padH = %d, kW = %d, kH = %d',
         padW, padH, kW, kH)
   end
   local d = input:dim()
   local nP, iH, iW = input:size(d - 2), input:size(d - 1), input:size(d)
   local oH = S.pool_size(iH, kH, dH, padH, dilH or 1, self.ceil_mode)
   local oW = S.pool_size(iW, kW, dW, padW, dilW or 1, self.ceil_mode)
   if oH < 1 or oW < 1 then
      S.fail(self, 'Given input size: (%dx%dx%d). Calculated output size: (%dx%dx%d). Output size is too small',
         nP, iH, iW, nP, oH, oW)
   end
   return batch, batch and input:size(1) or 1, nP, oH, oW
end

function S.pool2d_tostring(self)
   local s = string.format('%s(%dx%d, %d,%d', torch.type(self), self.kW, self.kH, self.dW, self.dH)
   if (self.padW or self.padH) and (self.padW ~= 0 or self.padH ~= 0) then
      s = s .. ', ' .. self.padW .. ',' .. self.padH
   end
   return s
end

function S.maxpool2d_updateOutput(self, input)
   local dilW, dilH = self.dilationW or 1, self.dilationH or 1
   local batch, n, nP, oH, oW = S.pool2d_geometry(self, input, dilW, dilH)
   local d = input:dim()
   self.iheight, self.iwidth = input:size(d - 1), input:size(d)   -- for SpatialMaxUnpooling
   local idx = S.buf(self, 'indices', input, 'torch.LongTensor')
   S.resize_out(self.output, batch, n, nP, oH, oW)
   S.resize_out(idx, batch, n, nP, oH, oW)
   -- non-overlapping windows of contiguous Float/Double: one LuaJIT pass (nn/_maxpool_ffi.lua)
   local iH, iW = self.iheight, self.iwidth
   if FP.ok(self, input) and FP.forward_ok(self, input, iH, iW, oH, oW)
      and FP.forward(self, input, n * nP, iH, iW, oH, oW) then
      return self.output
   end
   local np = S.np
   S.K.max_pool_forward(np(input), np(self.output), np(idx), batch, self.kW, self.kH,
      self.dW, self.dH, self.padW or 0, self.padH or 0, dilW, dilH, self.ceil_mode or false)
   return self.output
end

function S.maxpool2d_updateGradInput(self, input, gradOutput)
   S.check_input(self, input, 2)
   S.check_gradOutput(self, gradOutput, self.output)
   if not self.indices or self.indices:nElement() ~= gradOutput:nElement() then
      S.fail(self, 'call forward before backward (indices of size %s, gradOutput %s)',
         S.sz(self.indices), S.sz(gradOutput))
   end
   self.gradInput:resizeAs(input)
   local dilW, dilH = self.dilationW or 1, self.dilationH or 1
   local overlapping = self.dW < dilW * (self.kW - 1) + 1 or self.dH < dilH * (self.kH - 1) + 1
   local d = input:dim()
   -- contiguous Float/Double: one LuaJIT scatter-add loop (nn/_maxpool_ffi.lua)
   if FP.ok(self, input) and input:type() == gradOutput:type() and FP.contiguous(gradOutput)
      and FP.contiguous(self.gradInput) and FP.contiguous(self.indices) then
      local osz = gradOutput:size(d - 1) * gradOutput:size(d)
      FP.backward(self, gradOutput, gradOutput:nElement() / osz, input:size(d - 1) * input:size(d), osz)
      return self.gradInput
   end
   local np = S.np
   S.K.max_pool_backward(np(gradOutput), np(self.indices), np(self.gradInput),
      input:dim() == 4, overlapping)
   return self.gradInput
end

-- ------------------------------------------------------------------ padding
-- Spatial{Zero,Reflection,Replication}Padding(pad_l, pad_r, pad_t, pad_b)
function S.pad_init(self, pad_l, pad_r, pad_t, pad_b)
   self.pad_l = pad_l
   self.pad_r = pad_r or pad_l
   self.pad_t = pad_t or pad_l
   self.pad_b = pad_b or pad_l
end

function S.pad_updateOutput(self, input, mode)
   S.tensor(self, input)
   if mode ~= 'constant' then S.check_type(self, input) end
   local d = input:dim()
   if d ~= 3 and d ~= 4 then
      S.fail(self, 'input must be 3 or 4-dimensional, got %dD tensor of size %s', d, S.sz(input))
   end
   local iH, iW = input:size(d - 1), input:size(d)
   local l, r, t, b = self.pad_l, self.pad_r, self.pad_t, self.pad_b
   if mode == 'reflect' and (l >= iW or r >= iW or t >= iH or b >= iH) then
      S.fail(self, 'padding size should be less than the corresponding input dimension, got input %s', S.sz(input))
   end
   local oH, oW = iH + t + b, iW + l + r
   if oH < 1 or oW < 1 then
      S.fail(self, 'input (H: %d, W: %d) is too small. Calculated output H: %d W: %d', iH, iW, oH, oW)
   end
   if d == 4 then
      self.output:resize(input:size(1), input:size(2), oH, oW)
   else
      self.output:resize(input:size(1), oH, oW)
   end
   S.K.pad_forward(S.np(input), S.np(self.output), d == 4, l, r, t, b, mode)
   return self.output
end

function S.pad_updateGradInput(self, input, gradOutput, mode)
   S.check_gradOutput(self, gradOutput, self.output)
   self.gradInput:resizeAs(input)
   S.K.pad_backward(S.np(gradOutput), S.np(self.gradInput), input:dim() == 4,
      self.pad_l, self.pad_r, self.pad_t, self.pad_b, mode)
   return self.gradInput
end

function S.pad_tostring(self)
   return torch.type(self) .. string.format('(l=%d, r=%d, t=%d, b=%d)',
      self.pad_l, self.pad_r, self.pad_t, self.pad_b)
end

-- ---------------------------------------------------- dropout of whole planes
function S.dropout_updateOutput(self, input, sdim)
   S.tensor(self, input)
   self.output:resizeAs(input):copy(input)
   if self.train or self.stochastic_inference then
      local d = input:dim()
      local noise = S.buf(self, 'noise', input)
      if d == sdim + 2 then
         local sz = {input:size(1), input:size(2)}
         for _ = 1, sdim do sz[#sz + 1] = 1 end
         noise:resize(unpack(sz))
      elseif d == sdim + 1 then
         local sz = {input:size(1)}
         for _ = 1, sdim do sz[#sz + 1] = 1 end
         noise:resize(unpack(sz))
      else
         S.fail(self, 'Input must be %dD (nbatch, nfeat, %s) or %dD (nfeat, %s), got %dD tensor of size %s',
            sdim + 2, sdim == 2 and 'h, w' or 't, h, w', sdim + 1, sdim == 2 and 'h, w' or 't, h, w',
            d, S.sz(input))
      end
      noise:bernoulli(1 - self.p)
      self.output:cmul(noise:expandAs(input))
   else
      self.output:mul(1 - self.p)
   end
   return self.output
end

function S.dropout_updateGradInput(self, input, gradOutput)
   if not self.train then
      S.fail(self, 'backprop only defined while training')
   end
   S.check_gradOutput(self, gradOutput, self.output)
   self.gradInput:resizeAs(gradOutput):copy(gradOutput)
   self.gradInput:cmul(self.noise:expandAs(input))
   return self.gradInput
end

-- ------------------------------------------------- softmax across the planes
function S.softmax_updateOutput(self, input, log)
   S.tensor(self, input)
   S.check_type(self, input)
   local d = input:dim()
   if d < 1 or d > 4 then S.fail(self, '1D, 2D, 3D or 4D tensor expected, got %dD', d) end
   self.output:resizeAs(input)
   -- the feature axis: 1 of a vector or C x H x W, 2 of N x D or N x C x H x W
   local axis = (d == 1 or d == 3) and 0 or 1
   S.K.softmax_forward(S.np(input), S.np(self.output), axis, log)
   return self.output
end

function S.softmax_updateGradInput(self, input, gradOutput, log)
   S.check_gradOutput(self, gradOutput, self.output)
   self.gradInput:resizeAs(input)
   local d = input:dim()
   local axis = (d == 1 or d == 3) and 0 or 1
   S.K.softmax_backward(S.np(self.output), S.np(gradOutput), S.np(self.gradInput), axis, log)
   return self.gradInput
end

-- ------------------------------------ subtractive / divisive normalisation
-- kernel checks and torch7's in-place normalisation of the averaging kernel (the
-- caller's tensor changes too): by sum * nInputPlane, except a 1-D kernel of
-- SpatialDivisiveNormalization (sqrt1d), divided by sum * sqrt(nInputPlane).  The
-- kernels use it through norm_kernel2d; their results do not depend on its scale
-- beyond what torch7's own meanestimator/stdestimator compute.
function S.norm_init(self, nInputPlane, kernel, name, sqrt1d)
   self.nInputPlane = nInputPlane or 1
   self.kernel = kernel or torch.Tensor(9, 9):fill(1)
   local kdim = self.kernel:nDimension()
   if kdim ~= 2 and kdim ~= 1 then
      error('<' .. name .. '> averaging kernel must be 2D or 1D')
   end
   if (self.kernel:size(1) % 2) == 0 or (kdim == 2 and (self.kernel:size(2) % 2) == 0) then
      error('<' .. name .. '> averaging kernel must have ODD dimensions')
   end
   if kdim == 1 and sqrt1d then
      self.kernel:div(self.kernel:sum() * math.sqrt(self.nInputPlane))
   else
      self.kernel:div(self.kernel:sum() * self.nInputPlane)
   end
end

-- torch7's module graph for the local sums of SpatialSubtractive/DivisiveNormalization
-- (zero padding, the kernel as a SpatialConvolution, or a separable 1-D pair
-- SpatialConvolutionMap + SpatialConvolution, summed over the planes and replicated):
-- luann computes with norm_kernel2d, but keeps these fields so that a saved module runs
-- in torch7 and so that building one draws from the random generator as torch7 does
-- (the convolutions' reset).  square: the std estimator (Square first, Sqrt last).
-- The kernel is copied in later by norm_set_estimator.
function S.norm_estimator(self, square)
   local k, n = self.kernel, self.nInputPlane
   local padH = math.floor(k:size(1) / 2)
   local padW = k:dim() == 2 and math.floor(k:size(2) / 2) or padH
   local e = nn.Sequential()
   if square then e:add(nn.Square()) end
   e:add(nn.SpatialZeroPadding(padW, padW, padH, padH))
   if k:dim() == 2 then
      e:add(nn.SpatialConvolution(n, 1, k:size(2), k:size(1)))
   else
      e:add(nn.SpatialConvolutionMap(nn.tables.oneToOne(n), k:size(1), 1))
      e:add(nn.SpatialConvolution(n, 1, 1, k:size(1)))
   end
   e:add(nn.Replicate(n, 1, 3))
   if square then e:add(nn.Sqrt()) end
   return e
end

function S.norm_set_estimator(self, e)
   local k, n = self.kernel, self.nInputPlane
   local first = e.modules[1].__typename == 'nn.Square' and 3 or 2
   local conv = e.modules[first]
   if k:dim() == 2 then
      for i = 1, n do conv.weight[1][i]:copy(k) end
      conv.bias:zero()
   else
      local conv2 = e.modules[first + 1]
      for i = 1, n do
         conv.weight[i]:copy(k)
         conv2.weight[1][i]:copy(k)
      end
      conv.bias:zero()
      conv2.bias:zero()
   end
end

function S.norm_kernel2d(self, input)
   local k = self.kernel
   if k:dim() == 1 then
      local n = k:size(1)
      k = torch.ger(k, k)
   end
   return S.np(k:type(input:type()):contiguous())
end

function S.norm_check(self, input)
   return S.check_input(self, input, 2, self.nInputPlane)
end

-- ---------------------------------------------------------------- volumetric
-- (N x) C x T x H x W convolutions: returns batch, n, oT, oH, oW
local function vconv_geometry(self, input)
   local batch = S.check_input(self, input, 3, self.nInputPlane)
   local d = input:dim()
   local iT, iH, iW = input:size(d - 2), input:size(d - 1), input:size(d)
   local dlT, dlW, dlH = self.dilationT or 1, self.dilationW or 1, self.dilationH or 1
   local oT = floor((iT + 2 * self.padT - dlT * (self.kT - 1) - 1) / self.dT) + 1
   local oH = floor((iH + 2 * self.padH - dlH * (self.kH - 1) - 1) / self.dH) + 1
   local oW = floor((iW + 2 * self.padW - dlW * (self.kW - 1) - 1) / self.dW) + 1
   if oT < 1 or oH < 1 or oW < 1 then
      S.fail(self, 'Given input size: (%dx%dx%dx%d). Calculated output size: (%dx%dx%dx%d). Output size is too small',
         self.nInputPlane, iT, iH, iW, self.nOutputPlane, oT, oH, oW)
   end
   return batch, batch and input:size(1) or 1, oT, oH, oW
end

local function vgeom(self)
   return self.kT, self.kW, self.kH, self.dT, self.dW, self.dH, self.padT, self.padW, self.padH,
      self.dilationT or 1, self.dilationW or 1, self.dilationH or 1
end

function S.vconv_updateOutput(self, input)
   local batch, n, oT, oH, oW = vconv_geometry(self, input)
   S.sametype(self, input, self.weight)
   local finput = S.buf(self, 'finput', input)
   finput:resize(self.nInputPlane * self.kT * self.kH * self.kW, n * oT * oH * oW)
   S.resize_out(self.output, batch, n, self.nOutputPlane, oT, oH, oW)
   local np = S.np
   S.K.vconv_forward(np(input), np(self.weight), self.bias and np(self.bias) or nil,
      np(self.output), np(finput), batch, vgeom(self))
   return self.output
end

function S.vconv_updateGradInput(self, input, gradOutput)
   if not self.gradInput then return end
   local batch = vconv_geometry(self, input)
   S.check_gradOutput(self, gradOutput, self.output)
   self.gradInput:resizeAs(input)
   S.K.vconv_backward_input(S.np(self.weight), S.np(gradOutput), S.np(self.gradInput), batch, vgeom(self))
   return self.gradInput
end

function S.vconv_accGradParameters(self, input, gradOutput, scale)
   local batch, n, oT, oH, oW = vconv_geometry(self, input)
   S.check_gradOutput(self, gradOutput, self.output)
   local f = self.finput
   local cols
   if f and torch.isTensor(f) and f:type() == input:type() and f:dim() == 2
      and f:size(2) == n * oT * oH * oW and f:size(1) == self.nInputPlane * self.kT * self.kH * self.kW then
      cols = S.np(f)
   else
      cols = S.np(input.new())
   end
   local np = S.np
   S.K.vconv_backward_params(np(input), np(gradOutput), np(self.gradWeight),
      self.gradBias and np(self.gradBias) or nil, cols, scale or 1, batch, vgeom(self))
end

function S.vconv_tostring(self)
   local s = string.format('%s(%d -> %d, %dx%dx%d', torch.type(self), self.nInputPlane,
      self.nOutputPlane, self.kT, self.kW, self.kH)
   if self.dT ~= 1 or self.dW ~= 1 or self.dH ~= 1 or self.padT ~= 0 or self.padW ~= 0 or self.padH ~= 0 then
      s = s .. string.format(', %d,%d,%d', self.dT, self.dW, self.dH)
   end
   if (self.padT or self.padW or self.padH) and (self.padT ~= 0 or self.padW ~= 0 or self.padH ~= 0) then
      s = s .. ', ' .. self.padT .. ',' .. self.padW .. ',' .. self.padH
   end
   return s
end

-- 3-D pooling geometry: returns batch, n, nPlanes, oT, oH, oW
function S.vpool_geometry(self, input)
   local batch = S.check_input(self, input, 3)
   local kT, kW, kH, dT, dW, dH, padT, padW, padH, dlT, dlW, dlH = vgeom(self)
   if padT > kT / 2 or padW > kW / 2 or padH > kH / 2 then
      S.fail(self, 'pad should be smaller than half of kernel size, but got padT = %d, padW = %d, padH = %d, kT = %d, kW = %d, kH = %d',
         padT, padW, padH, kT, kW, kH)
   end
   local d = input:dim()
   local nP, iT, iH, iW = input:size(d - 3), input:size(d - 2), input:size(d - 1), input:size(d)
   local oT = S.pool_size(iT, kT, dT, padT, dlT, self.ceil_mode)
   local oH = S.pool_size(iH, kH, dH, padH, dlH, self.ceil_mode)
   local oW = S.pool_size(iW, kW, dW, padW, dlW, self.ceil_mode)
   if oT < 1 or oH < 1 or oW < 1 then
      S.fail(self, 'Given input size: (%dx%dx%dx%d). Calculated output size: (%dx%dx%dx%d). Output size is too small',
         nP, iT, iH, iW, nP, oT, oH, oW)
   end
   return batch, batch and input:size(1) or 1, nP, oT, oH, oW
end

-- the fields every 3-D pooling sets first (stride defaults to the kernel size, floor mode)
function S.vpool_init(self, kT, kW, kH, dT, dW, dH, padT, padW, padH)
   self.kT, self.kW, self.kH = kT, kW, kH
   self.dT, self.dW, self.dH = dT or kT, dW or kW, dH or kH
   self.padT, self.padW, self.padH = padT or 0, padW or 0, padH or 0
   self.ceil_mode = false
end

function S.vpool_tostring(self)
   local s = string.format('%s(%dx%dx%d, %d,%d,%d', torch.type(self), self.kT, self.kW, self.kH,
      self.dT, self.dW, self.dH)
   if (self.padT or self.padW or self.padH) and (self.padT ~= 0 or self.padW ~= 0 or self.padH ~= 0) then
      s = s .. ', ' .. self.padT .. ',' .. self.padW .. ',' .. self.padH
   end
   return s
end

function S.vmaxpool_updateOutput(self, input)
   local batch, n, nP, oT, oH, oW = S.vpool_geometry(self, input)
   local d = input:dim()
   self.itime, self.iheight, self.iwidth = input:size(d - 2), input:size(d - 1), input:size(d)
   local idx = S.buf(self, 'indices', input, 'torch.LongTensor')
   S.resize_out(self.output, batch, n, nP, oT, oH, oW)
   S.resize_out(idx, batch, n, nP, oT, oH, oW)
   local kT, kW, kH, dT, dW, dH, padT, padW, padH, dlT, dlW, dlH = vgeom(self)
   S.K.vmax_forward(S.np(input), S.np(self.output), S.np(idx), batch, kT, kW, kH, dT, dW, dH,
      padT, padW, padH, dlT, dlW, dlH, self.ceil_mode or false)
   return self.output
end

function S.vmaxpool_updateGradInput(self, input, gradOutput)
   S.check_input(self, input, 3)
   S.check_gradOutput(self, gradOutput, self.output)
   self.gradInput:resizeAs(input)
   S.K.max_pool_backward(S.np(gradOutput), S.np(self.indices), S.np(self.gradInput), input:dim() == 5, true)
   return self.gradInput
end

return S
