-- nn.SpatialAveragePooling: mean over kW x kH windows (ceil mode, padding,
-- count_include_pad and divide as torch7).
local S = require 'nn._spatial'
local SpatialAveragePooling, parent = torch.class('nn.SpatialAveragePooling', 'nn.Module')

function SpatialAveragePooling:__init(kW, kH, dW, dH, padW, padH)
   parent.__init(self)
   self.kW = kW
   self.kH = kH
   self.dW = dW or 1
   self.dH = dH or 1
   self.padW = padW or 0
   self.padH = padH or 0
   self.ceil_mode = false
   self.count_include_pad = true
   self.divide = true
end

SpatialAveragePooling.ceil = S.pool_ceil
SpatialAveragePooling.floor = S.pool_floor

function SpatialAveragePooling:setCountIncludePad()
   self.count_include_pad = true
   return self
end

function SpatialAveragePooling:setCountExcludePad()
   self.count_include_pad = false
   return self
end

function SpatialAveragePooling:updateOutput(input)
   local batch, n, nP, oH, oW = S.pool2d_geometry(self, input)
   S.resize_out(self.output, batch, n, nP, oH, oW)
   S.K.avg_pool_forward(S.np(input), S.np(self.output), batch, self.kW, self.kH, self.dW, self.dH,
      self.padW, self.padH, self.ceil_mode, self.count_include_pad, self.divide ~= false)
   return self.output
end

function SpatialAveragePooling:updateGradInput(input, gradOutput)
   if not self.gradInput then return end
   local batch = S.pool2d_geometry(self, input)
   S.check_gradOutput(self, gradOutput, self.output)
   self.gradInput:resizeAs(input)
   S.K.avg_pool_backward(S.np(gradOutput), S.np(self.gradInput), batch, self.kW, self.kH,
      self.dW, self.dH, self.padW, self.padH, self.ceil_mode, self.count_include_pad,
      self.divide ~= false)
   return self.gradInput
end

function SpatialAveragePooling:__tostring__()
   return S.pool2d_tostring(self) .. ')'
end
