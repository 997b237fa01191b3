-- nn.VolumetricFullConvolution: transposed 3-D convolution, weight
-- nInputPlane x nOutputPlane x kT x kH x kW; output (i - 1) * d - 2 * pad + k + adj.
local S = require 'nn._spatial'
local M, parent = torch.class('nn.VolumetricFullConvolution', 'nn.Module')

function M:__init(nInputPlane, nOutputPlane, kT, kW, kH, dT, dW, dH, padT, padW, padH, adjT, adjW, adjH)
   parent.__init(self)
   self.nInputPlane = nInputPlane
   self.nOutputPlane = nOutputPlane
   self.kT, self.kW, self.kH = kT, kW, kH
   self.dT, self.dW, self.dH = dT or 1, dW or 1, dH or 1
   self.padT, self.padW, self.padH = padT or 0, padW or 0, padH or 0
   self.adjT, self.adjW, self.adjH = adjT or 0, adjW or 0, adjH or 0
   if self.adjW > self.dW - 1 or self.adjH > self.dH - 1 or self.adjT > self.dT - 1 then
      error('adjT, adjW and adjH must be smaller than self.dT - 1, self.dW - 1 and self.dH - 1 respectively')
   end
   self.weight = torch.Tensor(nInputPlane, nOutputPlane, kT, kH, kW)
   self.gradWeight = torch.Tensor(nInputPlane, nOutputPlane, kT, kH, kW)
   self.bias = torch.Tensor(nOutputPlane)
   self.gradBias = torch.Tensor(nOutputPlane)
   self.ones = torch.Tensor()
   self:reset()
end

function M:noBias() return S.noBias(self) end

function M:reset(stdv)
   S.conv_reset(self, stdv, self.kT, self.kW, self.kH, self.nInputPlane)
end

local function geometry(self, input)
   local batch = S.check_input(self, input, 3, self.nInputPlane)
   local d = input:dim()
   local iT, iH, iW = input:size(d - 2), input:size(d - 1), input:size(d)
   local oT = (iT - 1) * self.dT - 2 * self.padT + self.kT + self.adjT
   local oH = (iH - 1) * self.dH - 2 * self.padH + self.kH + self.adjH
   local oW = (iW - 1) * self.dW - 2 * self.padW + self.kW + self.adjW
   if oT < 1 or oH < 1 or oW < 1 then
      S.fail(self, 'Given input size: (%dx%dx%dx%d). Calculated output size: (%dx%dx%dx%d). Output size is too small',
         self.nInputPlane, iT, iH, iW, self.nOutputPlane, oT, oH, oW)
   end
   return batch, batch and input:size(1) or 1, oT, oH, oW
end

S.kernel_methods(M, 'vfull', {
   geometry = geometry,
   outdims = function(self, oT, oH, oW) return self.nOutputPlane, oT, oH, oW end,
   fargs = function(self)
      return self.dT, self.dW, self.dH, self.padT, self.padW, self.padH, self.adjT, self.adjW, self.adjH
   end,
   bargs = function(self) return self.dT, self.dW, self.dH, self.padT, self.padW, self.padH end,
   optbias = true,
})

-- {input, target} (torch7): the target's last three sizes fix adjT/adjW/adjH for this call, and
-- gradInput is {gradInput, zeros the size of the target}
local tensor_methods = {updateOutput = M.updateOutput, updateGradInput = M.updateGradInput,
   accGradParameters = M.accGradParameters}

local function calculateAdj(targetSize, ker, pad, stride)
   return (targetSize + 2 * pad - ker) % stride
end

local function with_target(self, name, input, ...)
   local target = input[2]
   S.tensor(self, target, 'target')
   local td = target:dim()
   if td < 3 then S.fail(self, 'target should have at least 3 dimensions (got %dD)', td) end
   local adjT, adjW, adjH = self.adjT, self.adjW, self.adjH
   self.adjT = calculateAdj(target:size(td - 2), self.kT, self.padT, self.dT)
   self.adjH = calculateAdj(target:size(td - 1), self.kH, self.padH, self.dH)
   self.adjW = calculateAdj(target:size(td), self.kW, self.padW, self.dW)
   local ok, res = pcall(tensor_methods[name], self, input[1], ...)
   self.adjT, self.adjW, self.adjH = adjT, adjW, adjH
   if not ok then error(res, 0) end
   return res
end

function M:updateOutput(input)
   if type(input) == 'table' then return with_target(self, 'updateOutput', input) end
   return tensor_methods.updateOutput(self, input)
end

function M:updateGradInput(input, gradOutput)
   if type(self.gradInput) == 'table' then self.gradInput = self.gradInput[1] end
   if type(input) ~= 'table' then return tensor_methods.updateGradInput(self, input, gradOutput) end
   local gi = with_target(self, 'updateGradInput', input, gradOutput)
   if gi then
      self._zeroTarget = self._zeroTarget or input[2].new()
      self._zeroTarget:resizeAs(input[2]):zero()
      self.gradInput = {gi, self._zeroTarget}
   end
   return self.gradInput
end

function M:accGradParameters(input, gradOutput, scale)
   if type(input) == 'table' then return with_target(self, 'accGradParameters', input, gradOutput, scale) end
   return tensor_methods.accGradParameters(self, input, gradOutput, scale)
end

function M:__tostring__()
   local s = S.vconv_tostring(self)
   if (self.adjT or self.adjW or self.adjH) and (self.adjT ~= 0 or self.adjW ~= 0 or self.adjH ~= 0) then
      s = s .. ', ' .. self.adjT .. ',' .. self.adjW .. ',' .. self.adjH
   end
   return s .. ')'
end
