-- nn.VolumetricAveragePooling(kT, kW, kH, dT, dW, dH, padT, padW, padH): 3-D mean
-- pooling (ceil mode and count_include_pad as SpatialAveragePooling).
local S = require 'nn._spatial'
local M, parent = torch.class('nn.VolumetricAveragePooling', 'nn.Module')

function M:__init(kT, kW, kH, dT, dW, dH, padT, padW, padH)
   parent.__init(self)
   S.vpool_init(self, kT, kW, kH, dT, dW, dH, padT, padW, padH)
   self.count_include_pad = true
end

M.ceil = S.pool_ceil
M.floor = S.pool_floor

function M:setCountIncludePad()
   self.count_include_pad = true
   return self
end

function M:setCountExcludePad()
   self.count_include_pad = false
   return self
end

function M:updateOutput(input)
   local batch, n, nP, oT, oH, oW = S.vpool_geometry(self, input)
   S.resize_out(self.output, batch, n, nP, oT, oH, oW)
   S.K.vavg_forward(S.np(input), S.np(self.output), batch, self.kT, self.kW, self.kH, self.dT, self.dW,
      self.dH, self.padT, self.padW, self.padH, self.ceil_mode, self.count_include_pad)
   return self.output
end

function M:updateGradInput(input, gradOutput)
   local batch = S.vpool_geometry(self, input)
   S.check_gradOutput(self, gradOutput, self.output)
   self.gradInput:resizeAs(input)
   S.K.vavg_backward(S.np(gradOutput), S.np(self.gradInput), batch, self.kT, self.kW, self.kH, self.dT,
      self.dW, self.dH, self.padT, self.padW, self.padH, self.ceil_mode, self.count_include_pad)
   return self.gradInput
end

function M:__tostring__()
   return S.vpool_tostring(self) .. ')'
end
