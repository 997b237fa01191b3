-- nn.SpatialSubSampling: per plane, bias[c] + weight[c] * (sum over each kW x kH window).
local S = require 'nn._spatial'
local M, parent = torch.class('nn.SpatialSubSampling', 'nn.Module')

function M:__init(nInputPlane, kW, kH, dW, dH)
   parent.__init(self)
   self.nInputPlane = nInputPlane
   self.kW = kW
   self.kH = kH
   self.dW = dW or 1
   self.dH = dH or 1
   self.weight = torch.Tensor(nInputPlane)
   self.bias = torch.Tensor(nInputPlane)
   self.gradWeight = torch.Tensor(nInputPlane)
   self.gradBias = torch.Tensor(nInputPlane)
   self:reset()
end

function M:reset(stdv)
   if stdv then
      stdv = stdv * math.sqrt(3)
   else
      stdv = 1 / math.sqrt(self.kW * self.kH)
   end
   self.weight:uniform(-stdv, stdv)
   self.bias:uniform(-stdv, stdv)
end

local function geometry(self, input)
   local batch = S.check_input(self, input, 2, self.nInputPlane)
   local d = input:dim()
   local iH, iW = input:size(d - 1), input:size(d)
   if iW < self.kW or iH < self.kH then
      S.fail(self, 'input image smaller than kernel size (input %s, kernel %dx%d)', S.sz(input), self.kW, self.kH)
   end
   local oH = math.floor((iH - self.kH) / self.dH) + 1
   local oW = math.floor((iW - self.kW) / self.dW) + 1
   return batch, batch and input:size(1) or 1, oH, oW
end

function M:updateOutput(input)
   local batch, n, oH, oW = geometry(self, input)
   S.sametype(self, input, self.weight)
   S.resize_out(self.output, batch, n, self.nInputPlane, oH, oW)
   local np = S.np
   S.K.subsampling_forward(np(input), np(self.weight), np(self.bias), np(self.output), batch,
      self.kW, self.kH, self.dW, self.dH)
   return self.output
end

function M:updateGradInput(input, gradOutput)
   if not self.gradInput then return end
   local batch = geometry(self, input)
   S.check_gradOutput(self, gradOutput, self.output)
   self.gradInput:resizeAs(input)
   S.K.subsampling_backward_input(S.np(self.weight), S.np(gradOutput), S.np(self.gradInput), batch,
      self.kW, self.kH, self.dW, self.dH)
   return self.gradInput
end

function M:accGradParameters(input, gradOutput, scale)
   local batch = geometry(self, input)
   S.check_gradOutput(self, gradOutput, self.output)
   local np = S.np
   S.K.subsampling_backward_params(np(input), np(gradOutput), np(self.gradWeight), np(self.gradBias),
      scale or 1, batch, self.kW, self.kH, self.dW, self.dH)
end
