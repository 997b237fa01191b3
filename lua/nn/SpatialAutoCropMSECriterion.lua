-- nn.SpatialAutoCropMSECriterion(sizeAverage): MSECriterion between an input and the
-- centre crop of a target of equal or larger spatial size (3-D or 4-D).
local S = require 'nn._spatial'
local M, parent = torch.class('nn.SpatialAutoCropMSECriterion', 'nn.MSECriterion')

function M:__init(sizeAverage)
   parent.__init(self, sizeAverage)
end

local function hw(t)
   local d = t:dim()
   return t:size(d - 1), t:size(d)
end

local function cropped_target(self, input, target)
   S.tensor(self, input)
   S.tensor(self, target, 'target')
   if input:dim() ~= target:dim() then
      S.fail(self, 'input and target should have the same number of dimensions (input %s, target %s)',
         S.sz(input), S.sz(target))
   end
   if input:dim() ~= 3 and input:dim() ~= 4 then
      S.fail(self, 'input and target must have 3 or 4 dimensions, got %s', S.sz(input))
   end
   local iH, iW = hw(input)
   local tH, tW = hw(target)
   if iH > tH or iW > tW then
      S.fail(self, 'Spatial resolution of input should be less than or equal to the spatial resolution of the target (input %s, target %s)',
         S.sz(input), S.sz(target))
   end
   local r0 = 1 + math.floor((tH - iH) / 2)
   local c0 = 1 + math.floor((tW - iW) / 2)
   local d = target:dim()
   return target:narrow(d - 1, r0, iH):narrow(d, c0, iW)
end

function M:updateOutput(input, target)
   return parent.updateOutput(self, input, cropped_target(self, input, target))
end

-- (torch7 passes the uncropped target on here; cropping it is what its forward does)
function M:updateGradInput(input, target)
   return parent.updateGradInput(self, input, cropped_target(self, input, target))
end
