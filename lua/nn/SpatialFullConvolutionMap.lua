-- nn.SpatialFullConvolutionMap(connTable, kW, kH, dW, dH): transposed convolution
-- where row k = {i, o} of the connection table spreads input plane i with weight[k]
-- into output plane o; output (iH - 1) * dH + kH (and W alike).
local S = require 'nn._spatial'
local M, parent = torch.class('nn.SpatialFullConvolutionMap', 'nn.Module')

function M:__init(conMatrix, kW, kH, dW, dH)
   parent.__init(self)
   self.kW, self.kH = kW, kH
   self.dW, self.dH = dW or 1, dH or 1
   self.connTable = conMatrix
   self.nInputPlane = self.connTable:select(2, 1):max()
   self.nOutputPlane = self.connTable:select(2, 2):max()
   self.weight = torch.Tensor(self.connTable:size(1), kH, kW)
   self.gradWeight = torch.Tensor(self.connTable:size(1), kH, kW)
   self.bias = torch.Tensor(self.nOutputPlane)
   self.gradBias = torch.Tensor(self.nOutputPlane)
   self:reset()
end

function M:reset(stdv)
   if stdv then
      stdv = stdv * math.sqrt(3)
      self.weight:uniform(-stdv, stdv)
      self.bias:uniform(-stdv, stdv)
   else
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
   local oH = (input:size(d - 1) - 1) * self.dH + self.kH
   local oW = (input:size(d) - 1) * self.dW + self.kW
   return batch, batch and input:size(1) or 1, oH, oW
end

function M:updateOutput(input)
   local batch, n, oH, oW = geometry(self, input)
   S.sametype(self, input, self.weight)
   S.resize_out(self.output, batch, n, self.nOutputPlane, oH, oW)
   local np = S.np
   S.K.fullmap_forward(np(input), np(self.weight), np(self.bias), np(self.connTable), np(self.output),
      batch, self.nInputPlane, self.nOutputPlane, self.dW, self.dH)
   return self.output
end

function M:updateGradInput(input, gradOutput)
   if not self.gradInput then return end
   local batch = geometry(self, input)
   S.check_gradOutput(self, gradOutput, self.output)
   self.gradInput:resizeAs(input)
   local np = S.np
   S.K.fullmap_backward_input(np(self.weight), np(self.connTable), np(gradOutput), np(self.gradInput),
      batch, self.nInputPlane, self.nOutputPlane, self.dW, self.dH)
   return self.gradInput
end

function M:accGradParameters(input, gradOutput, scale)
   local batch = geometry(self, input)
   S.check_gradOutput(self, gradOutput, self.output)
   local np = S.np
   S.K.fullmap_backward_params(np(input), np(gradOutput), np(self.gradWeight), np(self.gradBias),
      np(self.connTable), scale or 1, batch, self.nInputPlane, self.nOutputPlane, self.dW, self.dH)
end
