-- nn.SpatialDepthWiseConvolution(nInputPlane, depthwiseMultiplier, kW, kH, dW, dH, padW, padH)
-- (torch7's version 2): each input plane convolved with its own depthwiseMultiplier kernels ->
-- nOutputPlane = nInputPlane*depthwiseMultiplier planes, plane (i-1)*depthwiseMultiplier + o
-- from input plane i and kernel (o, i). weight depthwiseMultiplier x (nInputPlane*kH*kW), bias
-- depthwiseMultiplier x nInputPlane; files of version 1 (nOutputPlane = the multiplier, weight
-- multiplier x nInputPlane x kH x kW) are converted by read().
local S = require 'nn._spatial'
local M, parent = torch.class('nn.SpatialDepthWiseConvolution', 'nn.Module')

M.__version = 2

function M:__init(nInputPlane, depthwiseMultiplier, kW, kH, dW, dH, padW, padH)
   parent.__init(self)
   S.conv2d_init(self, nInputPlane, nInputPlane * depthwiseMultiplier, kW, kH, dW, dH, padW, padH)
   self.depthwiseMultiplier = depthwiseMultiplier
   self.weight = torch.Tensor(depthwiseMultiplier, nInputPlane * kH * kW)
   self.bias = torch.Tensor(depthwiseMultiplier, nInputPlane)
   self.gradWeight = torch.Tensor(depthwiseMultiplier, nInputPlane * kH * kW)
   self.gradBias = torch.Tensor(depthwiseMultiplier, nInputPlane)
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
         self.nInputPlane, iH, iW, self.nOutputPlane, oH, oW)
   end
   return batch, batch and input:size(1) or 1, oH, oW
end

-- the kernels see weight and gradWeight as multiplier x nInputPlane x kH x kW
local function kernels(self, t)
   return S.np(t:view(self.depthwiseMultiplier, self.nInputPlane, self.kH, self.kW))
end

local function opt(t) return t and S.np(t) or nil end

function M:updateOutput(input)
   local batch, n, oH, oW = geometry(self, input)
   S.sametype(self, input, self.weight)
   S.resize_out(self.output, batch, n, self.nOutputPlane, oH, oW)
   S.K.dw_conv_forward(S.np(input), kernels(self, self.weight), opt(self.bias), S.np(self.output), batch,
      self.dW, self.dH, self.padW, self.padH)
   return self.output
end

function M:updateGradInput(input, gradOutput)
   if not self.gradInput then return end
   local batch = geometry(self, input)
   S.check_gradOutput(self, gradOutput, self.output)
   self.gradInput:resizeAs(input)
   S.K.dw_conv_backward_input(kernels(self, self.weight), S.np(gradOutput), S.np(self.gradInput), batch,
      self.dW, self.dH, self.padW, self.padH)
   return self.gradInput
end

function M:accGradParameters(input, gradOutput, scale)
   local batch = geometry(self, input)
   S.check_gradOutput(self, gradOutput, self.output)
   S.K.dw_conv_backward_params(S.np(input), S.np(gradOutput), kernels(self, self.gradWeight),
      opt(self.gradBias), scale or 1, batch, self.dW, self.dH, self.padW, self.padH)
end

function M:read(file, version)
   parent.read(self, file)
   if version < 2 then
      self.depthwiseMultiplier = self.nOutputPlane
      self.nOutputPlane = self.depthwiseMultiplier * self.nInputPlane
   end
end

function M:__tostring__()
   local s = string.format('%s(%d -> %d, %dx%d', torch.type(self),
      self.nInputPlane, self.depthwiseMultiplier, self.kW, self.kH)
   if self.dW ~= 1 or self.dH ~= 1 or self.padW ~= 0 or self.padH ~= 0 then
      s = s .. string.format(', %d,%d', self.dW, self.dH)
   end
   if (self.padW or self.padH) and (self.padW ~= 0 or self.padH ~= 0) then
      s = s .. ', ' .. self.padW .. ',' .. self.padH
   end
   return s .. S.conv_close(self)
end
