-- nn.SpatialConvolutionMap(connTable, kW, kH, dW, dH): 2-D convolution where row
-- k = {i, o} of the connection table (see nn.tables) adds input plane i
-- correlated with weight[k] to output plane o.
local S = require 'nn._spatial'
local M, parent = torch.class('nn.SpatialConvolutionMap', 'nn.Module')

function M:__init(conMatrix, kW, kH, dW, dH)
   parent.__init(self)
   self.kW = kW
   self.kH = kH
   self.dW = dW or 1
   self.dH = dH or 1
   self.connTable = conMatrix
   self.nInputPlane = self.connTable:select(2, 1):max()
   self.nOutputPlane = self.connTable:select(2, 2):max()
   self.weight = torch.Tensor(self.connTable:size(1), kH, kW)
   self.bias = torch.Tensor(self.nOutputPlane)
   self.gradWeight = torch.Tensor(self.connTable:size(1), kH, kW)
   self.gradBias = torch.Tensor(self.nOutputPlane)
   self:reset()
end

function M:reset(stdv)
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
   local iH, iW = input:size(d - 1), input:size(d)
   local oH = math.floor((iH - self.kH) / self.dH) + 1
   local oW = math.floor((iW - self.kW) / self.dW) + 1
   if oH < 1 or oW < 1 then
      S.fail(self, 'Given input size: (%dx%dx%d). Calculated output size: (%dx%dx%d). Output size is too small',
         self.nInputPlane, iH, iW, self.nOutputPlane, oH, oW)
   end
   return batch, batch and input:size(1) or 1, oH, oW
end

function M:updateOutput(input)
   local batch, n, oH, oW = geometry(self, input)
   S.sametype(self, input, self.weight)
   S.resize_out(self.output, batch, n, self.nOutputPlane, oH, oW)
   local np = S.np
   S.K.convmap_forward(np(input), np(self.weight), np(self.bias), np(self.connTable), np(self.output),
      batch, self.nInputPlane, self.nOutputPlane, self.dW, self.dH)
   return self.output
end

function M:updateGradInput(input, gradOutput)
   if not self.gradInput then return end
   local batch = geometry(self, input)
   S.check_gradOutput(self, gradOutput, self.output)
   self.gradInput:resizeAs(input)
   local np = S.np
   S.K.convmap_backward_input(np(self.weight), np(self.connTable), np(gradOutput), np(self.gradInput),
      batch, self.nInputPlane, self.nOutputPlane, self.dW, self.dH)
   return self.gradInput
end

function M:accGradParameters(input, gradOutput, scale)
   local batch = geometry(self, input)
   S.check_gradOutput(self, gradOutput, self.output)
   local np = S.np
   S.K.convmap_backward_params(np(input), np(gradOutput), np(self.gradWeight), np(self.gradBias),
      np(self.connTable), scale or 1, batch, self.nInputPlane, self.nOutputPlane, self.dW, self.dH)
end
