-- nn.LookupTable: rows of weight (nIndex x nOutput) picked by integer indices
-- (a vector of n indices -> n x nOutput; a batch B x n -> B x n x nOutput).
local S = require 'nn._spatial'
local LookupTable, parent = torch.class('nn.LookupTable', 'nn.Module')

LookupTable.__version = 4

function LookupTable:__init(nIndex, nOutput, paddingValue, maxNorm, normType)
   parent.__init(self)
   self.weight = torch.Tensor(nIndex, nOutput)
   self.gradWeight = torch.Tensor(nIndex, nOutput):zero()
   self.paddingValue = paddingValue or 0
   self.maxNorm = maxNorm or nil
   self.normType = normType or nil
   self.shouldScaleGradByFreq = false
   self:reset()
end

function LookupTable:accUpdateOnly()
   self.gradWeight = nil
   return self
end

function LookupTable:setPadding(paddingValue)
   self.paddingValue = paddingValue
   return self
end

function LookupTable:setMaxNorm(maxNorm)
   self.maxNorm = maxNorm
   return self
end

function LookupTable:setNormType(normType)
   self.normType = normType
   return self
end

function LookupTable:scaleGradByFreq()
   self.shouldScaleGradByFreq = true
   return self
end

function LookupTable:reset(stdv)
   self.weight:normal(0, stdv or 1)
end

function LookupTable:parameters()
   return {self.weight}, {self.gradWeight}
end

local function check_indices(self, input)
   S.tensor(self, input)
   local d = input:dim()
   if d ~= 1 and d ~= 2 then
      S.fail(self, 'input must be a vector or matrix of indices, got %dD tensor of size %s', d, S.sz(input))
   end
   if input:nElement() > 0 then
      local lo, hi = input:min(), input:max()
      local n = self.weight:size(1)
      if lo < 1 or hi > n then
         S.fail(self, 'index out of range: indices must be in [1, %d], got %s', n,
            tostring(lo < 1 and lo or hi))
      end
   end
end

function LookupTable:renorm(input)
   if not self.maxNorm then return end
   S.K.lookup_renorm(S.np(self.weight), S.np(input), self.maxNorm, self.normType or 2)
end

function LookupTable:updateOutput(input)
   check_indices(self, input)
   self:renorm(input)
   local nOut = self.weight:size(2)
   if input:dim() == 1 then
      self.output:resize(input:size(1), nOut)
   else
      self.output:resize(input:size(1), input:size(2), nOut)
   end
   if input:nElement() > 0 then
      S.K.lookup_forward(S.np(self.weight), S.np(input), S.np(self.output))
   end
   return self.output
end

function LookupTable:updateGradInput(input, gradOutput)
   -- indices have no gradient: a zero tensor of input's type and size
   if torch.typename(self.gradInput) ~= torch.typename(input) then
      self.gradInput = input.new()
   end
   if not self.gradInput:isSameSizeAs(input) then
      self.gradInput:resizeAs(input):zero()
   end
   return self.gradInput
end

function LookupTable:accGradParameters(input, gradOutput, scale)
   check_indices(self, input)
   S.tensor(self, gradOutput, 'gradOutput')
   if gradOutput:nElement() ~= input:nElement() * self.weight:size(2) then
      S.fail(self, 'gradOutput should be of size %s, got %s', S.sz(self.output), S.sz(gradOutput))
   end
   if input:nElement() == 0 then return end
   S.K.lookup_acc(S.np(self.gradWeight), S.np(input), S.np(gradOutput), scale or 1,
      self.paddingValue or 0, self.shouldScaleGradByFreq or false)
end

function LookupTable:type(type, tensorCache)
   parent.type(self, type, tensorCache)
   return self
end

-- sharing parameters needs no accumulation of its own
LookupTable.sharedAccUpdateGradParameters = LookupTable.accUpdateGradParameters
