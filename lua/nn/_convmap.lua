-- Shared body of nn.SpatialConvolutionMap and nn.SpatialFullConvolutionMap (not a class):
-- connection-table convolutions, where row k = {i, o} of connTable links input plane i to output
-- plane o through weight[k]. define(cls, outsize, kern) adds reset and the three nn methods to
-- cls; outsize(self, iH, iW) returns oH, oW (raising when too small), and kern names the
-- luann/nn_spatial.py kernels (kern .. '_forward', '_backward_input', '_backward_params').
local S = require 'nn._spatial'

return function(cls, outsize, kern)
   local fwd, bwd_input, bwd_params = kern .. '_forward', kern .. '_backward_input', kern .. '_backward_params'

   function cls:reset(stdv)
      if stdv then
         stdv = stdv * math.sqrt(3)
         self.weight:uniform(-stdv, stdv)
         self.bias:uniform(-stdv, stdv)
      else
         -- fan-in of every output plane
         local ninp = torch.Tensor(self.nOutputPlane):zero()
         for i = 1, self.connTable:size(1) do
            local o = self.connTable[i][2]
            ninp[o] = ninp[o] + 1
         end
         for k = 1, self.connTable:size(1) do
            stdv = 1 / math.sqrt(self.kW * self.kH * ninp[self.connTable[k][2]])
            self.weight:select(1, k):uniform(-stdv, stdv)
         end
         for k = 1, self.bias:size(1) do
            stdv = 1 / math.sqrt(self.kW * self.kH * ninp[k])
            self.bias[k] = torch.uniform(-stdv, stdv)
         end
      end
   end

   local function geometry(self, input)
      local batch = S.check_input(self, input, 2, self.nInputPlane)
      local d = input:dim()
      local oH, oW = outsize(self, input:size(d - 1), input:size(d))
      return batch, batch and input:size(1) or 1, oH, oW
   end

   function cls:updateOutput(input)
      local batch, n, oH, oW = geometry(self, input)
      S.sametype(self, input, self.weight)
      S.resize_out(self.output, batch, n, self.nOutputPlane, oH, oW)
      local np = S.np
      S.K[fwd](np(input), np(self.weight), np(self.bias), np(self.connTable), np(self.output),
         batch, self.nInputPlane, self.nOutputPlane, self.dW, self.dH)
      return self.output
   end

   function cls:updateGradInput(input, gradOutput)
      if not self.gradInput then return end
      local batch = geometry(self, input)
      S.check_gradOutput(self, gradOutput, self.output)
      self.gradInput:resizeAs(input)
      local np = S.np
      S.K[bwd_input](np(self.weight), np(self.connTable), np(gradOutput), np(self.gradInput),
         batch, self.nInputPlane, self.nOutputPlane, self.dW, self.dH)
      return self.gradInput
   end

   function cls:accGradParameters(input, gradOutput, scale)
      local batch = geometry(self, input)
      S.check_gradOutput(self, gradOutput, self.output)
      local np = S.np
      S.K[bwd_params](np(input), np(gradOutput), np(self.gradWeight), np(self.gradBias),
         np(self.connTable), scale or 1, batch, self.nInputPlane, self.nOutputPlane, self.dW, self.dH)
   end
end
