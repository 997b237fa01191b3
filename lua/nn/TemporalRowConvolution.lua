-- nn.TemporalRowConvolution(inputFrameSize, kW, dW, featFirst): every feature row
-- convolved over time with its own kernel (weight inputFrameSize x 1 x kW);
-- input nFrames x inputFrameSize (inputFrameSize x nFrames when featFirst), or batches.
local S = require 'nn._spatial'
local M, parent = torch.class('nn.TemporalRowConvolution', 'nn.Module')

function M:__init(inputFrameSize, kW, dW, featFirst)
   parent.__init(self)
   self.inputFrameSize = inputFrameSize
   self.kW = kW
   self.dW = dW or 1
   self.weight = torch.Tensor(inputFrameSize, 1, kW)
   self.bias = torch.Tensor(inputFrameSize)
   self.gradWeight = torch.Tensor(inputFrameSize, 1, kW)
   self.gradBias = torch.Tensor(inputFrameSize)
   self.featFirst = featFirst or false
   self:reset()
end

function M:noBias()
   self.bias = nil
   self.gradBias = nil
   return self
end

function M:reset(stdv)
   S.conv_reset(self, stdv, self.kW, self.inputFrameSize)
end

local function geometry(self, input)
   S.tensor(self, input)
   local d = input:dim()
   if d ~= 2 and d ~= 3 then
      S.fail(self, '2D or 3D (batch mode) tensor expected for input, got %dD tensor of size %s', d, S.sz(input))
   end
   local fdim, tdim = d, d - 1
   if self.featFirst then fdim, tdim = d - 1, d end
   if input:size(fdim) ~= self.inputFrameSize then
      S.fail(self, 'invalid input frame size. Got: %d, Expected: %d', input:size(fdim), self.inputFrameSize)
   end
   local T = input:size(tdim)
   if T < self.kW then
      S.fail(self, 'input sequence smaller than kernel size. Got: %d, Expected: %d', T, self.kW)
   end
   return d == 3, math.floor((T - self.kW) / self.dW) + 1
end

function M:updateOutput(input)
   local batch, oT = geometry(self, input)
   S.sametype(self, input, self.weight)
   local n = batch and input:size(1) or 1
   if self.featFirst then
      S.resize_out(self.output, batch, n, self.inputFrameSize, oT)
   else
      S.resize_out(self.output, batch, n, oT, self.inputFrameSize)
   end
   local np = S.np
   S.K.rowconv_forward(np(input), np(self.weight), self.bias and np(self.bias) or nil, np(self.output),
      batch, self.kW, self.dW, self.featFirst)
   return self.output
end

function M:updateGradInput(input, gradOutput)
   if not self.gradInput then return end
   local batch = geometry(self, input)
   S.check_gradOutput(self, gradOutput, self.output)
   self.gradInput:resizeAs(input)
   S.K.rowconv_backward_input(S.np(self.weight), S.np(gradOutput), S.np(self.gradInput), batch,
      self.kW, self.dW, self.featFirst)
   return self.gradInput
end

function M:accGradParameters(input, gradOutput, scale)
   local batch = geometry(self, input)
   S.check_gradOutput(self, gradOutput, self.output)
   local np = S.np
   S.K.rowconv_backward_params(np(input), np(gradOutput), np(self.gradWeight),
      self.gradBias and np(self.gradBias) or nil, scale or 1, batch, self.kW, self.dW, self.featFirst)
end

function M:__tostring__()
   local s = string.format('%s(%d, %d', torch.type(self), self.inputFrameSize, self.kW)
   if self.dW ~= 1 then s = s .. string.format(', %d', self.dW) end
   if self.bias then return s .. ')' end
   return s .. ') without bias'
end
