-- nn.SpatialConvolutionLocal(nInputPlane, nOutputPlane, iW, iH, kW, kH, dW, dH, padW, padH):
-- a convolution with untied weights: every output position has its own kernels
-- (weight oH x oW x nOutputPlane x nInputPlane x kH x kW, bias nOutputPlane x oH x oW).
local S = require 'nn._spatial'
local M, parent = torch.class('nn.SpatialConvolutionLocal', 'nn.Module')

function M:__init(nInputPlane, nOutputPlane, iW, iH, kW, kH, dW, dH, padW, padH)
   parent.__init(self)
   self.nInputPlane = nInputPlane
   self.nOutputPlane = nOutputPlane
   self.kW, self.kH = kW, kH
   self.iW, self.iH = iW, iH
   self.dW, self.dH = dW or 1, dH or 1
   self.padW = padW or 0
   self.padH = padH or self.padW
   self.oW = math.floor((self.padW * 2 + iW - self.kW) / self.dW) + 1
   self.oH = math.floor((self.padH * 2 + iH - self.kH) / self.dH) + 1
   assert(1 <= self.oW and 1 <= self.oH, 'illegal configuration: output width or height less than 1')
   self.weight = torch.Tensor(self.oH, self.oW, nOutputPlane, nInputPlane, kH, kW)
   self.bias = torch.Tensor(nOutputPlane, self.oH, self.oW)
   self.gradWeight = torch.Tensor():resizeAs(self.weight)
   self.gradBias = torch.Tensor():resizeAs(self.bias)
   self:reset()
end

function M:reset(stdv)
   if stdv then
      stdv = stdv * math.sqrt(3)
   else
      stdv = 1 / math.sqrt(self.kW * self.kH * self.nInputPlane)
   end
   self.weight:uniform(-stdv, stdv)
   self.bias:uniform(-stdv, stdv)
end

local function geometry(self, input)
   local batch = S.check_input(self, input, 2, self.nInputPlane)
   local d = input:dim()
   if input:size(d - 1) ~= self.iH or input:size(d) ~= self.iW then
      S.fail(self, 'input image size mismatch: expected %dx%dx%d, got %s', self.nInputPlane, self.iH,
         self.iW, S.sz(input))
   end
   return batch, batch and input:size(1) or 1
end

function M:updateOutput(input)
   local batch, n = geometry(self, input)
   S.sametype(self, input, self.weight)
   S.resize_out(self.output, batch, n, self.nOutputPlane, self.oH, self.oW)
   local np = S.np
   S.K.local_forward(np(input), np(self.weight), np(self.bias), np(self.output), batch,
      self.kW, self.kH, self.dW, self.dH, self.padW, self.padH)
   return self.output
end

function M:updateGradInput(input, gradOutput)
   if not self.gradInput then return end
   local batch = geometry(self, input)
   S.check_gradOutput(self, gradOutput, self.output)
   self.gradInput:resizeAs(input)
   S.K.local_backward_input(S.np(self.weight), S.np(gradOutput), S.np(self.gradInput), batch,
      self.kW, self.kH, self.dW, self.dH, self.padW, self.padH)
   return self.gradInput
end

function M:accGradParameters(input, gradOutput, scale)
   local batch = geometry(self, input)
   S.check_gradOutput(self, gradOutput, self.output)
   local np = S.np
   S.K.local_backward_params(np(input), np(gradOutput), np(self.gradWeight), np(self.gradBias),
      scale or 1, batch, self.kW, self.kH, self.dW, self.dH, self.padW, self.padH)
end

function M:__tostring__()
   local s = string.format('%s(%d -> %d, %dx%d, %dx%d', torch.type(self), self.nInputPlane,
      self.nOutputPlane, self.iW, self.iH, self.kW, self.kH)
   if self.dW ~= 1 or self.dH ~= 1 or self.padW ~= 0 or self.padH ~= 0 then
      s = s .. string.format(', %d,%d', self.dW, self.dH)
   end
   if (self.padW or self.padH) and (self.padW ~= 0 or self.padH ~= 0) then
      s = s .. ', ' .. self.padW .. ',' .. self.padH
   end
   return s .. ')'
end
