-- nn.ClassSimplexCriterion(nClasses): MSE between the input and the target class's vertex
-- of a regular simplex (embedded in nClasses dimensions)
local ClassSimplexCriterion, parent = torch.class('nn.ClassSimplexCriterion', 'nn.MSECriterion')

-- vertices of a regular simplex centred at the origin, unit norm: (n+1) x n
local function regsplex(n)
   local a = torch.zeros(n + 1, n)
   for k = 1, n do
      if k == 1 then a[k][k] = 1 end
      if k > 1 then a[k][k] = math.sqrt(1 - a[{{k}, {1, k - 1}}]:norm() ^ 2) end
      local c = (a[k][k] ^ 2 - 1 - 1 / n) / a[k][k]
      a[{{k + 1, n + 1}, {k}}]:fill(c)
   end
   return a
end

function ClassSimplexCriterion:__init(nClasses)
   parent.__init(self)
   assert(nClasses and nClasses > 1 and nClasses == (nClasses - (nClasses % 1)),
          "Required positive integer argument nClasses > 1")
   self.nClasses = nClasses
   local simp = regsplex(nClasses - 1)
   self.simplex = torch.cat(simp, torch.zeros(simp:size(1), nClasses - simp:size(2)), 2)
   self._target = torch.Tensor(nClasses)
end

local function transformTarget(self, target)
   local function row(c)
      if type(c) ~= 'number' or c < 1 or c > self.nClasses or c % 1 ~= 0 then
         error(string.format('nn.ClassSimplexCriterion: target %s is out of range: classes are 1 to %d',
            tostring(c), self.nClasses), 4)
      end
      return self.simplex[c]
   end
   if torch.type(target) == 'number' then
      self._target:resize(self.nClasses)
      self._target:copy(row(target))
   elseif torch.isTensor(target) then
      assert(target:dim() == 1, '1D tensors only!')
      local nSamples = target:size(1)
      self._target:resize(nSamples, self.nClasses)
      for i = 1, nSamples do
         self._target[i]:copy(row(target[i]))
      end
   end
end

function ClassSimplexCriterion:updateOutput(input, target)
   transformTarget(self, target)
   return parent.updateOutput(self, input, self._target)
end

function ClassSimplexCriterion:updateGradInput(input, target)
   transformTarget(self, target)
   return parent.updateGradInput(self, input, self._target)
end

function ClassSimplexCriterion:getPredictions(input)
   if input:dim() == 1 then
      input = input:view(1, -1)
   end
   return torch.mm(input, self.simplex:t())
end

function ClassSimplexCriterion:getTopPrediction(input)
   local prod = self:getPredictions(input)
   local _, maxs = prod:max(prod:nDimension())
   return maxs:view(-1)
end

return nn.ClassSimplexCriterion
