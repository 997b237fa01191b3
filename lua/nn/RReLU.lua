-- nn.RReLU(l = 1/8, u = 1/3[, inplace]): randomized leaky ReLU. In training each
-- non-positive element gets a slope drawn from U(l, u) (drawn in element order, as
-- THNN does); in evaluation the slope is (l + u) / 2.
local P = require 'nn._pointwise'
local RReLU, parent = torch.class('nn.RReLU', 'nn.Module')

function RReLU:__init(l, u, ip)
   parent.__init(self)
   self.lower = l or 1 / 8
   self.upper = u or 1 / 3
   assert(self.lower <= self.upper and self.lower >= 0 and self.upper >= 0,
      'nn.RReLU: expected 0 <= lower <= upper')
   self.noise = torch.Tensor()
   self.train = true
   self.inplace = ip or false
end

function RReLU:updateOutput(input)
   P.check(self, input)
   if self.train then
      local neg = input:le(0)
      local k = neg:sum()
      self.noise:resizeAs(input):fill(1)
      if k > 0 then
         local r = input.new(k):uniform(self.lower, self.upper)
         self.noise:maskedCopy(neg, r)
      end
      if self.inplace then
         input:cmul(self.noise)
         self.output:set(input)
      else
         self.output:resizeAs(input):copy(input):cmul(self.noise)
      end
   else
      local slope = (self.lower + self.upper) / 2
      P.forward(self, 'leakyrelu', input, slope, 0, self.inplace)
   end
   return self.output
end

function RReLU:updateGradInput(input, gradOutput)
   P.check(self, input, gradOutput)
   if self.train and self.upper - self.lower > 1e-6 then
      if self.inplace then
         gradOutput:cmul(self.noise)
         self.gradInput:set(gradOutput)
      else
         self.gradInput:resizeAs(input):copy(gradOutput):cmul(self.noise)
      end
   else
      local slope = (self.lower + self.upper) / 2
      if self.inplace then
         -- input holds the output here: its sign is the input's
         P.backward(self, 'leakyrelu', input, gradOutput, slope, 0, true)
      else
         P.backward(self, 'leakyrelu', input, gradOutput, slope, 0, false)
      end
   end
   return self.gradInput
end

function RReLU:__tostring__()
   return string.format('%s (l:%f, u:%f)', torch.type(self), self.lower, self.upper)
end

function RReLU:clearState()
   if self.noise then self.noise:set() end
   return parent.clearState(self)
end

return RReLU
