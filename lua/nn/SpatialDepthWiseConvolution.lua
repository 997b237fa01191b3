-- nn.SpatialDepthWiseConvolution: each input plane convolved with its own
-- nOutputPlane kernels (weight nOutputPlane x nInputPlane x kH x kW, bias
-- nOutputPlane x nInputPlane) -> nInputPlane*nOutputPlane planes, plane
-- (i-1)*nOutputPlane + o from input plane i and weight[o][i].
local S = require 'nn._spatial'
local M, parent = torch.class('nn.SpatialDepthWiseConvolution', 'nn.Module')

function M:__init(nInputPlane, nOutputPlane, kW, kH, dW, dH, padW, padH)
   parent.__init(self)
   self.nInputPlane = nInputPlane
   self.nOutputPlane = nOutputPlane
   self.kW = kW
   self.kH = kH
   self.dW = dW or 1
   self.dH = dH or 1
   self.padW = padW or 0
   self.padH = padH or self.padW
   self.weight = torch.Tensor(nOutputPlane, nInputPlane, kH, kW)
   self.bias = torch.Tensor(nOutputPlane, nInputPlane)
   self.gradWeight = torch.Tensor(nOutputPlane, nInputPlane, kH, kW)
   self.gradBias = torch.Tensor(nOutputPlane, nInputPlane)
   self:reset()
end

function M:noBias() return S.noBias(self) end

function M:reset(stdv)
   S.conv_reset(self, stdv, self.kW, self.kH, self.nInputPlane)
end

local function geometry(self, input)
   local batch = S.check_input(self, input, 2, self.nInputPlane)
   local d = input:dim()
   local iH, iW = input:size(d - 1), input:size(d)
   local oH = math.floor((iH + 2 * self.padH - self.kH) / self.dH) + 1
   local oW = math.floor((iW + 2 * self.padW - self.kW) / self.dW) + 1
   if oH < 1 or oW < 1 then
      S.fail(self, 'Given input size: (%dx%dx%d). Calculated output size: (%dx%dx%d). Output size is too small',
         self.nInputPlane, iH, iW, self.nInputPlane * self.nOutputPlane, oH, oW)
   end
   return batch, batch and input:size(1) or 1, oH, oW
end

function M:updateOutput(input)
   local batch, n, oH, oW = geometry(self, input)
   S.sametype(self, input, self.weight)
   S.resize_out(self.output, batch, n, self.nInputPlane * self.nOutputPlane, oH, oW)
   local np = S.np
   S.K.dw_conv_forward(np(input), np(self.weight), self.bias and np(self.bias) or nil,
      np(self.output), batch, self.dW, self.dH, self.padW, self.padH)
   return self.output
end

function M:updateGradInput(input, gradOutput)
   if not self.gradInput then return end
   local batch = geometry(self, input)
   S.check_gradOutput(self, gradOutput, self.output)
   self.gradInput:resizeAs(input)
   S.K.dw_conv_backward_input(S.np(self.weight), S.np(gradOutput), S.np(self.gradInput), batch,
      self.dW, self.dH, self.padW, self.padH)
   return self.gradInput
end

function M:accGradParameters(input, gradOutput, scale)
   local batch = geometry(self, input)
   S.check_gradOutput(self, gradOutput, self.output)
   local np = S.np
   S.K.dw_conv_backward_params(np(input), np(gradOutput), np(self.gradWeight),
      self.gradBias and np(self.gradBias) or nil, scale or 1, batch,
      self.dW, self.dH, self.padW, self.padH)
end

function M:__tostring__()
   return S.conv_tostring(self) .. ')'
end
