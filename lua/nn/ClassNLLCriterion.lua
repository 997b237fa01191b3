-- nn.ClassNLLCriterion(weights, sizeAverage, ignoreIndex): negative log-likelihood on
-- log-probabilities; 1-D input + number target, or 2-D input + 1-D target (1-based classes).
local ClassNLLCriterion, parent = torch.class('nn.ClassNLLCriterion', 'nn.Criterion')
local H = require 'nn._helpers'
local K, np = H.KC, H.np
local C = torch._C
local ffi = require 'ffi'
local LONG = 'Long'
-- contiguous, non-empty tensor of the given element type?
local function plain(t, tyname)
   return C.istensor(t) and C.tensorty(t).name == tyname and t._st ~= nil and C.is_contiguous(t)
      and C.nelement(t) > 0
end
local ptr = C.ptr

function ClassNLLCriterion:__init(weights, sizeAverage, ignoreIndex)
   parent.__init(self)
   self.sizeAverage = (sizeAverage == nil) and true or sizeAverage
   self.ignoreIndex = ignoreIndex or -100
   if weights then
      assert(torch.isTensor(weights) and weights:dim() == 1, "weights input should be 1-D Tensor")
      self.weights = weights
   end
   self.output_tensor = torch.zeros(1)
   self.total_weight_tensor = torch.ones(1)
   self.target = torch.zeros(1):long()
end

function ClassNLLCriterion:__len()
   return self.weights and #self.weights or 0
end

local function check(self, input, target)
   H.tensor(self, input)
   if type(target) == 'number' then
      self.target:resize(1)
      self.target[1] = target
      target = self.target
   elseif not torch.isTensor(target) then
      H.err(self, 'target should be a number or a Tensor (got %s)', torch.type(target))
   else
      -- as torch7: the module keeps the target as a LongTensor (target:long(), the target itself
      -- when it is one), so a Byte/Double target also takes the Long loops below
      self.target = target:long()
      target = self.target
   end
   local nd = input:dim()
   if nd ~= 1 and nd ~= 2 then
      H.err(self, 'input tensor should be 1D or 2D (got %s)', H.size(input))
   end
   if target:dim() > 1 then
      H.err(self, 'multi-target not supported (target is %s)', H.size(target))
   end
   local nbatch = nd == 1 and 1 or input:size(1)
   if target:nElement() ~= nbatch then
      H.err(self, 'input and target size mismatch: input is %s, target is %s', H.size(input), H.size(target))
   end
   local ncls = input:size(nd)
   if self.weights and self.weights:nElement() ~= ncls then
      H.err(self, 'weights has %d elements but input has %d classes', self.weights:nElement(), ncls)
   end
   local bad
   if plain(target, LONG) then
      -- the first target outside 1..ncls that is not ignoreIndex (luann.kernels.nn_criterion.classnll_check)
      local tp, ig = ptr(target), self.ignoreIndex
      for i = 0, C.nelement(target) - 1 do
         local v = tonumber(tp[i])
         if (v < 1 or v > ncls) and v ~= ig then bad = v; break end
      end
   else
      bad = K.classnll_check(np(target), ncls, self.ignoreIndex)
   end
   if bad then
      H.err(self, 'target %d is out of range: classes are 1 to %d (input is %s)', bad, ncls, H.size(input))
   end
   return target
end

-- THNN's loop: loss and total weight accumulated in the input's own type (`real`), target by target,
-- then divided; float rounding is reproduced by storing each partial result into a float.
local FBOX = ffi.new('float[1]')
local function loss_loop(self, input, target)
   local w = self.weights
   local ty = C.tensorty(input)
   if not (ty.float and plain(target, LONG) and input._st ~= nil and C.is_contiguous(input)
           and (w == nil or (C.tensorty(w) == ty and w._st ~= nil and C.is_contiguous(w)))) then
      return nil
   end
   local single = ty.size == 4
   local ncls = input._sz[input._nd - 1]
   local ip, tp, wp, ig = ptr(input), ptr(target), w and ptr(w), self.ignoreIndex
   local out, total = 0.0, 0.0
   for r = 0, C.nelement(target) - 1 do
      local v = tonumber(tp[r])
      if v ~= ig then
         local cw = wp and wp[v - 1] or 1.0
         local p = ip[r * ncls + v - 1] * cw
         if single then   -- each float operation rounded (exact products/sums in double, then to float)
            FBOX[0] = p; p = FBOX[0]
            FBOX[0] = total + cw; total = FBOX[0]
            FBOX[0] = out - p; out = FBOX[0]
         else
            total, out = total + cw, out - p
         end
      end
   end
   if self.sizeAverage and total ~= 0 then out = out / total end
   return out, total
end

function ClassNLLCriterion:updateOutput(input, target)
   target = check(self, input, target)
   local out, total = loss_loop(self, input, target)
   if out == nil then
      out, total = K.classnll_out(np(input), np(target), self.weights and np(self.weights) or nil,
                                  self.sizeAverage, self.ignoreIndex)
   end
   self.output_tensor[1] = out
   self.total_weight_tensor[1] = total
   self.output = self.output_tensor[1]   -- as torch7: the value its output tensor holds
   return self.output
end

function ClassNLLCriterion:updateGradInput(input, target)
   target = check(self, input, target)
   local gi = self.gradInput
   gi:resizeAs(input)
   if self.weights == nil and type(self.sizeAverage) == 'boolean' and (input._nd == 1 or input._nd == 2)
      and plain(target, LONG) and gi._st ~= nil
      and C.is_contiguous(gi) and C.tensorty(gi).float then
      -- no weights: every kept target gets -1/total (-1 without sizeAverage), as classnll_grad writes it
      ffi.fill(ptr(gi), C.nelement(gi) * C.tensorty(gi).size, 0)
      local total = self.total_weight_tensor[1]
      if total <= 0 then return gi end
      local g = self.sizeAverage and -1.0 / total or -1.0
      local ncls = input._sz[input._nd - 1]
      local tp, gp, ig = ptr(target), ptr(gi), self.ignoreIndex
      for r = 0, C.nelement(target) - 1 do
         local v = tonumber(tp[r])
         if v ~= ig then gp[r * ncls + v - 1] = g end
      end
      return gi
   end
   gi:zero()
   K.classnll_grad(np(input), np(target), self.weights and np(self.weights) or nil, self.sizeAverage,
                   self.ignoreIndex, self.total_weight_tensor[1], np(self.gradInput))
   return self.gradInput
end

return nn.ClassNLLCriterion
