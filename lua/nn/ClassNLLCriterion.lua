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
local function ptr(t) return t._st._p + t._off end

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

function ClassNLLCriterion:updateOutput(input, target)
   target = check(self, input, target)
   local out, total = K.classnll_out(np(input), np(target), self.weights and np(self.weights) or nil,
                                     self.sizeAverage, self.ignoreIndex)
   self.output_tensor[1] = out
   self.total_weight_tensor[1] = total
   self.output = out
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
