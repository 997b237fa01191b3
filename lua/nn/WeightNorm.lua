-- nn.WeightNorm(module[, outputDim = 1]): reparametrizes module.weight as
-- w = g * v / ||v|| per output unit (rows along outputDim, all other dimensions
-- flattened), with ||v|| = sqrt(sum v^2 + 1e-4) as torch7 computes it. The learnt
-- parameters are v, g (and the module's bias); the weight is rebuilt on every
-- training forward.
local WeightNorm, parent = torch.class('nn.WeightNorm', 'nn.Decorator')

function WeightNorm:__init(module, outputDim)
   parent.__init(self, module)
   if not module.weight then error('nn.WeightNorm: the wrapped module has no weight', 2) end
   if module.bias then
      self.bias = module.bias
      self.gradBias = module.gradBias
   end
   self.gradWeight = module.gradWeight
   self.weight = module.weight
   self.outputDim = outputDim or 1
   self.otherDims = 1
   for i = 1, self.weight:dim() do
      if i ~= self.outputDim then self.otherDims = self.otherDims * self.weight:size(i) end
   end
   self.viewIn = torch.LongStorage({self.weight:size(self.outputDim), self.otherDims})
   -- the weight's sizes with outputDim moved to the front
   self.viewOut = self.weight:size()
   for i = self.outputDim - 1, 1, -1 do
      self.viewOut[i], self.viewOut[i + 1] = self.viewOut[i + 1], self.viewOut[i]
   end
   self.v = torch.Tensor(self.viewIn[1], self.viewIn[2])
   self.g = torch.Tensor(self.viewIn[1])
   self._norm = torch.Tensor(self.viewIn[1])
   self._scale = torch.Tensor(self.viewIn[1])
   self.gradG = torch.Tensor(self.viewIn[1]):zero()
   self.gradV = torch.Tensor(self.viewIn[1], self.viewIn[2]):zero()
   self:resetInit()
end

-- outputDim moved to the front (and back)
function WeightNorm:permuteIn(t)
   local ans = t
   for i = self.outputDim - 1, 1, -1 do ans = ans:transpose(i, i + 1) end
   return ans
end

function WeightNorm:permuteOut(t)
   local ans = t
   for i = 1, self.outputDim - 1 do ans = ans:transpose(i, i + 1) end
   return ans
end

function WeightNorm:resetInit()
   self.v:normal(0, math.sqrt(2 / self.viewIn[2]))
   self.g:copy(torch.cmul(self.v, self.v):sum(2):view(self.viewIn[1])):sqrt()
   if self.bias then self.bias:zero() end
end

function WeightNorm:parameters()
   if self.bias then
      return {self.v, self.g, self.bias}, {self.gradV, self.gradG, self.gradBias}
   end
   return {self.v, self.g}, {self.gradV, self.gradG}
end

function WeightNorm:evaluate()
   if self.train ~= false then
      self:updateWeight()
      parent.evaluate(self)
   end
end

local function rowsum(t) return t:sum(2):view(t:size(1)) end

function WeightNorm:updateWeight()
   local n, m = self.viewIn[1], self.viewIn[2]
   self._norm:copy(rowsum(torch.cmul(self.v, self.v))):add(10e-5):sqrt()
   self._scale:copy(self.g):cdiv(self._norm)
   local w2 = torch.cmul(self.v, self._scale:view(n, 1):expand(n, m))
   self.weight:copy(self:permuteOut(w2:view(self.viewOut)))
end

function WeightNorm:updateOutput(input)
   if self.train ~= false then self:updateWeight() end
   self.output:set(self.modules[1]:updateOutput(input))
   return self.output
end

function WeightNorm:updateGradInput(input, gradOutput)
   self.gradInput:set(self.modules[1]:updateGradInput(input, gradOutput))
   return self.gradInput
end

function WeightNorm:accGradParameters(input, gradOutput, scale)
   scale = scale or 1
   local n, m = self.viewIn[1], self.viewIn[2]
   -- this call's weight gradient, kept apart from what the module accumulated before
   local gw = self.modules[1].gradWeight
   local before = gw:clone()
   gw:zero()
   self.modules[1]:accGradParameters(input, gradOutput, scale)
   local G = self:permuteIn(gw):contiguous():view(n, m)
   gw:add(before)
   local norm = self._norm:view(n, 1):expand(n, m)
   local vhat = torch.cdiv(self.v, norm)
   local dg = rowsum(torch.cmul(G, vhat))
   self.gradG:add(dg)
   -- d/dv of g v/||v||: (g/||v||) (G - vhat (G . vhat))
   local dv = (G - torch.cmul(vhat, dg:view(n, 1):expand(n, m))):cmul(self._scale:view(n, 1):expand(n, m))
   self.gradV:add(dv)
end

function WeightNorm:accUpdateGradParameters(input, gradOutput, lr)
   local gv, gg = self.gradV:clone(), self.gradG:clone()
   local gb = self.gradBias and self.gradBias:clone()
   self:zeroGradParameters()
   self:accGradParameters(input, gradOutput, 1)
   self:updateParameters(lr)
   self.gradV:copy(gv); self.gradG:copy(gg)
   if gb then self.gradBias:copy(gb) end
end

function WeightNorm:updateParameters(lr)
   parent.updateParameters(self, lr)
end

function WeightNorm:zeroGradParameters()
   self.gradV:zero()
   self.gradG:zero()
   if self.gradBias then self.gradBias:zero() end
   self.modules[1]:zeroGradParameters()
end

-- Module's parameter-based updates (Decorator is a Container: restore Module's)
WeightNorm.updateParameters = function(self, lr)
   local p, g = self:parameters()
   for i = 1, #p do p[i]:add(-lr, g[i]) end
end

return WeightNorm
