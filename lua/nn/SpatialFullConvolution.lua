-- nn.SpatialFullConvolution: transposed ("deconvolution") 2-D convolution,
-- weight nInputPlane x nOutputPlane x kH x kW; output size
-- (iH - 1) * dH - 2 * padH + kH + adjH (and W alike).  The input may also be a
-- table {input, target} whose target's size fixes adjW/adjH.
local S = require 'nn._spatial'
local SpatialFullConvolution, parent = torch.class('nn.SpatialFullConvolution', 'nn.Module')

function SpatialFullConvolution:__init(nInputPlane, nOutputPlane, kW, kH, dW, dH, padW, padH, adjW, adjH)
   parent.__init(self)
   S.conv2d_init(self, nInputPlane, nOutputPlane, kW, kH, dW, dH, padW, padH or 0)
   self.adjW = adjW or 0
   self.adjH = adjH or 0
   if self.adjW > self.dW - 1 or self.adjH > self.dH - 1 then
      error('adjW and adjH must be smaller than self.dW - 1 and self.dH - 1 respectively')
   end
   self.weight = torch.Tensor(nInputPlane, nOutputPlane, kH, kW)
   self.gradWeight = torch.Tensor(nInputPlane, nOutputPlane, kH, kW)
   self.bias = torch.Tensor(self.nOutputPlane)
   self.gradBias = torch.Tensor(self.nOutputPlane)
   self.ones = torch.Tensor()
   self:reset()
end

function SpatialFullConvolution:noBias() return S.noBias(self) end

function SpatialFullConvolution:reset(stdv)
   S.conv_reset(self, stdv, self.kW, self.kH, self.nInputPlane)
end

local function calculateAdj(targetSize, ker, pad, stride)
   return (targetSize + 2 * pad - ker) % stride
end

local function geometry(self, input)
   local inputTensor, adjW, adjH = input, self.adjW, self.adjH
   if type(input) == 'table' then
      inputTensor = input[1]
      local targetTensor = input[2]
      S.tensor(self, targetTensor, 'target')
      local td = targetTensor:dim()
      adjW = calculateAdj(targetTensor:size(td), self.kW, self.padW, self.dW)
      adjH = calculateAdj(targetTensor:size(td - 1), self.kH, self.padH, self.dH)
   end
   local batch = S.check_input(self, inputTensor, 2, self.nInputPlane)
   local d = inputTensor:dim()
   local iH, iW = inputTensor:size(d - 1), inputTensor:size(d)
   local oH = (iH - 1) * self.dH - 2 * self.padH + self.kH + adjH
   local oW = (iW - 1) * self.dW - 2 * self.padW + self.kW + adjW
   if oH < 1 or oW < 1 then
      S.fail(self, 'Given input size: (%dx%dx%d). Calculated output size: (%dx%dx%d). Output size is too small',
         self.nInputPlane, iH, iW, self.nOutputPlane, oH, oW)
   end
   return inputTensor, batch, batch and inputTensor:size(1) or 1, oH, oW, adjW, adjH, iH, iW
end

function SpatialFullConvolution:updateOutput(input)
   local x, batch, n, oH, oW, adjW, adjH, iH, iW = geometry(self, input)
   S.sametype(self, x, self.weight)
   local cols = S.buf(self, 'finput', x)
   cols:resize(self.nOutputPlane * self.kH * self.kW, n * iH * iW)
   S.resize_out(self.output, batch, n, self.nOutputPlane, oH, oW)
   local np = S.np
   S.K.full_conv_forward(np(x), np(self.weight), self.bias and np(self.bias) or nil,
      np(self.output), np(cols), batch, self.kW, self.kH, self.dW, self.dH,
      self.padW, self.padH, adjW, adjH)
   return self.output
end

function SpatialFullConvolution:updateGradInput(input, gradOutput)
   if not self.gradInput then return end
   local x, batch = geometry(self, input)
   S.check_gradOutput(self, gradOutput, self.output)
   local gi = self.gradInput
   if type(input) == 'table' then
      -- {gradInput, zeros of the target's size}
      if type(gi) ~= 'table' then self.gradInput = {x.new(), x.new()}; gi = self.gradInput end
      gi[2]:resizeAs(input[2]):zero()
      gi = gi[1]
   elseif type(gi) == 'table' then
      self.gradInput = x.new(); gi = self.gradInput
   end
   gi:resizeAs(x)
   S.K.full_conv_backward_input(S.np(self.weight), S.np(gradOutput), S.np(gi), batch,
      self.dW, self.dH, self.padW, self.padH)
   return self.gradInput
end

function SpatialFullConvolution:accGradParameters(input, gradOutput, scale)
   local x, batch = geometry(self, input)
   S.check_gradOutput(self, gradOutput, self.output)
   local np = S.np
   S.K.full_conv_backward_params(np(x), np(gradOutput), np(self.gradWeight),
      self.gradBias and np(self.gradBias) or nil, scale or 1, batch,
      self.dW, self.dH, self.padW, self.padH)
end

function SpatialFullConvolution:type(type, tensorCache)
   self.finput = self.finput and torch.Tensor()
   self.fgradInput = self.fgradInput and torch.Tensor()
   return parent.type(self, type, tensorCache)
end

function SpatialFullConvolution:__tostring__()
   local s = S.conv_tostring(self)
   if (self.adjW or self.adjH) and (self.adjW ~= 0 or self.adjH ~= 0) then
      s = s .. ', ' .. self.adjW .. ',' .. self.adjH
   end
   return s .. S.conv_close(self)
end
