-- Shared plumbing of nn.Cosine, nn.Euclidean and nn.WeightedEuclidean (not a class): layers that
-- compare the input (a vector or a batch of them) with learned templates, the columns or rows of
-- self.weight.
local H = require 'nn._helpers'
local D = {}

-- weight uniform in +-stdv*sqrt(3), by default +-1/sqrt(weight:size(1))
function D.reset(self, stdv)
   if stdv then
      stdv = stdv * math.sqrt(3)
   else
      stdv = 1. / math.sqrt(self.weight:size(1))
   end
   self.weight:uniform(-stdv, stdv)
end

-- input: a vector of n elements or a batch of them (errors at the caller of the module method)
function D.check(self, input, n)
   H.tensor(self, input)
   if not ((input:dim() == 1 or input:dim() == 2) and input:size(input:dim()) == n) then
      H.err(self, 'input should be a vector of %d elements or a batch of them (got %s)', n, H.size(input))
   end
end

-- Parameter gradients from the last updateGradInput: torch7 computes them from the buffers of
-- forward/updateGradInput, which matters when shared modules are updated one after the other.
-- grads lists {gradient field, buffer field} pairs ({'gradWeight', '_gradWeightBuf'}, ...);
-- fill(self, input, gradOutput, buf...) adds the gradients (scale 1) into the zeroed buffers.
-- Defines cls:accGradParameters and cls:clearState, and returns record(self, input, gradOutput)
-- for updateGradInput to call once gradInput is computed.
function D.buffered_grads(cls, parent, grads, fill)
   local bufnames = {}
   for i, g in ipairs(grads) do bufnames[i] = g[2] end

   local function compute(self, input, gradOutput)
      local bufs = {}
      for i, g in ipairs(grads) do
         self[g[2]] = self[g[2]] or self[g[1]].new()
         bufs[i] = self[g[2]]
      end
      for i, g in ipairs(grads) do
         bufs[i]:resizeAs(self[g[1]]):zero()
      end
      fill(self, input, gradOutput, unpack(bufs))
   end

   function cls:accGradParameters(input, gradOutput, scale)
      if not self[bufnames[1]] or self._gradFor ~= gradOutput then compute(self, input, gradOutput) end
      self._gradFor = nil
      for _, g in ipairs(grads) do
         self[g[1]]:add(scale or 1, self[g[2]])
      end
   end

   function cls:clearState()
      nn.utils.clear(self, unpack(bufnames))
      self._gradFor = nil
      return parent.clearState(self)
   end

   return function(self, input, gradOutput)
      compute(self, input, gradOutput)
      self._gradFor = gradOutput
   end
end

return D
